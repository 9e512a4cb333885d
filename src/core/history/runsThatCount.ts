import type { RunPurpose, RunRecord } from '../store/runRecord';

/**
 * Which runs count for what. Every reader of history asks here: the tree's score and trend, the
 * dashboard's series, drift, breaches, baselines, `upkeep status`, the default "previous" run
 * of a comparison, and the history index's SQL (generated from the same conditions).
 *
 * A run is one of these kinds:
 * - `complete`: every case of the set ran to the end;
 * - `selected`: only some cases were selected (Test Explorer, `upkeep run --case`);
 * - `cancelled`: the user stopped it;
 * - `interrupted`: the process ended before the run did (its journal became the record);
 * - `outage`: the server went away (the runner stops after three unreachable cases in a row, so
 *   an interrupted run with errored cases) or more than half the cases errored.
 *
 * Only a production run of kind `complete` is the set's score: its latest score, a trend point,
 * drift's input, a baseline candidate, the run breaches are judged on. The one other run that may
 * be pinned as a baseline is a promoted candidate's (`whyNotBaseline`). An outage or interrupted
 * run is shown as what it is (`describeStoppedRun`) beside the last real score, never instead.
 */

export type RunStatus = RunRecord['status'];
export type RunKind = 'complete' | 'selected' | 'cancelled' | 'interrupted' | 'outage';

/** What the rule reads of a run: the same from a run record (`runFacts`) and an index row. */
export interface RunFacts {
  status: RunStatus;
  /** Only some cases were selected. */
  partial: boolean;
  purpose: RunPurpose;
  /** Cases in the record, and how many of them errored. */
  total: number;
  errored: number;
}

export function runFacts(record: Pick<RunRecord, 'status' | 'selectedCases' | 'purpose' | 'summary'>): RunFacts {
  return { status: record.status, partial: record.selectedCases !== undefined, purpose: record.purpose, total: record.summary.total, errored: record.summary.errored };
}

/** One condition of a rule, as a test on a run and as SQL over the index's columns. */
interface Condition {
  holds(run: RunFacts): boolean;
  sql(column: (field: keyof RunFacts) => string): string;
}

const isProduction: Condition = { holds: (r) => r.purpose === 'production', sql: (c) => `${c('purpose')} = 'production'` };
const ranToTheEnd: Condition = { holds: (r) => r.status === 'complete', sql: (c) => `${c('status')} = 'complete'` };
const ofTheWholeSet: Condition = { holds: (r) => !r.partial, sql: (c) => `${c('partial')} = 0` };
/** More than half the cases errored: the model was not there to be judged. */
const mostlyErrored: Condition = { holds: (r) => r.errored > 0 && r.errored * 2 > r.total, sql: (c) => `(${c('errored')} > 0 AND ${c('errored')} * 2 > ${c('total')})` };
const not = (x: Condition): Condition => ({ holds: (r) => !x.holds(r), sql: (c) => `NOT ${x.sql(c)}` });

/** The set's score: a production run of every case, to the end, that was not an outage. */
const SCORE: readonly Condition[] = [isProduction, ranToTheEnd, ofTheWholeSet, not(mostlyErrored)];
/** Every case of the set ran to the end (whatever the answers): what such a run lacks is not in the set. */
const WHOLE_SET: readonly Condition[] = [ranToTheEnd, ofTheWholeSet];

export function runKind(run: RunFacts): RunKind {
  if (run.status === 'cancelled') return 'cancelled';
  if (mostlyErrored.holds(run) || (run.status === 'interrupted' && run.errored > 0)) return 'outage';
  if (run.status === 'interrupted') return 'interrupted';
  return run.partial ? 'selected' : 'complete';
}

/** The run is its set's score: latest score, trend point, drift input, baseline candidate, breach source. */
export function countsAsScore(run: RunFacts): boolean {
  return SCORE.every((c) => c.holds(run));
}

/** Every case of the set ran to the end, so a case it lacks is not in the set (compareRuns' new/removed). */
export function ranWholeSet(run: RunFacts): boolean {
  return WHOLE_SET.every((c) => c.holds(run));
}

