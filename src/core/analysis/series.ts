import { SERIES_POINT_FIELDS, type RunSummaryRow } from '../history/runColumns';
import { countsAsScore } from '../history/runsThatCount';
import type { ChangelogCategory } from '../workspace/changelog';
import type { ClientManifest } from '../workspace/schemas';
import { breachMessage, type BreachFigures } from './figures';

/**
 * The history of an eval set as the dashboard plots it, the threshold breaches of each run, and
 * the events marked on the timeline. Pure functions over rows the history index returns.
 */

/** The fields of an indexed run (src/core/history/runColumns.ts) these functions read. */
export type SeriesRun = Pick<RunSummaryRow, keyof typeof SERIES_POINT_FIELDS | 'evalSetId' | 'status' | 'partial' | 'purpose'>;

export type Thresholds = ClientManifest['thresholds'];

export interface Breach extends BreachFigures {
  /** "pass rate 85.7% < 90% threshold (−4.3 pts)", worded by src/core/analysis/figures.ts. */
  message: string;
}

/** A point on a set's charts: the run's SERIES_POINT_FIELDS and its breaches. */
export type SeriesPoint = Pick<RunSummaryRow, keyof typeof SERIES_POINT_FIELDS> & { breaches: Breach[] };

/**
 * Per eval set, the runs that are its score (src/core/history/runsThatCount.ts) oldest first as
 * plot points, each with its breaches. The others still appear among the recent runs.
 */
export function seriesBySet(runs: readonly SeriesRun[], thresholds?: Thresholds): Map<string, SeriesPoint[]> {
  const out = new Map<string, SeriesPoint[]>();
  for (const run of [...runs].sort(byTime)) {
    if (!countsAsScore(run)) continue;
    let points = out.get(run.evalSetId);
    if (!points) out.set(run.evalSetId, (points = []));
    points.push(toPoint(run, thresholds));
  }
  return out;
}

export function toPoint(run: SeriesRun, thresholds?: Thresholds): SeriesPoint {
  return { ...pickFields(run, SERIES_POINT_FIELDS), breaches: breaches(run, thresholds) };
}

/** The fields of `mask` that `run` has (an absent optional field stays absent). */
export function pickFields<T extends object, K extends keyof T>(run: T, mask: Readonly<Record<K, true>>): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of Object.keys(mask) as K[]) if (run[k] !== undefined) out[k] = run[k];
  return out as Pick<T, K>;
}

/** What a run breached of the client's thresholds: a pass rate below, a p95 latency above. */
export function breaches(run: Pick<SeriesRun, 'passRate' | 'latencyP95Ms'>, thresholds?: Thresholds): Breach[] {
  const found: BreachFigures[] = [];
  if (thresholds?.passRate !== undefined && run.passRate < thresholds.passRate) {
    found.push({ metric: 'passRate', value: run.passRate, threshold: thresholds.passRate });
  }
  if (thresholds?.latencyP95Ms !== undefined && run.latencyP95Ms !== undefined && run.latencyP95Ms > thresholds.latencyP95Ms) {
    found.push({ metric: 'latencyP95Ms', value: run.latencyP95Ms, threshold: thresholds.latencyP95Ms });
  }
  return found.map((b) => ({ ...b, message: breachMessage(b) }));
}

export type TimelineEvent =
  | { kind: 'model'; at: string; runId: string; evalSetId: string; from: ModelIdentity; to: ModelIdentity; title: string }
  | { kind: 'systemPrompt'; at: string; runId: string; evalSetId: string; from: string; to: string; title: string }
  | { kind: 'changelog'; at: string; date: string; category: ChangelogCategory; hours: number; title: string; file?: string; line: number };

export interface ModelIdentity {
  name: string;
  digest?: string;
}

/**
 * The timeline's marks, oldest first: the first run (of any set, any status) on a model whose
 * digest differs from the run before it (by name where a provider reports no digest), the first
 * run with a system prompt of another sha256, and every change-log entry (at its calendar date,
 * which sorts before the runs of that day).
 */
export function timelineEvents(
  runs: readonly SeriesRun[],
  changelog: readonly { date: string; category: ChangelogCategory; hours: number; title: string; line: number; file?: string }[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let prev: SeriesRun | undefined;
  for (const run of [...runs].sort(byTime)) {
    if (prev) {
      const before = prev.modelDigest ?? prev.modelName;
      const after = run.modelDigest ?? run.modelName;
      if (before !== after) {
        const from = identity(prev);
        const to = identity(run);
        events.push({ kind: 'model', at: run.startedAt, runId: run.runId, evalSetId: run.evalSetId, from, to, title: `Model ${describe(from)} → ${describe(to)}` });
      }
      if (prev.systemPromptSha !== run.systemPromptSha) {
        events.push({
          kind: 'systemPrompt',
          at: run.startedAt,
          runId: run.runId,
          evalSetId: run.evalSetId,
          from: prev.systemPromptSha,
          to: run.systemPromptSha,
          title: `System prompt changed (${prev.systemPromptSha.slice(0, 8)} → ${run.systemPromptSha.slice(0, 8)})`,
        });
      }
    }
    prev = run;
  }
  for (const e of changelog) {
    events.push({ kind: 'changelog', at: e.date, date: e.date, category: e.category, hours: e.hours, title: e.title, line: e.line, ...(e.file !== undefined ? { file: e.file } : {}) });
  }
  const order = { changelog: 0, model: 1, systemPrompt: 2 };
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : order[a.kind] - order[b.kind]));
}

function identity(run: SeriesRun): ModelIdentity {
  return { name: run.modelName, ...(run.modelDigest !== undefined ? { digest: run.modelDigest } : {}) };
}

function describe(m: ModelIdentity): string {
  return m.digest ? `${m.name} (${m.digest.slice(0, 12)})` : m.name;
}

function byTime(a: Pick<SeriesRun, 'startedAt' | 'runId'>, b: Pick<SeriesRun, 'startedAt' | 'runId'>): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}
