import { driftRunsNeeded, driftStatus, DRIFT_DEFAULTS, type DriftOptions, type DriftResult, type DriftRun, type DriftStatus } from '../analysis/drift';
import { breachLine, type RunFigures } from '../analysis/figures';
import { addMonths, hoursForMonth, monthlyHours, type MonthHours, type Retainer } from '../analysis/hours';
import { monthEndIn, monthIn } from '../report/calendar';
import { breaches, pickFields, seriesBySet, timelineEvents, toPoint, type Breach, type SeriesPoint, type Thresholds, type TimelineEvent } from '../analysis/series';
import { monthOf } from '../workspace/changelog';
import type { Client } from '../workspace/loadWorkspace';
import type { HistoryIndex } from './historyIndex';
import { STOPPED_RUN_FIELDS, type RunSummaryRow } from './runColumns';
import { countsAsScore, isProductionRun, isStoppedRun } from './runsThatCount';
import type { CaseStatus, IndexedChangelogEntry, RunRow } from './types';

/**
 * What the dashboard shows, computed from the history index: one client in full
 * (`clientDashboard`) and every client in a row (`clientsOverview`). The index is read here; the
 * computing is done by pure functions (`buildClientDashboard` and src/core/analysis).
 */

export type Health = 'ok' | 'breach' | 'no-runs';

export interface DashboardOptions {
  /** Eval set id → pinned baseline run id (src/core/store/baselines.ts). */
  baselines?: Readonly<Record<string, string>>;
  drift?: Omit<DriftOptions, 'baselineRunId'>;
  /** How many recent runs to list (default 10). */
  recentRuns?: number;
  /** Months of hours history, ending with the current month (default 12). */
  months?: number;
}

export interface SetDashboard {
  evalSetId: string;
  name: string;
  /** The eval set file still exists (a deleted set keeps its history). */
  inWorkspace: boolean;
  caseCount?: number;
  /** Comparable runs (complete, whole set), oldest first. */
  series: SeriesPoint[];
  latest?: SeriesPoint;
  /** A production run newer than `latest` that was an outage or was interrupted: shown beside the score, never as it. */
  stopped?: Pick<RunSummaryRow, keyof typeof STOPPED_RUN_FIELDS>;
  baselineRunId?: string;
  drift: DriftResult;
}

export interface SetBreach {
  evalSetId: string;
  evalSetName: string;
  runId: string;
  breach: Breach;
}

export interface ClientDashboard {
  client: { id: string; name: string; dir: string };
  /** The `now` it was computed for, and its calendar month (local time). */
  now: string;
  month: string;
  thresholds?: Thresholds;
  retainer?: Retainer;
  /** From each set's latest comparable run against the thresholds. */
  health: Health;
  breaches: SetBreach[];
  sets: SetDashboard[];
  events: TimelineEvent[];
  hours: { thisMonth: MonthHours; months: MonthHours[] };
  /** Newest first, any status. */
  recentRuns: (RunRow & { breaches: Breach[] })[];
}

/** Everything the dashboard shows for one client. */
export function clientDashboard(index: HistoryIndex, client: Client, now: Date, options: DashboardOptions = {}): ClientDashboard {
  const runs = index.runs(client);
  const changelog = index.changelog(client);
  const needed = neededRunKeys(runs, options);
  const cases = index.caseOutcomes(needed);
  return buildClientDashboard({ client, runs, changelog, cases, now, options });
}

