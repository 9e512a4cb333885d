import { timelineEvents } from '../analysis/series';
import { countsAsScore, describeStoppedRun, isStoppedRun } from '../history/runsThatCount';
import type { CaseStatus, IndexedChangelogEntry } from '../history/types';
import { readRunRecord } from '../store/readRuns';
import type { ChangelogCategory } from '../workspace/changelog';
import { shortDate } from './calendar';
import type { DatedRun } from './dated';
import type { Anomaly } from './types';

/** A run's p95 latency this many times the median of the runs before it is a spike. */
export const LATENCY_SPIKE_FACTOR = 1.5;
const SPIKE_WINDOW = 5;
const SPIKE_MIN_WINDOW = 3;

/** Change-log categories that account for new weights under the same model name. */
export const MODEL_CHANGE_CATEGORIES: readonly ChangelogCategory[] = ['retrain', 'infra', 'incident'];

/**
 * What the engineer should look at even when the scores look fine: latency spikes, errored and
 * flaky cases, runs that stopped early, and the model's weights changing (a new digest) with no
 * change-log entry that month to say why: a tag re-pulled under the same name, which nobody logged.
 */
export async function anomalies(input: {
  month: string;
  inMonth: readonly DatedRun[];
  upToMonthEnd: readonly DatedRun[];
  changelog: readonly IndexedChangelogEntry[];
  cases: ReadonlyMap<number, ReadonlyMap<string, CaseStatus>>;
  names: ReadonlyMap<string, string>;
}): Promise<Anomaly[]> {
  const out: Anomaly[] = [];
  const name = (d: DatedRun) => input.names.get(d.run.evalSetId) ?? d.run.evalSetName;
  const on = (d: DatedRun) => ({ date: d.date, evalSetName: name(d), runId: d.run.runId });

  for (const d of input.inMonth) {
    if (isStoppedRun(d.run)) {
      out.push({ kind: 'stopped-early', ...on(d), text: `${name(d)}: the run of ${shortDate(d.date)} stopped early (${describeStoppedRun(d.run)}).` });
    }
    if (d.run.errored > 0) {
      const ids = [...(input.cases.get(d.run.key) ?? [])].filter(([, s]) => s === 'errored').map(([id]) => id);
      out.push({ kind: 'errored-cases', ...on(d), caseIds: ids, text: `${name(d)}: ${d.run.errored} case${d.run.errored === 1 ? '' : 's'} could not be asked on ${shortDate(d.date)} (errored)${ids.length ? `: ${ids.join(', ')}` : ''}.` });
    }
    if (d.run.flaky > 0) {
      const read = await readRunRecord(d.run.file);
      const ids = read.ok ? read.record.cases.filter((c) => c.flaky).map((c) => c.id) : [];
      out.push({ kind: 'flaky-cases', ...on(d), caseIds: ids, text: `${name(d)}: ${d.run.flaky} case${d.run.flaky === 1 ? '' : 's'} both passed and failed on repeats on ${shortDate(d.date)}${ids.length ? `: ${ids.join(', ')}` : ''}.` });
    }
    const spike = latencySpike(d, input.upToMonthEnd);
    if (spike) out.push({ kind: 'latency-spike', ...on(d), text: `${name(d)}: p95 latency ${spike.p95} ms on ${shortDate(d.date)}, ${spike.factor}× the ${spike.median} ms of the runs before it.` });
  }

  const logged = input.changelog.some((e) => e.date.startsWith(`${input.month}-`) && MODEL_CHANGE_CATEGORIES.includes(e.category));
  if (!logged) {
    const dates = new Map(input.upToMonthEnd.map((d) => [d.run.runId, d]));
    for (const e of timelineEvents(input.upToMonthEnd.map((d) => d.run), [])) {
      const d = e.kind === 'model' ? dates.get(e.runId) : undefined;
      if (e.kind !== 'model' || !d || !d.date.startsWith(`${input.month}-`)) continue;
      out.push({
        kind: 'unlogged-model-change',
        ...on(d),
        text: `${e.title} on ${shortDate(d.date)}, with no ${MODEL_CHANGE_CATEGORIES.join(', ')} entry in the change log this month: the weights changed and nobody said why.`,
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function latencySpike(d: DatedRun, history: readonly DatedRun[]): { p95: number; median: number; factor: number } | undefined {
  const p95 = d.run.latencyP95Ms;
  if (p95 === undefined || !countsAsScore(d.run)) return undefined;
  const i = history.indexOf(d);
  const before = history
    .slice(0, i)
    .filter((h) => h.run.evalSetId === d.run.evalSetId && countsAsScore(h.run) && h.run.latencyP95Ms !== undefined)
    .slice(-SPIKE_WINDOW)
    .map((h) => h.run.latencyP95Ms!)
    .sort((a, b) => a - b);
  if (before.length < SPIKE_MIN_WINDOW) return undefined;
  const mid = before.length / 2;
  const median = before.length % 2 ? before[Math.floor(mid)] : (before[mid - 1] + before[mid]) / 2;
  if (median <= 0 || p95 < LATENCY_SPIKE_FACTOR * median) return undefined;
  return { p95: Math.round(p95), median: Math.round(median), factor: Math.round((p95 / median) * 10) / 10 };
}
