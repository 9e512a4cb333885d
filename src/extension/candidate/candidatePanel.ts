import * as vscode from 'vscode';
import { readComparison } from '../../core/compare/comparisonStore';
import type { ComparisonRecord, SetComparison } from '../../core/compare/types';
import { loadRun, runFileOf, type LoadedRun } from '../../core/store/runLookup';
import { candidateProtocol, type CandidateProtocol, type CandidateView } from '../../protocol/candidate';
import type { ComparisonDetail } from '../../protocol/results';
import type { Handlers } from '../../protocol/rpc';
import { log } from '../log';
import { comparisonDetail } from '../results/views';
import { openRunDiff, runDocumentUri } from '../runDocuments';
import { WebviewHost } from '../webview/webviewHost';

interface Shown {
  file: string;
  clientDir: string;
  record: ComparisonRecord;
  view: CandidateView;
  /** Each set's two runs, read once: the answers the details and diffs show. */
  runs: Map<string, { production: LoadedRun; candidate: LoadedRun }>;
}

/**
 * The candidate comparison view (webview-ui/src/candidate): one saved comparison record at a
 * time, with the two runs it pairs read for their answers.
 */
export class CandidatePanel extends WebviewHost<CandidateProtocol> {
  private shown: Shown | undefined;
  /** What Promote Candidate does with the shown comparison; set by the command table. */
  onPromote: ((file: string) => PromiseLike<unknown>) | undefined;

  constructor(extensionUri: vscode.Uri) {
    super(extensionUri, candidateProtocol, { viewType: 'upkeep.candidate', label: 'Candidate view', script: 'candidate', styles: ['webview-base.css', 'webview-results.css', 'webview-candidate.css'] });
  }

  get current(): Shown | undefined {
    return this.isOpen ? this.shown : undefined;
  }

  /** Shows a comparison record (`<client>/comparisons/<id>.json`). */
  async show(file: string, clientDir: string, canPromote: boolean): Promise<CandidateView> {
    const record = await readComparison(file);
    const runs = new Map<string, { production: LoadedRun; candidate: LoadedRun }>();
    for (const set of record.sets) {
      runs.set(set.evalSet.id, { production: await loadRun(runFileOf(clientDir, set.production.runId)), candidate: await loadRun(runFileOf(clientDir, set.candidate.runId)) });
    }
    const tags: Record<string, string[]> = {};
    for (const { candidate, production } of runs.values()) for (const c of [...production.record.cases, ...candidate.record.cases]) if (c.tags?.length) tags[c.id] = c.tags;
    const view: CandidateView = { file, record, tags, canPromote };
    this.shown = { file, clientDir, record, view, runs };
    this.open(`Candidate: ${record.candidate.model} · ${record.client.name}`);
    this.notify('showComparison', { view });
    return view;
  }

  protected override onReady(): void {
    if (this.shown) this.notify('showComparison', { view: this.shown.view });
  }

  protected override onPanelClosed(): void {
    this.shown = undefined;
  }

  protected handlers(): Handlers<CandidateProtocol['toHost']> {
    return {
      ready: () => {},
      caseDetail: ({ setId, caseId }) => this.detail(setId, caseId),
      openDiff: async ({ setId, caseId }) => {
        const { production, candidate } = this.runsOf(setId);
        if (!production.record.cases.some((c) => c.id === caseId) || !candidate.record.cases.some((c) => c.id === caseId)) {
          return void vscode.window.showInformationMessage(`Case '${caseId}' is not in both runs.`);
        }
        await openRunDiff(runDocumentUri(production.file, 'output', caseId), runDocumentUri(candidate.file, 'output', caseId), `${caseId}: production ↔ candidate`);
      },
      showPromptDiff: async ({ setId }) => {
        const { production, candidate } = this.runsOf(setId);
        await openRunDiff(runDocumentUri(production.file, 'systemPrompt'), runDocumentUri(candidate.file, 'systemPrompt'), 'System prompt: production ↔ candidate');
      },
      showRun: async ({ setId, which }) => {
        await vscode.commands.executeCommand('upkeep.showResults', this.runsOf(setId)[which].file);
      },
      openRecord: async () => {
        if (this.shown) await vscode.window.showTextDocument(vscode.Uri.file(this.shown.file), { preview: true });
      },
      promote: async () => {
        if (this.shown && this.onPromote) await this.onPromote(this.shown.file);
      },
      reportError: ({ message }) => log().warn(`Candidate view: ${message}`),
    };
  }

  private runsOf(setId: string): { production: LoadedRun; candidate: LoadedRun } {
    const runs = this.shown?.runs.get(setId);
    if (!runs) throw new Error(`the view shows no comparison of set '${setId}'`);
    return runs;
  }

  /** Production's answer as the base, the candidate's as the head: the results view's own comparison detail. */
  detail(setId: string, caseId: string): ComparisonDetail {
    const { production, candidate } = this.runsOf(setId);
    return comparisonDetail(production, candidate, caseId);
  }

  set(setId: string): SetComparison | undefined {
    return this.shown?.record.sets.find((s) => s.evalSet.id === setId);
  }
}
