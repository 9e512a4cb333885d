import { latestFindings } from '../../core/review/findings';
import { findingsLines } from '../../core/review/findingsWording';
import * as path from 'path';
import * as vscode from 'vscode';
import { localDate } from '../../core/format/dates';
import { healthMonth } from '../../core/health/month';
import { operationsSentences } from '../../core/health/wording';
import { listReportMonths } from '../../core/report/reportFiles';
import type { Client } from '../../core/workspace/loadWorkspace';
import { dashboardProtocol, type ClientRef, type DashboardProtocol, type DashboardView, type LogHoursParams, type LogHoursResult, type OverviewRowView } from '../../protocol/dashboard';
import type { Handlers } from '../../protocol/rpc';
import { logClientHours } from '../commands/logHours';
import type { Ctx } from '../ctx';
import type { HistoryService } from '../history';
import { log } from '../log';
import { WebviewHost } from '../webview/webviewHost';
import { dashboardView, overviewView } from './view';

/** What the panel shows: one client, or every client in a row. */
export type DashboardMode = { kind: 'client'; clientId: string } | { kind: 'overview' };

/** A message the panel sends its view. */
export type DashboardMessage =
  | { method: 'showClient'; params: { dashboard: DashboardView; clients: ClientRef[] } }
  | { method: 'showOverview'; params: { rows: OverviewRowView[]; clients: ClientRef[]; now: string } };

/**
 * The dashboard webview (webview-ui/src/dashboard): one panel, showing one client's history or
 * the all-clients overview. Its data comes from the history index (HistoryService) and is sent
 * again whenever the index syncs (a run file or change-log entry appeared, changed or went), when
 * the view loads again after being hidden, and right after the form logs hours.
 */
