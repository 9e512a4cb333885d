import * as path from 'path';
import * as vscode from 'vscode';
import { compareRuns } from '../../core/analysis/compareRuns';
import type { RunComparison } from '../../core/analysis/comparisonTypes';
import type { BaselinePin } from '../../core/store/baselines';
import { resultsProtocol, type CaseDetail, type ComparisonDetail, type ResultsProtocol, type RunView } from '../../protocol/results';
import type { Handlers } from '../../protocol/rpc';
import { log } from '../log';
import { openRunDiff, runDocumentUri } from '../runDocuments';
import { WebviewHost } from '../webview/webviewHost';
import { baselineOf, clientDirOf, findCounterpart, loadRun, type Counterpart, type LoadedRun } from '../../core/store/runLookup';
import { caseDetail, comparisonDetail, comparisonView, runView } from './views';

/** What a panel shows: one run, or two runs compared. */
export type Shown =
  | { kind: 'run'; run: LoadedRun; counterpart?: Counterpart; baseline?: BaselinePin; view: RunView; reveal?: string }
  | { kind: 'comparison'; base: LoadedRun; head: LoadedRun; comparison: RunComparison; baseIsBaseline: boolean };

/**
 * The results webview (webview-ui/src/results): one panel per instance, reused for whatever it
 * is asked to show next. Upkeep keeps two: one for runs, one for comparisons, so a comparison and
 * the run it came from can sit side by side.
 */
export class ResultsPanel extends WebviewHost<ResultsProtocol> {
  private shown: Shown | undefined;

  constructor(extensionUri: vscode.Uri, viewType: string, label: string) {
    super(extensionUri, resultsProtocol, { viewType, label, script: 'results', styles: ['webview-base.css', 'webview-results.css'] });
  }

  /** What the panel shows now (for commands acting on "the run in the view", and tests). */
  get current(): Shown | undefined {
    return this.isOpen ? this.shown : undefined;
  }

  /** Shows one run, compared with its set's baseline or previous run; `reveal` scrolls to and expands a case. */
  async showRun(file: string, reveal?: string): Promise<RunView> {
    const run = await loadRun(file);
    const baseline = await baselineOf(clientDirOf(file), run.record.evalSet.id);
    const counterpart = await findCounterpart(run, baseline);
    const comparison = counterpart && compareRuns(counterpart.record, run.record);
    const view = runView(run, counterpart, comparison, baseline);
    this.shown = { kind: 'run', run, counterpart, baseline, view, reveal };
    this.open(`Results: ${run.record.evalSet.name} · ${shortTime(run.record.startedAt)}`);
    this.send();
    return view;
  }

  async showComparison(base: LoadedRun, head: LoadedRun): Promise<RunComparison> {
    const comparison = compareRuns(base.record, head.record);
    const baseline = await baselineOf(clientDirOf(head.file), head.record.evalSet.id);
    this.shown = { kind: 'comparison', base, head, comparison, baseIsBaseline: baseline?.runId === base.record.id };
    this.open(`Compare: ${head.record.evalSet.name} · ${shortTime(base.record.startedAt)} → ${shortTime(head.record.startedAt)}`);
    this.send();
    return comparison;
  }

  /** Reads the shown runs again (a baseline was pinned or unpinned, a record changed). */
  async refresh(): Promise<void> {
    const shown = this.current;
    if (shown?.kind === 'run') await this.showRun(shown.run.file);
    else if (shown?.kind === 'comparison') await this.showComparison(await loadRun(shown.base.file), await loadRun(shown.head.file));
  }

  /** Refreshes only when the shown set's pinned baseline changed (baselines.json edited, pulled, reverted). */
  async refreshIfBaselineChanged(): Promise<void> {
    const shown = this.current;
    if (!shown) return;
    const head = shown.kind === 'run' ? shown.run : shown.head;
    const pin = await baselineOf(clientDirOf(head.file), head.record.evalSet.id);
    const changed = shown.kind === 'run' ? shown.baseline?.runId !== pin?.runId : shown.baseIsBaseline !== (pin?.runId === shown.base.record.id);
    if (changed) await this.refresh();
  }

  /** Scrolls to a case and expands it, in the run already shown. */
  revealCase(caseId: string): void {
    if (this.shown?.kind === 'run') this.shown.reveal = caseId;
    this.notify('revealCase', { caseId });
  }

  protected override onReady(): void {
    this.send();
  }

  protected override onPanelClosed(): void {
    this.shown = undefined;
  }

  /** Sends what is shown; if the front end is not loaded yet, its `ready` brings it here again. */
  private send(): void {
    const shown = this.shown;
    if (!shown) return;
    if (shown.kind === 'run') {
      if (this.notify('showRun', { run: shown.view, reveal: shown.reveal })) shown.reveal = undefined;
    } else {
      this.notify('showComparison', { comparison: comparisonView(shown.base, shown.head, shown.comparison, shown.baseIsBaseline) });
    }
  }

