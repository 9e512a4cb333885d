import * as vscode from 'vscode';
import { localDate } from '../../core/format/dates';
import { promoteToEvalCase, PromotionRefused, suggestAssertions, suggestCaseId } from '../../core/review/promote';
import { verdictFile } from '../../core/review/reviewFiles';
import { pickId, readSample, type StoredSample } from '../../core/review/sampleStore';
import { appendReviewLine, readReview, type ReviewState } from '../../core/review/verdicts';
import { loadRun, runFileOf } from '../../core/store/runLookup';
import type { RunRecord } from '../../core/store/runRecord';
import type { Client } from '../../core/workspace/loadWorkspace';
import { reviewProtocol, type ReviewItem, type ReviewProtocol, type ReviewView } from '../../protocol/review';
import type { Handlers } from '../../protocol/rpc';
import { logClientHours } from '../commands/logHours';
import type { Ctx } from '../ctx';
import { log } from '../log';
import { WebviewHost } from '../webview/webviewHost';

interface Shown {
  client: Client;
  month: string;
  sample: StoredSample;
  state: ReviewState;
  view: ReviewView;
}

/**
 * The production review (webview-ui/src/review): one month's sample of one client. Each verdict
 * is appended to `reviews/YYYY-MM.jsonl` before the view hears back, so closing the panel or
 * VS Code loses nothing; showing the month again resumes from the file. The time the panel is
 * the active editor is appended too, and pre-fills the `review` change-log entry.
 */
export class ReviewPanel extends WebviewHost<ReviewProtocol> {
  private shown: Shown | undefined;
  private activeSince: number | undefined;
  private viewState: vscode.Disposable | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly ctx: Ctx,
  ) {
    super(extensionUri, reviewProtocol, { viewType: 'upkeep.review', label: 'Review view', script: 'review', styles: ['webview-base.css', 'webview-review.css'] });
  }

  get current(): Shown | undefined {
    return this.isOpen ? this.shown : undefined;
  }

  /** Shows (or resumes) the month's review of the client's sample; undefined when there is no sample. */
  async show(client: Client, month: string): Promise<ReviewView | undefined> {
    const sample = await readSample(client.dir, month);
    if (!sample) return undefined;
    await this.saveTime();
    const state = await readReview(verdictFile(client.dir, month));
    if (state.unread.length) log().warn(`Review ${month} of ${client.name}: line(s) ${state.unread.join(', ')} of ${verdictFile(client.dir, month)} do not read and were skipped.`);
    let grades: RunRecord | undefined;
    if (sample.runId) grades = await loadRun(runFileOf(client.dir, sample.runId)).then((r) => r.record, () => undefined);
    const view = reviewView(client, sample, state, grades);
    this.shown = { client, month, sample, state, view };
    const panel = this.open(`Review: ${client.name} · ${month}`);
    this.viewState?.dispose();
    this.viewState = panel.onDidChangeViewState(() => void (panel.active ? this.startTime() : this.saveTime()));
    if (panel.active) this.startTime();
    this.notify('showReview', { view });
    return view;
  }

  protected override onReady(): void {
    if (this.shown) this.notify('showReview', { view: this.shown.view });
  }

  protected override onPanelClosed(): void {
    this.viewState?.dispose();
    this.viewState = undefined;
    void this.saveTime().finally(() => (this.shown = undefined));
  }

  protected handlers(): Handlers<ReviewProtocol['toHost']> {
    return {
      ready: () => {},
      verdict: async ({ item, verdict, reason, note }) => {
        const shown = this.require(item);
        const line = { type: 'verdict' as const, at: new Date().toISOString(), item, verdict, ...(verdict === 'flag' ? { reason } : {}), ...(note?.trim() ? { note: note.trim() } : {}) };
        await appendReviewLine(verdictFile(shown.client.dir, shown.month), line);
        shown.state.verdicts.set(item, line);
        const shownItem = shown.view.items.find((i) => i.id === item)!;
        shownItem.verdict = { verdict, ...(line.reason ? { reason: line.reason } : {}), ...(line.note ? { note: line.note } : {}) };
        return { reviewed: shown.state.verdicts.size, total: shown.view.items.length };
      },
      suggestCase: ({ item, expected }) => {
        const shown = this.require(item);
        const pick = shown.view.items.find((i) => i.id === item)!;
        const set = shown.client.evalSets[0];
        const reason = shown.state.verdicts.get(item)?.reason;
        return {
          caseId: suggestCaseId(pick.input, set?.cases.map((c) => c.id) ?? []),
          assert: suggestAssertions(expected, reason, shown.client.manifest).map((a) => a.type),
        };
      },
      promote: async ({ item, setId, caseId, expected, tags }) => {
        const shown = this.require(item);
        const client = this.ctx.client(shown.client.id) ?? shown.client;
        const set = client.evalSets.find((s) => s.id === setId);
        if (!set) return { ok: false, message: `${client.name} has no eval set ${setId} that loads.` };
        const pick = shown.view.items.find((i) => i.id === item)!;
        const reason = shown.state.verdicts.get(item)?.reason;
        try {
          await promoteToEvalCase(set, { id: caseId, input: pick.input, ...(expected.trim() ? { expected: expected.trim() } : {}), tags, assert: suggestAssertions(expected, reason, client.manifest) });
        } catch (e) {
          if (e instanceof PromotionRefused) return { ok: false, message: e.message };
          throw e;
        }
        const line = { type: 'promoted' as const, at: new Date().toISOString(), item, set: set.id, caseId };
        await appendReviewLine(verdictFile(shown.client.dir, shown.month), line);
        shown.state.promotions.push(line);
        pick.promotedTo = `${set.name} / ${caseId}`;
        void this.ctx.reload();
        return { ok: true, message: `Added '${caseId}' to ${set.name}.` };
      },
      finish: () => void this.offerLog(),
      reportError: ({ message }) => log().warn(`Review view: ${message}`),
    };
  }

  /** Minutes the review has been in use, this sitting included. */
  minutesInUse(): number {
    const running = this.activeSince === undefined ? 0 : Date.now() - this.activeSince;
    return Math.max(1, Math.round(((this.shown?.state.activeMs ?? 0) + running) / 60000));
  }

  /** Offers the review's time as a `review` change-log entry, pre-filled with the minutes in use. */
  async offerLog(): Promise<boolean> {
    const shown = this.shown;
    if (!shown) return false;
    await this.saveTime();
    const minutes = await vscode.window.showInputBox({
      title: `Log the review of ${shown.client.name} (${shown.month}) in the change log`,
      prompt: 'Minutes spent (the time this review was open and in front of you)',
      value: String(this.minutesInUse()),
      validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) && Number(v) > 0 && Number(v) <= 24 * 60 ? undefined : 'Minutes, more than 0'),
    });
    if (minutes === undefined) return false;
    return this.logMinutes(Number(minutes));
  }

  /** Appends the `review` entry: the command's and the dashboard's one way of logging hours. */
  async logMinutes(minutes: number): Promise<boolean> {
    const shown = this.shown;
    if (!shown) return false;
    const flagged = [...shown.state.verdicts.values()].filter((v) => v.verdict === 'flag').length;
    const logged = await logClientHours(this.ctx, shown.client, {
      date: localDate(new Date()),
      category: 'review',
      hours: Math.round((minutes / 60) * 100) / 100,
      title: `Production review ${shown.month}: ${shown.state.verdicts.size} of ${shown.view.items.length} reviewed, ${flagged} flagged`,
      ...(shown.state.promotions.length ? { description: `Promoted to eval cases: ${shown.state.promotions.map((p) => p.caseId).join(', ')}.` } : {}),
    });
    if (!logged.ok) {
      void vscode.window.showErrorMessage(`Upkeep: ${logged.error}`);
      return false;
    }
    await appendReviewLine(verdictFile(shown.client.dir, shown.month), { type: 'logged', at: new Date().toISOString(), minutes });
    shown.state.logged = true;
    void vscode.window.showInformationMessage(logged.message);
    return true;
  }

  private startTime(): void {
    this.activeSince ??= Date.now();
  }

  private async saveTime(): Promise<void> {
    const shown = this.shown;
    if (this.activeSince === undefined || !shown) return;
    const ms = Date.now() - this.activeSince;
    this.activeSince = undefined;
    shown.state.activeMs += ms;
    await appendReviewLine(verdictFile(shown.client.dir, shown.month), { type: 'time', at: new Date().toISOString(), ms }).catch((e: Error) => log().warn(`Review: could not save the time in use: ${e.message}`));
  }

  private require(item: string): Shown {
    const shown = this.shown;
    if (!shown || !shown.view.items.some((i) => i.id === item)) throw new Error(`'${item}' is not an item of the review shown.`);
    return shown;
  }
}