/** The pure half of clientDashboard: the same result from data already fetched. */
export function buildClientDashboard(input: {
  client: Pick<Client, 'id' | 'name' | 'dir' | 'manifest' | 'evalSets' | 'changelog'>;
  /** All the client's runs, any status. */
  runs: readonly RunRow[];
  changelog: readonly IndexedChangelogEntry[];
  /** Case outcomes by RunRow.key for (at least) the runs drift needs. */
  cases: ReadonlyMap<number, ReadonlyMap<string, CaseStatus>>;
  now: Date;
  options?: DashboardOptions;
}): ClientDashboard {
  const { client, runs, changelog, cases, now } = input;
  const options = input.options ?? {};
  const thresholds = client.manifest?.thresholds;
  const retainer = client.manifest?.retainer;
  const month = monthOf(now);

  const series = seriesBySet(runs, thresholds);
  const names = new Map<string, string>();
  // Runs are oldest first: the newest name wins. A set gone from the workspace stays while it has
  // production runs; a candidate's or a production sample's runs never make a set of their own.
  for (const r of runs) if (isProductionRun(r)) names.set(r.evalSetId, r.evalSetName);
  const setIds = [...client.evalSets.map((s) => s.id), ...[...series.keys(), ...names.keys()].filter((id) => !client.evalSets.some((s) => s.id === id))];
  const sets: SetDashboard[] = [...new Set(setIds)].map((evalSetId) => {
    const inWorkspace = client.evalSets.find((s) => s.id === evalSetId);
    const points = series.get(evalSetId) ?? [];
    const baselineRunId = options.baselines?.[evalSetId];
    const comparable = runs.filter((r) => r.evalSetId === evalSetId && countsAsScore(r));
    const drift = driftStatus(toDriftRuns(comparable, cases), { ...options.drift, ...(baselineRunId !== undefined ? { baselineRunId } : {}) });
    const latest = points[points.length - 1];
    const stopped = runs.filter((r) => r.evalSetId === evalSetId && isStoppedRun(r) && (!latest || r.startedAt > latest.startedAt)).pop();
    return {
      evalSetId,
      name: inWorkspace?.name ?? names.get(evalSetId) ?? evalSetId,
      inWorkspace: inWorkspace !== undefined,
      ...(inWorkspace ? { caseCount: inWorkspace.cases.length } : {}),
      series: points,
      ...(latest ? { latest } : {}),
      ...(stopped ? { stopped: pickFields(stopped, STOPPED_RUN_FIELDS) } : {}),
      ...(baselineRunId !== undefined ? { baselineRunId } : {}),
      drift,
    };
  });

  const setBreaches: SetBreach[] = sets.flatMap((s) => (s.latest ? s.latest.breaches.map((breach) => ({ evalSetId: s.evalSetId, evalSetName: s.name, runId: s.latest!.runId, breach })) : []));
  const months = monthlyHours(changelog, retainer, addMonths(month, -((options.months ?? 12) - 1)), month, client.changelog !== undefined);
  const recent = runs.slice(-(options.recentRuns ?? 10)).reverse();
  return {
    client: { id: client.id, name: client.name, dir: client.dir },
    now: now.toISOString(),
    month,
    ...(thresholds ? { thresholds } : {}),
    ...(retainer ? { retainer } : {}),
    health: sets.some((s) => s.latest) ? (setBreaches.length ? 'breach' : 'ok') : 'no-runs',
    breaches: setBreaches,
    sets,
    events: timelineEvents(runs, changelog),
    hours: { thisMonth: months[months.length - 1], months },
    // Only a run that is its set's score is judged against the thresholds.
    recentRuns: recent.map((r) => ({ ...r, breaches: countsAsScore(r) ? breaches(r, thresholds) : [] })),
  };
}

export interface OverviewRow {
  clientId: string;
  name: string;
  dir: string;
  /** client.yaml does not validate: no thresholds or retainer to judge by. */
  broken: boolean;
  health: Health;
  /** "Front desk: pass rate 82% < 90% threshold (−8 pts)", from each set's latest comparable run. */
  breaches: string[];
  /** The newest production run of any set, any status. */
  lastRunAt?: string;
  /** The worst drift status over the sets: declining, else improving, else stable, else insufficient-data. */
  trend: DriftStatus;
  /** Each set's drift, and the figures of its latest comparable run. */
  trendBySet: { evalSetId: string; name: string; status: DriftStatus; latest: RunFigures }[];
  hours: { month: string; used: number; included?: number; overage?: number; unread?: string };
}