  protected handlers(): Handlers<ResultsProtocol['toHost']> {
    return {
      ready: () => {},
      caseDetail: ({ runId, caseId }) => this.caseDetail(runId, caseId),
      comparisonDetail: ({ headRunId, caseId }) => this.comparisonDetail(headRunId, caseId),
      openDiff: ({ caseId, against }) => this.openDiff(caseId, against),
      showPromptDiff: () => this.showPromptDiff(),
      compare: async () => {
        const shown = this.need('run');
        if (!shown.counterpart) return void vscode.window.showInformationMessage('This run has no earlier run or baseline to compare with.');
        await vscode.commands.executeCommand('upkeep.compareRuns', shown.counterpart.file, shown.run.file);
      },
      pinBaseline: async () => {
        await vscode.commands.executeCommand('upkeep.pinBaseline', this.need('run').run.file);
      },
      unpinBaseline: async () => {
        await vscode.commands.executeCommand('upkeep.unpinBaseline', this.need('run').run.file);
      },
      openRecord: async ({ which }) => {
        const shown = this.need(which === 'run' ? 'run' : 'comparison');
        const file = shown.kind === 'run' ? shown.run.file : which === 'base' ? shown.base.file : shown.head.file;
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      },
      showRun: async ({ which, caseId }) => {
        const shown = this.need('comparison');
        await vscode.commands.executeCommand('upkeep.showResults', which === 'base' ? shown.base.file : shown.head.file, caseId);
      },
      reportError: ({ message }) => log().warn(`Results view: ${message}`),
    };
  }

  private need<K extends Shown['kind']>(kind: K): Extract<Shown, { kind: K }> {
    const shown = this.current;
    if (shown?.kind !== kind) throw new Error(`the view does not show a ${kind === 'run' ? 'run' : 'comparison'}`);
    return shown as Extract<Shown, { kind: K }>;
  }

  private caseDetail(runId: string, caseId: string): CaseDetail {
    const shown = this.need('run');
    // The view may have moved on to another run while this request travelled.
    if (shown.run.record.id !== runId) throw new Error(`the view now shows run ${shown.run.record.id}, not ${runId}`);
    return caseDetail(shown.run, caseId, shown.counterpart);
  }

  private comparisonDetail(headRunId: string, caseId: string): ComparisonDetail {
    const shown = this.need('comparison');
    if (shown.head.record.id !== headRunId) throw new Error(`the view now compares with run ${shown.head.record.id}, not ${headRunId}`);
    return comparisonDetail(shown.base, shown.head, caseId);
  }

  private async openDiff(caseId: string, against: 'expected' | 'previous' | 'base'): Promise<void> {
    const shown = this.current;
    if (shown?.kind === 'comparison' && against === 'base') {
      const { base, head } = shown;
      const left = base.record.cases.some((c) => c.id === caseId) ? runDocumentUri(base.file, 'output', caseId) : undefined;
      if (!left || !head.record.cases.some((c) => c.id === caseId)) return void vscode.window.showInformationMessage(`Case '${caseId}' is not in both runs.`);
      return openRunDiff(left, runDocumentUri(head.file, 'output', caseId), `${caseId}: ${shortTime(base.record.startedAt)} ↔ ${shortTime(head.record.startedAt)}`);
    }
    const { run, counterpart } = this.need('run');
    const output = runDocumentUri(run.file, 'output', caseId);
    if (against === 'expected') {
      return openRunDiff(runDocumentUri(run.file, 'expected', caseId), output, `${caseId}: expected ↔ output`);
    }
    if (!counterpart?.record.cases.some((c) => c.id === caseId)) {
      return void vscode.window.showInformationMessage(`Case '${caseId}' has no earlier result to compare with.`);
    }
    const label = counterpart.kind === 'baseline' ? 'baseline' : 'previous run';
    return openRunDiff(runDocumentUri(counterpart.file, 'output', caseId), output, `${caseId}: ${label} ↔ this run`);
  }

  private async showPromptDiff(): Promise<void> {
    const shown = this.current;
    const pair = shown?.kind === 'comparison' ? [shown.base, shown.head] : shown?.kind === 'run' && shown.counterpart ? [shown.counterpart, shown.run] : undefined;
    if (!pair) return void vscode.window.showInformationMessage('There is no other run to compare the system prompt with.');
    const [left, right] = pair;
    await openRunDiff(
      runDocumentUri(left.file, 'systemPrompt'),
      runDocumentUri(right.file, 'systemPrompt'),
      `System prompt: ${path.basename(left.file, '.json')} ↔ ${path.basename(right.file, '.json')}`,
    );
  }
}

/** "2026-11-23 10:15" in the engineer's own time zone. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
