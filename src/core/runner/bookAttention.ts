import { passRateChange, runFigures } from '../analysis/figures';
import { breaches, type Thresholds } from '../analysis/series';
import { describeStoppedRun, runFacts } from '../history/runsThatCount';
import type { RunRecord, RunSummary } from '../store/runRecord';
import type { SetNotRun } from './everyClient';

/**
 * Which sets of a book's run the end of Run Every Client offers to open, worst first, as the
 * Testing view leads with its failures: a breach (the widest shortfall below the pass-rate
 * threshold first), a run that stopped short or errored out, a pass rate lower than the set's
 * previous run, then a set that could not run at all. A cancelled run is the user's own doing and
 * a run that held its ground needs nothing, so neither is offered.
 */

export type AttentionReason = 'breach' | 'stopped' | 'regressed' | 'not-run';

export interface NeedsAttention {
  client: string;
  set: string;
  reason: AttentionReason;
  /** "pass rate 85.7% < 90% threshold (−4.3 pts)", "outage: 9 of 16 errored", "pass 92.9% (26/28) −3.5 pts vs previous · score 0.95", or why it did not run. */
  detail: string;
  /** The run record to open; none for a set that did not run. */
  file?: string;
}

/** A set that ran, with the set's previous score (before this run) and the client's thresholds. */
export interface RanSet {
  client: string;
  file: string;
  record: Pick<RunRecord, 'status' | 'selectedCases' | 'purpose' | 'summary'> & { evalSet: { name: string } };
  previous?: Pick<RunSummary, 'passRate'>;
  thresholds?: Thresholds;
}

const ORDER: readonly AttentionReason[] = ['breach', 'stopped', 'regressed', 'not-run'];

/** Each reason in a word or two, beside the set in the pick. */
export const ATTENTION_WORDS: Record<AttentionReason, string> = { breach: 'breach', stopped: 'stopped short', regressed: 'lower than previous', 'not-run': 'not run' };

export function needingAttention(ran: readonly RanSet[], notRun: readonly SetNotRun[]): NeedsAttention[] {
  const found: (NeedsAttention & { shortfall: number; passRate: number })[] = [];
  for (const r of ran) {
    const { record } = r;
    if (record.status === 'cancelled') continue;
    const s = record.summary;
    const base = { client: r.client, set: record.evalSet.name, file: r.file, passRate: s.passRate, shortfall: 0 };
    const stopped = describeStoppedRun(runFacts(record));
    const breached = breaches(s, r.thresholds);
    const change = r.previous && s.passRate < r.previous.passRate ? passRateChange(r.previous.passRate, s.passRate) : undefined;
    if (stopped) found.push({ ...base, reason: 'stopped', detail: stopped });
    else if (breached.length) found.push({ ...base, reason: 'breach', detail: breached.map((b) => b.message).join('; '), shortfall: Math.max(0, ...breached.filter((b) => b.metric === 'passRate').map((b) => b.threshold - b.value)) });
    else if (change) found.push({ ...base, reason: 'regressed', detail: runFigures(s, `${change} vs previous`) });
  }
  for (const n of notRun) found.push({ client: n.client, set: n.set, reason: 'not-run', detail: n.message, passRate: 0, shortfall: 0 });
  // Array.prototype.sort is stable: equals keep the book's order (client by client, set by set).
  found.sort((a, b) => ORDER.indexOf(a.reason) - ORDER.indexOf(b.reason) || b.shortfall - a.shortfall || (a.reason === 'not-run' ? 0 : a.passRate - b.passRate));
  return found.map(({ shortfall: _s, passRate: _p, ...item }) => item);
}

/**
 * The buttons of the summary: the worst set's results when it is the only one to see, a pick of
 * every set that needs attention (worst first, so Enter opens it) when there are several, and the
 * log always, where each set's line and each reason a set did not run are.
 */
export function summaryActions(items: readonly NeedsAttention[]): string[] {
  const withResults = items.filter((i) => i.file !== undefined);
  if (items.length > 1 && withResults.length > 0) return [SHOW_RESULTS_PICK, SHOW_LOG];
  if (withResults.length === 1) return [SHOW_RESULTS, SHOW_LOG];
  return [SHOW_LOG];
}

export const SHOW_RESULTS = 'Show Results';
export const SHOW_RESULTS_PICK = 'Show Results…';
export const SHOW_LOG = 'Show Log';