/** One row per client for the all-clients overview, from a handful of queries whatever the number of clients. */
export function clientsOverview(
  index: HistoryIndex,
  clients: readonly Client[],
  now: Date,
  options: {
    baselines?: (client: Client) => Readonly<Record<string, string>> | undefined;
    drift?: Omit<DriftOptions, 'baselineRunId'>;
    /** A month before `now`'s (YYYY-MM): its hours, and everything else as it stood at its end. */
    month?: string;
    /** The clock months are read on (an IANA name); the machine's when undefined. */
    timeZone?: string;
  } = {},
): OverviewRow[] {
  const window = options.drift?.window ?? DRIFT_DEFAULTS.window;
  const { month, asOf: end } = monthSeenFrom(options.month, now, options.timeZone);
  // A past month is seen from its end: no run started after it is its last run, score or drift input.
  const asOf = end ? { before: end } : {};
  const recent = groupBy(index.latestRuns({ perSet: window + 1, comparableOnly: true, ...asOf }), (r) => r.clientDir);
  const newest = groupBy(index.latestRuns({ perSet: 1, productionOnly: true, ...asOf }), (r) => r.clientDir);

  // Each set's comparable runs as far as drift looks; a baseline older than the window is fetched on its own.
  const bySet = new Map<Client, Map<string, RunRow[]>>();
  const keys: number[] = [];
  for (const client of clients) {
    const sets = groupBy(recent.get(client.dir) ?? [], (r) => r.evalSetId);
    const baselines = options.baselines?.(client) ?? {};
    for (const [setId, baselineRunId] of Object.entries(baselines)) {
      const runs = sets.get(setId);
      if (!runs || runs.some((r) => r.runId === baselineRunId)) continue;
      const base = index.runs(client, { evalSetId: setId, comparableOnly: true, ...asOf }).find((r) => r.runId === baselineRunId);
      if (base) runs.unshift(base);
    }
    for (const [setId, runs] of sets) keys.push(...keysFor(runs, baselines[setId], options.drift));
    bySet.set(client, sets);
  }
  const cases = index.caseOutcomes(keys);

  return clients.map((client) => {
    const thresholds = client.manifest?.thresholds;
    const sets = bySet.get(client)!;
    const baselines = options.baselines?.(client) ?? {};
    const trendBySet: OverviewRow['trendBySet'] = [];
    const breachText: string[] = [];
    for (const [evalSetId, runs] of sets) {
      const latest = runs[runs.length - 1];
      const name = client.evalSets.find((s) => s.id === evalSetId)?.name ?? latest.evalSetName;
      const drift = driftStatus(toDriftRuns(runs, cases), { ...options.drift, ...(baselines[evalSetId] !== undefined ? { baselineRunId: baselines[evalSetId] } : {}) });
      const latestFigures = { passRate: latest.passRate, passed: latest.passed, total: latest.total, score: latest.score, errored: latest.errored };
      trendBySet.push({ evalSetId, name, status: drift.status, latest: latestFigures });
      for (const b of toPoint(latest, thresholds).breaches) breachText.push(breachLine(name, b));
    }
    const lastRunAt = (newest.get(client.dir) ?? []).reduce<string | undefined>((max, r) => (max === undefined || r.startedAt > max ? r.startedAt : max), undefined);
    const changelog = index.changelog(client);
    const hours = hoursForMonth(changelog, client.manifest?.retainer, month, client.changelog !== undefined);
    return {
      clientId: client.id,
      name: client.name,
      dir: client.dir,
      broken: client.manifest === undefined,
      health: sets.size === 0 ? 'no-runs' : breachText.length ? 'breach' : 'ok',
      breaches: breachText,
      ...(lastRunAt !== undefined ? { lastRunAt } : {}),
      trend: worstTrend(trendBySet.map((t) => t.status)),
      trendBySet,
      hours: { month, used: hours.total, ...(hours.included !== undefined ? { included: hours.included, overage: hours.overage } : {}), ...(hours.unread ? { unread: hours.unread } : {}) },
    };
  });
}

/**
 * The month a status shows (`month`, else the one `now` is in on the engineer's clock) and, for a
 * past month, the instant it is seen from: its end, when the next month began in `timeZone`.
 */
export function monthSeenFrom(month: string | undefined, now: Date, timeZone?: string): { month: string; asOf?: string } {
  const current = monthIn(now, timeZone);
  const shown = month ?? current;
  return shown < current ? { month: shown, asOf: monthEndIn(shown, timeZone).toISOString() } : { month: shown };
}

function worstTrend(statuses: DriftStatus[]): DriftStatus {
  for (const s of ['declining', 'improving', 'stable'] as const) if (statuses.includes(s)) return s;
  return 'insufficient-data';
}

function neededRunKeys(runs: readonly RunRow[], options: DashboardOptions): number[] {
  const bySet = groupBy(runs.filter(countsAsScore), (r) => r.evalSetId);
  return [...bySet].flatMap(([setId, setRuns]) => keysFor(setRuns, options.baselines?.[setId], options.drift));
}

function keysFor(runs: readonly RunRow[], baselineRunId: string | undefined, drift: DashboardOptions['drift']): number[] {
  const ids = new Set(driftRunsNeeded(toDriftRuns(runs, new Map()), { ...drift, ...(baselineRunId !== undefined ? { baselineRunId } : {}) }));
  return runs.filter((r) => ids.has(r.runId)).map((r) => r.key);
}

/** Index rows as the drift test takes them, with the case outcomes where they were fetched. */
export function toDriftRuns(runs: readonly RunRow[], cases: ReadonlyMap<number, ReadonlyMap<string, CaseStatus>>): DriftRun[] {
  return runs.map((r) => {
    const outcomes = cases.get(r.key);
    return {
      runId: r.runId,
      startedAt: r.startedAt,
      passed: r.passed,
      total: r.total,
      passRate: r.passRate,
      ...(outcomes ? { cases: new Map([...outcomes].map(([id, s]) => [id, s === 'passed'])) } : {}),
    };
  });
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
