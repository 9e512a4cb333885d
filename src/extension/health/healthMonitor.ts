import * as vscode from 'vscode';
import type { HealthCheck } from '../../core/health/check';
import { recordSamples, sampleOf } from '../../core/health/history';
import { openIncident } from '../../core/health/incidents';
import { NEW_WATCH, observe, snooze, type HealthAlert, type WatchState } from '../../core/health/monitor';
import { chooseRunbook } from '../../core/health/runbooks';
import type { Client } from '../../core/workspace/loadWorkspace';
import { apiKeyFor } from '../commands/apiKey';
import { config } from '../config';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';

/** A notification as shown, and the way to answer it as its buttons do (the integration tests use it). */
export interface ShownAlert {
  clientId: string;
  level: 'error' | 'warning';
  message: string;
  actions: string[];
  choose(action: string): Promise<void>;
}

export const SNOOZE_ACTION = 'Snooze 1 h';
const SNOOZE_MS = 60 * 60_000;
const MARK = { up: '$(pass)', degraded: '$(warning)', down: '$(error)' } as const;

/**
 * Scheduled health checks while a trusted workspace is open: the first `upkeep.health.
 * firstCheckSeconds` after activation (activation only sets the timer), then every
 * `upkeep.health.intervalMinutes` (0 = off). Each check is appended to the client's health
 * files; a transition to down or degraded raises one notification (core/health/monitor.ts
 * decides), with the runbook that covers the failure, an incident and a snooze.
 */
export class HealthMonitor implements vscode.Disposable {
  /** Every alert shown, oldest first. */
  readonly alerts: ShownAlert[] = [];
  /** The newest check of each client, by id. */
  readonly latest = new Map<string, HealthCheck>();
  /** Checks made since activation. */
  checksRun = 0;
  /** When the next scheduled round is due (ms since the epoch); undefined when none is. */
  nextCheckAt?: number;
  private readonly states = new Map<string, WatchState>();
  private readonly item = vscode.window.createStatusBarItem('upkeep.health', vscode.StatusBarAlignment.Left, 40);
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer?: NodeJS.Timeout;
  private round?: Promise<HealthCheck[]>;
  private readonly disposables: vscode.Disposable[] = [this.item, this.changed];

  constructor(private readonly ctx: Ctx) {
    this.item.name = 'Upkeep health';
    this.item.command = 'upkeep.showHealth';
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('upkeep.health') && this.schedule()),
    );
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.nextCheckAt = undefined;
    const every = config.healthIntervalMinutes;
    if (!vscode.workspace.isTrusted || !(every > 0)) return;
    const delay = this.checksRun === 0 ? config.healthFirstCheckSeconds * 1000 : every * 60_000;
    this.nextCheckAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      void this.checkNow()
        .catch((e: Error) => log().warn(`Scheduled health check failed: ${e.stack ?? e.message}`))
        .finally(() => this.schedule());
    }, delay);
  }

  /** Checks every client now (one round at a time); nothing in Restricted Mode. */
  checkNow(): Promise<HealthCheck[]> {
    if (!vscode.workspace.isTrusted) return Promise.resolve([]);
    this.round ??= this.checkAll().finally(() => (this.round = undefined));
    return this.round;
  }

  private async checkAll(): Promise<HealthCheck[]> {
    const model = await this.ctx.ready();
    const clients = model.clients.filter((c) => c.manifest);
    const checks = await Promise.all(clients.map(async (client) => this.checkClient(client)));
    this.updateStatusBar();
    this.changed.fire();
    return checks;
  }

  private async checkClient(client: Client): Promise<HealthCheck> {
    const check = await loadRunner().checkClientHealth(client, { apiKey: await apiKeyFor(this.ctx, client) });
    this.checksRun++;
    this.latest.set(client.id, check);
    // At once, not when the round ends: a hung server elsewhere must not hold back a client's ✗.
    this.updateStatusBar();
    await recordSamples(client.dir, [sampleOf(check, config.healthIntervalMinutes)]).catch((e: Error) => log().warn(`Health history of ${client.name} not written: ${e.message}`));
    log()[check.status === 'up' ? 'info' : 'warn'](`Health of ${client.name}: ${check.status}. ${check.summary}`);
    const seen = observe(this.states.get(client.id) ?? NEW_WATCH, check);
    this.states.set(client.id, seen.state);
    if (seen.alert) this.alert(client, seen.alert);
    return check;
  }

  private alert(client: Client, alert: HealthAlert): void {
    const shown = this.offer(client, alert.check, alert.message);
    this.alerts.push(shown);
  }

  /** Shows the notification for a check, with its actions, and returns it. */
  offer(client: Client, check: HealthCheck, message = `${client.name} is ${check.status}: ${check.summary}`): ShownAlert {
    const runbook = chooseRunbook(client.runbooks, check.problems[0]?.kind ?? 'model-down');
    const actions = [...(runbook ? ['Open Runbook'] : []), 'Open Incident', SNOOZE_ACTION];
    const level = check.status === 'down' ? 'error' : 'warning';
    const shown: ShownAlert = {
      clientId: client.id,
      level,
      message,
      actions,
      choose: async (action) => {
        if (action === 'Open Runbook' && runbook) await vscode.window.showTextDocument(vscode.Uri.file(runbook.file));
        if (action === 'Open Incident') await this.openIncidentFor(client, check);
        if (action === SNOOZE_ACTION) this.snooze(client.id, new Date(Date.now() + SNOOZE_MS));
      },
    };
    // Error level for down, so Do Not Disturb still shows it.
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(`Upkeep: ${message}`, ...actions).then((choice) => (choice ? shown.choose(choice) : undefined));
    return shown;
  }

  snooze(clientId: string, until: Date): void {
    this.states.set(clientId, snooze(this.states.get(clientId) ?? NEW_WATCH, until.toISOString()));
  }

  private async openIncidentFor(client: Client, check: HealthCheck): Promise<void> {
    const file = await openIncident(client.dir, {
      title: `${check.status === 'down' ? 'Down' : 'Degraded'}: ${check.model} at ${check.host}`,
      severity: check.status === 'down' ? 'critical' : 'medium',
      opened: check.at,
      cause: check.problems[0]?.kind,
      summary: check.summary,
    });
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  }

  /** Clients whose newest check is not up. */
  needingAttention(): HealthCheck[] {
    return [...this.latest.values()].filter((c) => c.status !== 'up');
  }

  private updateStatusBar(): void {
    const checks = [...this.latest.values()];
    const count = (s: HealthCheck['status']) => checks.filter((c) => c.status === s).length;
    const parts = (['up', 'degraded', 'down'] as const).filter((s) => s === 'up' || count(s) > 0).map((s) => `${MARK[s]} ${count(s)}`);
    this.item.text = parts.join(' · ');
    const bad = this.needingAttention();
    this.item.tooltip = bad.length ? bad.map((c) => `${c.clientName}: ${c.status} — ${c.summary}`).join('\n') : `Every client is up (checked ${new Date().toLocaleTimeString()}).`;
    this.item.backgroundColor = count('down') ? new vscode.ThemeColor('statusBarItem.errorBackground') : count('degraded') ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `Upkeep health: ${count('up')} up, ${count('degraded')} degraded, ${count('down')} down` };
    this.item.show();
  }

  /** What the status bar says, for tests and the show-health command. */
  get statusText(): string | undefined {
    return this.checksRun ? this.item.text : undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
