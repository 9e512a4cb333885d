import * as path from 'path';
import * as vscode from 'vscode';
import { hoursForMonth } from '../core/analysis/hours';
import { monthOf } from '../core/workspace/changelog';
import { describeStoppedRun, runFacts } from '../core/history/runsThatCount';
import { breachMessage, runFigures } from '../core/analysis/figures';
import { breaches } from '../core/analysis/series';
import { trendArrow } from '../core/store/latestRuns';
import { monthLabel } from '../core/report/calendar';
import { listReportMonths, reportPath, reportsDir } from '../core/report/reportFiles';
import type { EvalSet } from '../core/workspace/evalSet';
import type { BrokenEvalSet, Client, Runbook } from '../core/workspace/loadWorkspace';
import type { Ctx } from './ctx';
import type { HistoryService } from './history';
import type { HealthMonitor } from './health/healthMonitor';
import { dateTime } from '../core/format/dates';

export type TreeNode =
  | { kind: 'client'; client: Client }
  | { kind: 'model'; client: Client }
  | { kind: 'systemPrompt'; client: Client }
  | { kind: 'evalSets'; client: Client }
  | { kind: 'evalSet'; client: Client; set: EvalSet }
  | { kind: 'brokenEvalSet'; client: Client; broken: BrokenEvalSet }
  | { kind: 'runbooks'; client: Client }
  | { kind: 'runbook'; client: Client; runbook: Runbook }
  | { kind: 'changelog'; client: Client }
  | { kind: 'runs'; client: Client }
  /** Its `reports/YYYY-MM.md` months, newest first, read when the client is expanded. */
  | { kind: 'reports'; client: Client; months: string[] }
  | { kind: 'report'; client: Client; month: string }
  | { kind: 'run'; client: Client; file: string };