/** A production run, of any kind: what "last run" and "not run for N days" count (candidates and samples do not). */
export function isProductionRun(run: Pick<RunFacts, 'purpose'>): boolean {
  return run.purpose === 'production';
}

/** `isProductionRun` as a SQL condition. */
export function isProductionSql(column: (field: keyof RunFacts) => string): string {
  return isProduction.sql(column);
}

/** `countsAsScore` as a SQL condition; `column` names the index column of a field (e.g. `r.errored`). */
export function countsAsScoreSql(column: (field: keyof RunFacts) => string): string {
  return SCORE.map((c) => c.sql(column)).join(' AND ');
}

/**
 * A run that stopped short or errored out, newer than the set's last score: what the tree and the
 * dashboard show beside that score ("outage: 9 of 16 errored"). Undefined for runs of other kinds.
 */
export function describeStoppedRun(run: RunFacts): string | undefined {
  const kind = runKind(run);
  if (kind === 'outage') return `outage: ${run.errored} of ${run.total} errored`;
  if (kind === 'interrupted') return `interrupted: ${run.total} ${run.total === 1 ? 'case' : 'cases'} finished`;
  return undefined;
}

/** Why a run is not its set's score, in words ("a candidate run", "an outage: 9 of 16 errored"); undefined when it is. */
export function whyNotScore(run: RunFacts): string | undefined {
  if (run.purpose !== 'production') return `a ${run.purpose} run`;
  const kind = runKind(run);
  if (kind === 'selected') return 'a run of selected cases';
  if (kind === 'cancelled') return 'a cancelled run';
  if (kind === 'outage') return `an outage (${run.errored} of ${run.total} cases errored)`;
  if (kind === 'interrupted') return `an interrupted run (${run.total} ${run.total === 1 ? 'case' : 'cases'} finished)`;
  return countsAsScore(run) ? undefined : 'not a complete run';
}

/**
 * Why a run cannot be pinned as its set's baseline, in words; undefined when it can. A set's score
 * can. So can a candidate run that would be one were it production's, when production now runs
 * its configuration (`runsProductionConfig`: a promoted candidate's run), since it is what the
 * promoted configuration answers. It stays a candidate run: what Compare Runs and the results view
 * compare with, never a trend point, drift input, tree score or report figure (drift keeps testing
 * against the trailing window of production runs while such a pin stands).
 */
export function whyNotBaseline(run: RunFacts, runsProductionConfig: boolean): string | undefined {
  if (run.purpose !== 'candidate') return whyNotScore(run);
  const asProduction = whyNotScore({ ...run, purpose: 'production' });
  if (asProduction) return `a candidate's ${asProduction.replace(/^an? /, '')}`;
  return runsProductionConfig ? undefined : 'a candidate run of a configuration production does not run';
}

/** Shown beside the set's score when newer than it: production runs that stopped short or errored out. */
export function isStoppedRun(run: RunFacts): boolean {
  return run.purpose === 'production' && describeStoppedRun(run) !== undefined;
}

/**
 * Whether `earlier` (a run started before `run`) is what `run` is compared with by default: its
 * "previous" run. A run of the whole set (complete, cancelled, stopped) is compared with the set's
 * previous score. A run of selected cases (a re-run of one case) is compared with a production
 * run that ran every one of those cases, of any kind but an outage, whose errors say nothing of
 * the model: the last earlier run that ran the case, not merely the last whole run.
 */
export function isPreviousOf(earlier: RunFacts & { caseIds: ReadonlySet<string> }, run: Pick<RunFacts, 'partial'> & { caseIds: Iterable<string> }): boolean {
  if (!run.partial) return countsAsScore(earlier);
  if (!isProduction.holds(earlier) || runKind(earlier) === 'outage') return false;
  for (const id of run.caseIds) if (!earlier.caseIds.has(id)) return false;
  return true;
}

/**
 * Whether a run's result for a case is that case's last (or previous) result in the Test
 * Explorer and CodeLens: any production run holding it counts for its last state; an outage's
 * errors are never what a later result is compared with.
 */
export function caseResultCounts(run: RunFacts, as: 'last' | 'previous'): boolean {
  return isProduction.holds(run) && (as === 'last' || runKind(run) !== 'outage');
}