/** The view's items, suspicious first (errored, failed, then by score), each with its verdict so far. */
function reviewView(client: Client, sample: StoredSample, state: ReviewState, grades: RunRecord | undefined): ReviewView {
  const byId = new Map((grades?.cases ?? []).map((c) => [c.id, c]));
  const promoted = new Map(state.promotions.map((p) => [p.item, `${client.evalSets.find((s) => s.id === p.set)?.name ?? p.set} / ${p.caseId}`]));
  const rank = { errored: 0, failed: 1, passed: 2 } as const;
  const items: ReviewItem[] = sample.picks.map((p) => {
    const id = pickId(p);
    const grade = byId.get(id);
    const verdict = state.verdicts.get(id);
    return {
      id,
      input: p.input,
      output: p.output,
      timestamp: p.timestamp,
      ...(p.stratum !== undefined ? { stratum: p.stratum } : {}),
      flaggedInLog: p.flagged,
      ...(grade ? { grade: { status: grade.status, score: grade.score, reasons: grade.attempts[0].assertions.filter((a) => !a.pass).map((a) => a.reason) } } : {}),
      ...(verdict ? { verdict: { verdict: verdict.verdict, ...(verdict.reason ? { reason: verdict.reason } : {}), ...(verdict.note ? { note: verdict.note } : {}) } } : {}),
      ...(promoted.has(id) ? { promotedTo: promoted.get(id)! } : {}),
    };
  });
  const order = (i: ReviewItem) => (i.grade ? rank[i.grade.status] : 3);
  items.sort((a, b) => order(a) - order(b) || (a.grade?.score ?? 1) - (b.grade?.score ?? 1));
  return { client: client.name, month: sample.month, seed: sample.seed, method: sample.methodText, items, evalSets: client.evalSets.map((s) => ({ id: s.id, name: s.name })) };
}