export class DashboardPanel extends WebviewHost<DashboardProtocol> {
  private mode: DashboardMode | undefined;
  /** The newest data computed for the current mode; sent on `ready`. */
  private message: DashboardMessage | undefined;
  private generation = 0;
  /** Per client id, the log-hours requests being answered. */
  private readonly loggingHours = new Map<string, number>();
  /** The last message actually posted to the view (for the integration tests). */
  lastPosted: DashboardMessage | undefined;
  /** How many messages were posted to the view since the extension started (for tests). */
  postedCount = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly ctx: Ctx,
    private readonly history: HistoryService,
  ) {
    super(extensionUri, dashboardProtocol, { viewType: 'upkeep.dashboard', script: 'dashboard', styles: ['webview-base.css', 'webview-dashboard.css'], label: 'Dashboard' });
  }

  /** What the panel shows, while it is open. */
  get current(): DashboardMode | undefined {
    return this.isOpen ? this.mode : undefined;
  }

  /** The client dashboard last computed, while the panel shows a client. */
  get shownDashboard(): DashboardView | undefined {
    return this.isOpen && this.message?.method === 'showClient' ? this.message.params.dashboard : undefined;
  }

  /** Opens (or reveals) the panel on one client's dashboard; resolves with the data sent. */
  async showClient(clientId: string): Promise<DashboardView> {
    const client = this.ctx.client(clientId);
    if (!client) throw new Error(`There is no client '${clientId}' in this workspace.`);
    this.setMode({ kind: 'client', clientId: client.id });
    this.open(`Dashboard: ${client.name}`);
    const computed = await this.refresh();
    if (computed?.method !== 'showClient') throw new Error(`The dashboard of ${client.name} could not be computed (see the Upkeep log).`);
    return computed.params.dashboard;
  }

  /** Opens (or reveals) the panel on the all-clients overview. */
  async showOverview(): Promise<OverviewRowView[]> {
    this.setMode({ kind: 'overview' });
    this.open('Dashboard: All clients');
    const computed = await this.refresh();
    return computed?.method === 'showOverview' ? computed.params.rows : [];
  }

  /**
   * Computes the shown data again and sends it (a no-op while the panel is closed). Resolves with
   * what it computed, which is not sent when a newer refresh started meanwhile (that one sends).
   */
  async refresh(): Promise<DashboardMessage | undefined> {
    if (!this.mode || !this.isOpen) return undefined;
    if (this.mode.kind === 'client' && !this.ctx.client(this.mode.clientId)) {
      // The client's folder went away: every client instead.
      void vscode.window.showInformationMessage(`The client '${this.mode.clientId}' is no longer in the workspace; the dashboard shows all clients.`);
      this.setMode({ kind: 'overview' });
      if (this.visible) this.open('Dashboard: All clients', true);
    }
    const mode = this.mode;
    const generation = ++this.generation;
    let message: DashboardMessage;
    try {
      message = await this.compute(mode);
    } catch (e) {
      log().error(`Dashboard: could not compute the data: ${(e as Error).message}`);
      return undefined;
    }
    // A newer refresh (or another client) superseded this one while it computed; or hours are
    // being logged, and their answer brings the new data itself: the view must not show the new
    // hours while its form still says "Logging…".
    if (generation !== this.generation || this.mode !== mode || (mode.kind === 'client' && this.loggingHours.has(mode.clientId))) return message;
    this.message = message;
    this.send();
    return message;
  }

  protected override onReady(): void {
    if (this.message) this.send();
    else void this.refresh();
  }

  protected override onPanelClosed(): void {
    this.mode = undefined;
    this.message = undefined;
  }

  private setMode(mode: DashboardMode): void {
    const same = this.mode?.kind === mode.kind && (mode.kind === 'overview' || (this.mode?.kind === 'client' && this.mode.clientId === mode.clientId));
    if (same) return;
    this.mode = mode;
    this.message = undefined;
  }

  private send(): void {
    const m = this.message;
    if (!m) return;
    const sent = m.method === 'showClient' ? this.notify('showClient', m.params) : this.notify('showOverview', m.params);
    if (sent) {
      this.lastPosted = m;
      this.postedCount++;
    }
  }

  private async compute(mode: DashboardMode): Promise<DashboardMessage> {
    if (mode.kind === 'client') {
      const client = this.ctx.client(mode.clientId);
      if (!client) throw new Error(`there is no client '${mode.clientId}'`);
      return this.clientMessage(client);
    }
    if (this.ctx.workspace.clients.some((c) => !this.history.row(c.id))) await this.history.sync();
    const rows = this.ctx.workspace.clients.map((c) => this.history.row(c.id)).filter((r) => r !== undefined);
    return { method: 'showOverview', params: { rows: overviewView(rows), clients: this.clientRefs(), now: new Date().toISOString() } };
  }

  private async clientMessage(client: Client): Promise<Extract<DashboardMessage, { method: 'showClient' }>> {
    const [d, reportMonths, findings] = await Promise.all([this.history.dashboard(client), listReportMonths(client.dir), latestFindings(client.dir)]);
    const review = findings && { month: findings.month, lines: findingsLines(findings) };
    const operations = await healthMonth(client, d.month, new Date(d.now));
    const words = operations.monitored ? operationsSentences(operations) : undefined;
    const cards = { ...(review ? { review } : {}), ...(words ? { operations: { month: d.month, lines: [words.uptime, words.incidents] } } : {}) };
    return { method: 'showClient', params: { dashboard: dashboardView(d, localDate(new Date(d.now)), reportMonths, cards), clients: this.clientRefs() } };
  }

  private clientRefs(): ClientRef[] {
    return this.ctx.workspace.clients.map((c) => ({ id: c.id, name: c.name, broken: !c.manifest }));
  }

  // -------------------------------------------------------------------------------------------
  // What the view asks for

  protected handlers(): Handlers<DashboardProtocol['toHost']> {
    return {
      ready: () => {},
      selectClient: async ({ clientId }) => {
        await this.showClient(clientId);
      },
      showOverview: async () => {
        await this.showOverview();
      },
      openRun: async ({ runId }) => {
        await vscode.commands.executeCommand('upkeep.showResults', this.runFile(this.shownClient(), runId));
      },
      runSet: ({ evalSetId }) => {
        const client = this.shownClient();
        const set = client.evalSets.find((s) => s.id === evalSetId);
        if (!set) throw new Error(`${client.name} has no eval set '${evalSetId}'`);
        // The run reports its own progress and outcome; the dashboard updates when its record lands.
        void Promise.resolve(vscode.commands.executeCommand('upkeep.runEvalSet', set.file)).catch((e) => log().error(`Dashboard: running ${set.name} failed: ${(e as Error).message}`));
      },
      compareRuns: async ({ baseRunId, headRunId }) => {
        const client = this.shownClient();
        await vscode.commands.executeCommand('upkeep.compareRuns', this.runFile(client, baseRunId), this.runFile(client, headRunId));
      },
      generateReport: async ({ month }) => {
        // The files it writes reload the workspace, and the dashboard then drops the action.
        await vscode.commands.executeCommand('upkeep.generateReport', this.shownClient().id, month);
      },
      openChangelog: async ({ line }) => {
        const client = this.shownClient();
        const file = client.changelog?.file ?? (client.manifest && path.join(client.dir, client.manifest.changelog));
        if (!file) throw new Error(`${client.name} has no change log`);
        const at = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true, selection: new vscode.Range(at, at) });
      },
      logHours: (params) => this.logHours(params),
      reportError: ({ message }) => log().warn(`Dashboard view: ${message}`),
    };
  }

  /**
   * The form's entry, logged as "Upkeep: Log Hours" logs it (logClientHours), and the dashboard
   * sent again before the form is answered, so the markers and the hours bar change with its
   * confirmation.
   */
  async logHours(p: LogHoursParams): Promise<LogHoursResult> {
    const client = this.ctx.client(p.clientId);
    if (!client) return { ok: false, error: `There is no client '${p.clientId}' in this workspace.` };
    const { clientId: _clientId, ...input } = p;
    this.loggingHours.set(client.id, (this.loggingHours.get(client.id) ?? 0) + 1);
    try {
      const result = await logClientHours(this.ctx, client, input);
      if (!result.ok) return result.field ? { ok: false, error: result.error, field: result.field } : { ok: false, error: result.error };
      const fresh = await this.clientMessage(this.ctx.client(client.id) ?? client);
      if (this.isOpen && this.mode?.kind === 'client' && this.mode.clientId === client.id) {
        this.generation++; // a refresh that started before the entry was written must not overwrite this
        this.message = fresh;
        this.send();
      }
      const { date, category, hours, title } = result.entry;
      return { ok: true, message: result.message, entry: { date, category, hours, title } };
    } finally {
      const left = this.loggingHours.get(client.id)! - 1;
      if (left) this.loggingHours.set(client.id, left);
      else this.loggingHours.delete(client.id);
    }
  }

  private shownClient(): Client {
    const mode = this.current;
    const client = mode?.kind === 'client' ? this.ctx.client(mode.clientId) : undefined;
    if (!client) throw new Error('the dashboard does not show a client');
    return client;
  }

  /** A run of the client by id: one of its run files, never a path the view made up. */
  private runFile(client: Client, runId: string): string {
    const file = client.runFiles.find((f) => path.basename(f, '.json') === runId);
    if (!file) throw new Error(`${runId} is not a run of ${client.name}`);
    return file;
  }
}
