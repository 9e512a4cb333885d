import * as path from 'path';
import * as vscode from 'vscode';
import { latestRunsBySet, type SetRuns } from '../core/store/latestRuns';
import { loadWorkspace, type Client, type WorkspaceModel } from '../core/workspace/loadWorkspace';

const RELOAD_DELAY_MS = 250;

/**
 * The extension's state: the loaded workspace model and the event views listen to. Commands are
 * factories taking a Ctx, so they share one model and one reload path.
 */
export class Ctx implements vscode.Disposable {
  private current: WorkspaceModel = { clients: [], problems: [] };
  /** Per client id, per eval set id: its last two runs, for scores and trends. */
  private runs = new Map<string, Map<string, SetRuns>>();
  private loaded = false;
  private pending?: Promise<WorkspaceModel>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<WorkspaceModel>();
  readonly onDidChange = this.changed.event;
  readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(readonly extension: vscode.ExtensionContext) {}

  get workspace(): WorkspaceModel {
    return this.current;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The model once the first load is done. */
  async ready(): Promise<WorkspaceModel> {
    return this.loaded ? this.current : this.reload();
  }

  /** Loads now. Reloads asked for while one runs are coalesced into one more, so the last state always wins. */
  reload(): Promise<WorkspaceModel> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      try {
        // Every await stays inside the loop: a reload asked for while this one finishes must
        // either be seen by the loop's check or find `pending` cleared and start its own.
        do {
          this.again = false;
          // The previous model gives a set that stops loading its last known cases.
          const model = await loadWorkspace(roots(), { previous: this.loaded ? this.current : undefined });
          const runs = await Promise.all(model.clients.map(async (c) => [c.id, await latestRunsBySet(c.runFiles, c.evalSets)] as const));
          this.current = model;
          this.runs = new Map(runs);
          this.loaded = true;
          // Sent together, one round trip to the workbench instead of four (while it is still
          // starting, each was a noticeable part of the wait for the tree), and before the change
          // fires, so whatever the change shows finds its `when` clauses true.
          await Promise.all([
            vscode.commands.executeCommand('setContext', 'upkeep.hasClients', model.clients.length > 0),
            vscode.commands.executeCommand('setContext', 'upkeep.loaded', true),
            // For keybindings' `when` clauses (`resourcePath in upkeep.evalFiles`): the keys act on
            // Upkeep's own files only, never on another project's evals/ folder.
            vscode.commands.executeCommand('setContext', 'upkeep.evalFiles', model.clients.flatMap((c) => c.evalSets.map((s) => s.file))),
            vscode.commands.executeCommand('setContext', 'upkeep.clientFiles', model.clients.flatMap(clientFiles)),
          ]);
          this.changed.fire(model);
        } while (this.again);
        return this.current;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /** Debounced reload, for file watchers: a save of many files reloads once. */
  scheduleReload(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), RELOAD_DELAY_MS);
  }

  setRuns(client: Client, setId: string): SetRuns {
    return this.runs.get(client.id)?.get(setId) ?? {};
  }

  client(id: string): Client | undefined {
    return this.current.clients.find((c) => c.id === id || c.dir === id);
  }

  /**
   * The client of a run or comparison record: the one whose folder holds its file, since the id
   * it was written under may be an older one (written by the CLI before it shared VS Code's id
   * rule, or before the client became a repository of its own); else the one of that id.
   */
  clientOfRecord(file: string, id: string): Client | undefined {
    return this.clientOwning(file) ?? this.client(id);
  }

  /** The client whose folder holds `file` (the innermost, should client folders nest). */
  clientOwning(file: string): Client | undefined {
    const inside = this.current.clients.filter((c) => {
      const rel = path.relative(c.dir, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
    return inside.sort((a, b) => b.dir.length - a.dir.length)[0];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The files of a client that a person edits: what the dashboard's keybinding acts on. */
function clientFiles(c: Client): string[] {
  const files = [c.manifestFile, c.systemPromptFile, c.changelog?.file, ...c.evalSets.map((s) => s.file), ...c.brokenEvalSets.map((s) => s.file), ...c.runbooks.map((r) => r.file)];
  return files.filter((f): f is string => !!f);
}

/** Local folders of the workspace; virtual file systems are not walked. */
export function roots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' || f.uri.scheme === 'vscode-remote').map((f) => f.uri.fsPath);
}