const HEALTH_ICON = {
  degraded: () => new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  down: () => new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

/** The "Clients" tree: each client and what its folder holds. */
export class ClientsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly ctx: Ctx,
    private readonly history?: HistoryService,
    private readonly now: () => Date = () => new Date(),
  ) {
    ctx.disposables.push(this.changed, ctx.onDidChange(() => this.changed.fire(undefined)));
    if (history) ctx.disposables.push(history.onDidUpdate(() => this.changed.fire(undefined)));
  }

  private health?: HealthMonitor;

  /** Client icons and tooltips follow the scheduled health checks. */
  showHealth(health: HealthMonitor): void {
    this.health = health;
    this.ctx.disposables.push(health.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const model = await this.ctx.ready();
      return model.clients.map((client) => ({ kind: 'client', client }));
    }
    const { client } = node;
    switch (node.kind) {
      case 'client':
        if (!client.manifest) return [];
        return [
          { kind: 'model', client },
          { kind: 'systemPrompt', client },
          { kind: 'evalSets', client },
          { kind: 'runbooks', client },
          { kind: 'changelog', client },
          { kind: 'runs', client },
          { kind: 'reports', client, months: await listReportMonths(client.dir) },
        ];
      case 'evalSets': {
        const sets: TreeNode[] = client.evalSets.map((set) => ({ kind: 'evalSet', client, set }));
        const broken: TreeNode[] = client.brokenEvalSets.map((b) => ({ kind: 'brokenEvalSet', client, broken: b }));
        return [...sets, ...broken].sort((a, b) => setIdOf(a).localeCompare(setIdOf(b)));
      }
      case 'runbooks':
        return client.runbooks.map((runbook) => ({ kind: 'runbook', client, runbook }));
      case 'runs':
        return client.runFiles.map((file) => ({ kind: 'run', client, file }));
      case 'reports':
        return node.months.map((month) => ({ kind: 'report', client, month }));
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'client':
        return undefined;
      case 'evalSet':
      case 'brokenEvalSet':
        return { kind: 'evalSets', client: node.client };
      case 'runbook':
        return { kind: 'runbooks', client: node.client };
      case 'run':
        return { kind: 'runs', client: node.client };
      case 'report':
        return { kind: 'reports', client: node.client, months: [] };
      default:
        return { kind: 'client', client: node.client };
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = this.describe(node);
    // Stable ids keep expansion and selection across reloads.
    item.id = nodeId(node);
    item.contextValue = node.kind === 'client' && !node.client.manifest ? 'brokenClient' : node.kind === 'run' && isBaseline(node) ? 'run.baseline' : node.kind;
    return item;
  }

  private describe(node: TreeNode): vscode.TreeItem {
    const { client } = node;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'client': {
        if (!client.manifest) {
          return item(client.name, None, {
            icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
            description: 'client.yaml has problems',
            tooltip: `${client.manifestFile} does not validate; see the Problems panel.`,
            open: client.manifestFile,
          });
        }
        const row = this.history?.row(client.id);
        const drift = row && DRIFT_LABEL[row.trend];
        const check = this.health?.latest.get(client.id);
        return item(client.name, Collapsed, {
          icon: check && check.status !== 'up' ? HEALTH_ICON[check.status]() : new vscode.ThemeIcon('organization', row?.health === 'breach' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined),
          description: [this.hoursText(client, false), drift].filter(Boolean).join(' · '),
          tooltip: md(
            `**${esc(client.name)}**`,
            esc(client.manifest.description),
            this.hoursText(client) && `Hours: ${this.hoursText(client)}`,
            row && `Drift: ${row.trendBySet.map((t) => `${esc(t.name)} ${t.status}`).join(', ') || 'no runs yet'}`,
            row?.breaches.length && `Breaches: ${row.breaches.map((b) => esc(b)).join('; ')}`,
            check && `Health: ${check.status} — ${esc(check.summary)} (checked ${esc(dateTime(check.at))})`,
            `Folder: ${esc(client.id)}`,
            client.problemCount ? `${client.problemCount} problem(s) in the Problems panel` : undefined,
          ),
        });
      }
      case 'model': {
        const model = client.manifest!.model;
        const host = model.host ?? (model.provider === 'ollama' ? 'http://127.0.0.1:11434' : '');
        return item(model.name, None, {
          icon: new vscode.ThemeIcon('hubot'),
          description: [model.provider, host].filter(Boolean).join(' · '),
          tooltip: md(`**Model** ${esc(model.name)}`, `Provider: ${model.provider}`, host && `Host: ${esc(host)}`, model.options && `Options: ${esc(JSON.stringify(model.options))}`),
          open: client.manifestFile,
        });
      }
      case 'systemPrompt':
        return item('System prompt', None, {
          icon: new vscode.ThemeIcon('note'),
          description: client.systemPromptFile ? path.basename(client.systemPromptFile) : 'missing',
          tooltip: client.systemPromptFile ? 'The production system prompt' : `'${client.manifest!.systemPrompt}' does not exist`,
          open: client.systemPromptFile,
        });
      case 'evalSets': {
        const cases = client.evalSets.reduce((n, s) => n + s.cases.length, 0);
        const broken = client.brokenEvalSets.length;
        return item('Eval sets', client.evalSets.length + broken ? vscode.TreeItemCollapsibleState.Expanded : None, {
          icon: new vscode.ThemeIcon('beaker'),
          description: [`${client.evalSets.length} · ${cases} cases`, broken && `${broken} with errors`].filter(Boolean).join(' · '),
          tooltip: `Eval sets in ${client.manifest!.evals}/`,
        });
      }
      case 'evalSet': {
        const runs = this.ctx.setRuns(client, node.set.id);
        const cases = `${node.set.cases.length} ${node.set.cases.length === 1 ? 'case' : 'cases'}`;
        const last = runs.last?.summary;
        const figures = last && runFigures(last, trendArrow(runs));
        const stopped = runs.stopped && describeStoppedRun(runFacts(runs.stopped));
        return item(node.set.name, None, {
          icon: last ? statusIcon(last.passRate, client.manifest?.thresholds?.passRate) : new vscode.ThemeIcon('checklist'),
          description: [cases, figures, stopped].filter(Boolean).join(' · '),
          tooltip: md(
            `**${esc(node.set.name)}**`,
            esc(node.set.description),
            esc(node.set.id),
            runs.last && `Last run ${esc(runs.last.startedAt)}: ${runFigures(last!)}`,
            ...(last ? breaches(last, client.manifest?.thresholds) : []).map((b) => `Breach: ${breachMessage(b)}`),
            runs.previous && `Previous: ${runFigures(runs.previous.summary)}`,
            runs.stopped && `Newer run ${esc(runs.stopped.startedAt)} (${stopped}, not the set's score): ${esc(runs.stopped.stopReason ?? 'most cases errored')}`,
          ),
          open: node.set.file,
        });
      }
      case 'brokenEvalSet': {
        const { broken } = node;
        const p = broken.problem;
        const name = broken.lastKnown?.name ?? path.basename(broken.file);
        const t = item(name, None, {
          icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
          description: `error on line ${p.range.line}`,
          tooltip: md(`**${esc(name)}** does not load`, esc(`Line ${p.range.line}, column ${p.range.column}: ${p.message}`), esc(broken.id), broken.lastKnown && 'Its last known cases stay in the Testing view until it loads again; they do not run.'),
          open: broken.file,
        });
        const at = new vscode.Range(p.range.line - 1, p.range.column - 1, p.range.endLine - 1, p.range.endColumn - 1);
        t.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(broken.file), { selection: at }] };
        return t;
      }
      case 'runbooks':
        return item('Runbooks', client.runbooks.length ? Collapsed : None, {
          icon: new vscode.ThemeIcon('book'),
          description: String(client.runbooks.length),
          tooltip: 'What to do when something breaks',
        });
      case 'runbook':
        return item(node.runbook.title, None, { icon: new vscode.ThemeIcon('file-text'), tooltip: node.runbook.file, open: node.runbook.file });
      case 'changelog':
        return item('Change log', None, {
          icon: new vscode.ThemeIcon('history'),
          description: client.changelog ? this.hoursText(client) || 'no entry yet' : 'not started',
          tooltip: client.changelog ? `${client.changelog.entries.length} entries; hours this month against the retainer` : 'No CHANGELOG.md yet',
          open: client.changelog?.file,
        });
      case 'runs':
        return item('Runs', client.runFiles.length ? Collapsed : None, {
          icon: new vscode.ThemeIcon('pulse'),
          description: client.runFiles.length ? String(client.runFiles.length) : 'none yet',
          tooltip: 'Run records in runs/',
        });
      case 'reports':
        return item('Reports', node.months.length ? Collapsed : None, {
          icon: new vscode.ThemeIcon('file-text'),
          description: node.months.length ? String(node.months.length) : 'none yet',
          tooltip: 'Monthly reports in reports/',
        });
      case 'report': {
        const t = item(monthLabel(node.month), None, { icon: new vscode.ThemeIcon('file-text'), description: node.month, tooltip: reportPath(reportsDir(client.dir), node.month, 'md') });
        t.command = { command: 'upkeep.openReport', title: 'Open Report', arguments: [client.id, node.month] };
        return t;
      }
      case 'run': {
        const pinned = isBaseline(node);
        return item(path.basename(node.file, '.json'), None, {
          icon: new vscode.ThemeIcon(pinned ? 'pinned' : 'file'),
          description: pinned ? 'baseline' : undefined,
          tooltip: pinned ? `${node.file}\n\nPinned as its eval set's baseline (baselines.json).` : node.file,
          open: node.file,
        });
      }
    }
  }

  /**
   * "1.5 / 2 h this month" when the client has a retainer, "1.5 h this month" otherwise; nothing
   * while the month's hours are no figure (no change log, none of its entries yet), as the
   * dashboard and the report say "not known" then.
   */
  private hoursText(client: Client, long = true): string {
    if (!client.changelog) return '';
    const month = hoursForMonth(client.changelog.entries, undefined, monthOf(this.now()));
    if (month.unread) return '';
    const included = client.manifest?.retainer?.includedHours;
    const hours = included === undefined ? `${month.total} h` : `${month.total} / ${included} h`;
    return long ? `${hours} this month` : hours;
  }
}

