import * as vscode from 'vscode';
import type { ClientDashboard, OverviewRow } from '../core/history';
import type { HistoryIndex } from '../core/history/historyIndex';
import type { GeneratedReport } from '../core/report/generate';
import { unreadableRunProblem } from '../core/store/readRuns';
import type { Client } from '../core/workspace/loadWorkspace';
import type { Problem } from '../core/workspace/problems';
import type { Ctx } from './ctx';
import type { RunSummaryItem } from '../core/store/runLookup';
import { loadHistory } from './lazy';
import { log } from './log';

/**
 * The history index kept in step with the workspace: opened in the extension's workspace storage
 * after the first workspace load (never during activation), synced after every reload (only new
 * or changed files are read), and saved. Views read the overview and dashboards from it.
 */
export class HistoryService implements vscode.Disposable {
  private index?: Promise<HistoryIndex>;
  private rows = new Map<string, OverviewRow>();
  /** Run records the index could not read, as Problems (the Problems panel shows them beside the workspace's). */
  unreadableRuns: Problem[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after each sync: the overview and dashboards may have changed. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly ctx: Ctx,
    private readonly now: () => Date = () => new Date(),
  ) {
    ctx.disposables.push(this.updated, ctx.onDidChange(() => void this.sync()));
  }

  /** The all-clients overview row of a client, once the index has synced. */
  row(clientId: string): OverviewRow | undefined {
    return this.rows.get(clientId);
  }

  overview(): OverviewRow[] {
    return [...this.rows.values()];
  }

  /** Everything the dashboard shows for one client, from the synced index. */
  async dashboard(client: Client): Promise<ClientDashboard> {
    await this.syncing;
    const { clientDashboard, readBaselines } = loadHistory();
    const baselines = await baselineRunIds(readBaselines, client);
    return clientDashboard(await this.open(), client, this.now(), { baselines });
  }

  /**
   * The newest runs of a client (of one set when given), newest first, from the index: the pickers
   * list a year of runs without reading a record.
   */
  async listRuns(clientDir: string, evalSetId?: string, limit = 200): Promise<RunSummaryItem[]> {
    await this.syncing;
    const index = await this.open();
    const client = this.ctx.workspace.clients.find((c) => c.dir === clientDir);
    return index
      .runs({ dir: clientDir }, { evalSetId, limit })
      .reverse()
      .map((r) => ({
        file: r.file,
        id: r.runId,
        clientDir,
        evalSet: { id: r.evalSetId, name: r.evalSetName },
        client: { id: r.clientId, name: client?.name ?? r.clientId },
        startedAt: r.startedAt,
        status: r.status,
        partial: r.partial,
        purpose: r.purpose,
        errored: r.errored,
        model: r.modelName,
        digest: r.modelDigest,
        score: r.score,
        passed: r.passed,
        total: r.total,
      }));
  }

  /**
   * Writes a client's monthly report (Markdown, HTML, PDF in `<client>/reports/`) from the synced
   * index, through the same core function `upkeep report` uses: the engineer's notes are kept.
   */
  async generateReport(client: Client, month: string): Promise<GeneratedReport> {
    await this.syncing;
    return loadHistory().generateReport(await this.open(), client, month);
  }

  /** Syncs after the current sync, so the last workspace state always wins; resolves when done. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((e) => log().error(`History index: ${(e as Error).message}`));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    const index = await this.open();
    const clients = this.ctx.workspace.clients;
    const stats = await index.sync(clients);
    await index.save();
    if (stats.rebuilt) log().info(`History index rebuilt (${stats.rebuilt.reason}: ${stats.rebuilt.detail}).`);
    if (stats.read) log().info(`History index: ${stats.read} files read in ${Math.round(stats.ms)} ms.`);
    const { clientsOverview, readBaselines } = loadHistory();
    const baselines = new Map(await Promise.all(clients.map(async (c) => [c.id, await baselineRunIds(readBaselines, c)] as const)));
    const rows = clientsOverview(index, clients, this.now(), { baselines: (c) => baselines.get(c.id) });
    this.rows = new Map(rows.map((r) => [r.clientId, r]));
    const runFiles = new Set(clients.flatMap((c) => c.runFiles));
    this.unreadableRuns = index.failures().filter((f) => runFiles.has(f.file)).map((f) => unreadableRunProblem(f.file, f.message));
    this.updated.fire();
  }

  private open(): Promise<HistoryIndex> {
    if (!this.index) {
      const { HistoryIndex, findSqlWasm } = loadHistory();
      const storage = this.ctx.extension.storageUri;
      const file = storage ? vscode.Uri.joinPath(storage, 'history.sqlite').fsPath : undefined;
      this.index = (async () => {
        if (storage) await vscode.workspace.fs.createDirectory(storage);
        return HistoryIndex.open({ file, wasmPath: findSqlWasm(__dirname) });
      })();
    }
    return this.index;
  }

  dispose(): void {
    void this.index?.then((i) => i.close());
  }
}

async function baselineRunIds(read: typeof import('../core/store/baselines').readBaselines, client: Client): Promise<Record<string, string>> {
  const { baselines } = await read(client.dir);
  return Object.fromEntries(Object.entries(baselines).map(([setId, pin]) => [setId, pin.runId]));
}