/** The client's drift in the tree: the worst status over its eval sets (nothing until there are enough runs). */
const DRIFT_LABEL: Record<string, string | undefined> = { improving: '↑ improving', stable: '→ stable', declining: '↓ declining', 'insufficient-data': undefined };

/** Green when the last run met the pass-rate threshold (0.9 when the client sets none), red otherwise. */
function statusIcon(passRate: number, threshold = 0.9): vscode.ThemeIcon {
  return passRate >= threshold
    ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
    : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
}

function setIdOf(node: TreeNode): string {
  return node.kind === 'evalSet' ? node.set.id : node.kind === 'brokenEvalSet' ? node.broken.id : '';
}

/** Whether a run is pinned as its set's baseline; run ids are the file names. */
function isBaseline(node: { client: Client; file: string }): boolean {
  return Object.values(node.client.baselines).includes(path.basename(node.file, '.json'));
}

export function nodeId(node: TreeNode): string {
  const base = node.client.id;
  switch (node.kind) {
    case 'evalSet':
    case 'brokenEvalSet':
      // The same id either way, so a set keeps its place (and selection) while it is broken.
      return `${base}#evalSet:${setIdOf(node)}`;
    case 'runbook':
      return `${base}#runbook:${node.runbook.file}`;
    case 'run':
      return `${base}#run:${node.file}`;
    case 'report':
      return `${base}#report:${node.month}`;
    default:
      return `${base}#${node.kind}`;
  }
}

function item(
  label: string,
  state: vscode.TreeItemCollapsibleState,
  o: { icon: vscode.ThemeIcon; description?: string; tooltip?: string | vscode.MarkdownString; open?: string },
): vscode.TreeItem {
  const t = new vscode.TreeItem(label, state);
  t.iconPath = o.icon;
  t.description = o.description;
  t.tooltip = o.tooltip;
  if (o.open) {
    t.resourceUri = vscode.Uri.file(o.open);
    t.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(o.open)] };
  }
  return t;
}

/** A tooltip from lines of Markdown; text from files goes through esc() first. */
function md(...lines: (string | undefined | false | 0)[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

/** Text from a file, escaped so Markdown syntax in it shows as written. */
function esc(text: string | undefined): string | undefined {
  return text === undefined ? undefined : new vscode.MarkdownString().appendText(text).value;
}
