import { compareRuns } from '../analysis/compareRuns';
import { driftRunsNeeded, driftStatus } from '../analysis/drift';
import { addMonths, monthlyHours } from '../analysis/hours';
import { breaches } from '../analysis/series';
import { countsAsScore, isProductionRun } from '../history/runsThatCount';
import { toDriftRuns } from '../history/dashboard';
import type { HistoryIndex } from '../history/historyIndex';
import type { RunRow } from '../history/types';
import { readRunRecord } from '../store/readRuns';
import type { Client } from '../workspace/loadWorkspace';
import { anomalies } from './anomalies';
import { monthComparisons } from './comparisons';
import { dateIn, monthLabel, monthProblem, monthToShowProblem, timeZoneProblem, TREND_MONTHS } from './calendar';
import { reportHealth } from './health';
import { narrative } from './narrative';
import { productionReviewLines } from './productionReview';
import { reportOperations } from './operations';
import { retrainingRecommendation } from './retraining';
import { figure, type DatedRun } from './dated';
import type { MonthlyReport, SetReport } from './types';

/** A month the report cannot be made for (malformed, or not begun yet): the CLI's exit 2. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

export interface ReportOptions {
  /** The engineer's clock (default: now). */
  now?: Date;
  /** IANA zone runs are placed into days and months by (default: the machine's). */
  timeZone?: string;
  /** The engineer's notes, as kept in the existing Markdown report. */
  notes?: string;
}

/**
 * The report of one client for one calendar month, from the history index and the run records
 * (two records a set for the case-by-case comparison, and those of runs with flaky cases).
 */
export async function monthlyReport(index: HistoryIndex, client: Client, month: string, options: ReportOptions = {}): Promise<MonthlyReport> {
  const now = options.now ?? new Date();
  const tz = options.timeZone;
  const malformed = monthProblem(month);
  if (malformed) throw new ReportInputError(malformed);
  const badZone = timeZoneProblem(tz);
  if (badZone) throw new ReportInputError(badZone);
  const problem = monthToShowProblem(month, now, tz);
  if (problem) throw new ReportInputError(problem);
  const today = dateIn(now, tz);

  const monthStart = `${month}-01`;
  const monthEnd = `${month}-31`; // dates compare as text: every day of the month sorts at or before it
  const trendStart = `${addMonths(month, -(TREND_MONTHS - 1))}-01`;
  // Candidate and sample runs are not the client's model in production: the report tells of none of them.
  const all: DatedRun[] = index.runs(client).filter(isProductionRun).map((run) => ({ run, date: dateIn(run.startedAt, tz) }));
  const upToMonthEnd = all.filter((d) => d.date <= monthEnd);
  const inMonth = upToMonthEnd.filter((d) => d.date >= monthStart);
  const changelog = index.changelog(client).filter((e) => e.date <= monthEnd);
  const thresholds = client.manifest?.thresholds;

  const setIds = [...new Set([...client.evalSets.map((s) => s.id), ...upToMonthEnd.filter((d) => d.date >= trendStart).map((d) => d.run.evalSetId)])];
  const comparableBySet = new Map(setIds.map((id) => [id, upToMonthEnd.filter((d) => d.run.evalSetId === id && countsAsScore(d.run))]));

  // One query for the case outcomes drift needs and those of runs with errored cases.
  const keys: number[] = inMonth.filter((d) => d.run.errored > 0).map((d) => d.run.key);
  for (const [id, runs] of comparableBySet) {
    const needed = new Set(driftRunsNeeded(toDriftRuns(runs.map((d) => d.run), new Map()), baselineOption(client, id)));
    keys.push(...runs.filter((d) => needed.has(d.run.runId)).map((d) => d.run.key));
  }
  const cases = index.caseOutcomes(keys);

  const sets: SetReport[] = [];
  for (const evalSetId of setIds) {
    const comparable = comparableBySet.get(evalSetId)!;
    const monthRuns = comparable.filter((d) => d.date >= monthStart);
    const before = comparable.filter((d) => d.date < monthStart);
    const first = monthRuns[0];
    const last = monthRuns[monthRuns.length - 1];
    const previous = before[before.length - 1];
    const moved = previous && last ? await caseMoves(previous.run, last.run) : { fixed: [], regressed: [] };
    const newest = [...all].reverse().find((d) => d.run.evalSetId === evalSetId);
    sets.push({
      evalSetId,
      name: client.evalSets.find((s) => s.id === evalSetId)?.name ?? newest?.run.evalSetName ?? evalSetId,
      runs: inMonth.filter((d) => d.run.evalSetId === evalSetId).length,
      completeRuns: monthRuns.length,
      ...(first ? { first: figure(first) } : {}),
      ...(last ? { last: figure(last) } : {}),
      ...(previous ? { previous: figure(previous) } : {}),
      ...(previous && last ? { move: { passRate: last.run.passRate - previous.run.passRate, score: last.run.score - previous.run.score } } : {}),
      drift: driftStatus(toDriftRuns(comparable.map((d) => d.run), cases), baselineOption(client, evalSetId)),
      breaches: monthRuns.flatMap((d) => breaches(d.run, thresholds).map((breach) => ({ runId: d.run.runId, date: d.date, passed: d.run.passed, total: d.run.total, passRate: d.run.passRate, breach }))),
      series: comparable.filter((d) => d.date >= trendStart).map(figure),
      fixedCases: moved.fixed,
      regressedCases: moved.regressed,
    });
  }

  const retainer = client.manifest?.retainer;
  const hours = monthlyHours(changelog, retainer, addMonths(month, -(TREND_MONTHS - 1)), month, client.changelog !== undefined);
  const noRuns = inMonth.length === 0;
  const retraining = retrainingRecommendation({ month, sets, comparableBySet, thresholds, changelog, everyMonths: client.manifest?.retrain?.everyMonths, firstDate: all[0]?.date });
  const found = await anomalies({ month, inMonth, upToMonthEnd, changelog, cases, names: new Map(sets.map((s) => [s.evalSetId, s.name])) });
  const operations = await reportOperations(client, month, now);
  const health = reportHealth({ sets, noRuns, inWorkspace: new Set(client.evalSets.map((s) => s.id)), thresholds, operations });
  const thisMonth = hours[hours.length - 1];
  const productionReview = await productionReviewLines(client.dir, month);
  const comparisons = await monthComparisons({ clientDir: client.dir, month, ...(tz !== undefined ? { timeZone: tz } : {}), changelog });
  return {
    client: { id: client.id, name: client.name, dir: client.dir },
    month,
    monthLabel: monthLabel(month),
    preparedAt: now.toISOString(),
    preparedOn: today,
    ...(tz !== undefined ? { timeZone: tz } : {}),
    ...(thresholds ? { thresholds } : {}),
    health,
    noRuns,
    sets,
    narrative: narrative({ month, sets, changelog, comparableBySet, noRuns, health, retraining, anomalies: found, hours: thisMonth, inWorkspace: new Set(client.evalSets.map((s) => s.id)), ...(thresholds ? { thresholds } : {}) }),
    retraining,
    anomalies: found,
    ...(comparisons.read.length ? { comparisons: comparisons.read } : {}),
    ...(comparisons.unreadable.length ? { unreadableComparisons: comparisons.unreadable } : {}),
    ...(productionReview ? { productionReview } : {}),
    hours: { month: thisMonth, previous: hours.slice(0, -1), unparsed: client.changelog?.unparsed ?? [] },
    notes: options.notes ?? '',
  };
}

function baselineOption(client: Client, evalSetId: string): { baselineRunId?: string } {
  const pinned = client.baselines[evalSetId];
  return pinned !== undefined ? { baselineRunId: pinned } : {};
}

/** Fixed and regressed case ids between two runs, by Compare Runs itself; nothing when a record cannot be read. */
async function caseMoves(base: RunRow, head: RunRow): Promise<{ fixed: string[]; regressed: string[] }> {
  const [b, h] = await Promise.all([readRunRecord(base.file), readRunRecord(head.file)]);
  if (!b.ok || !h.ok) return { fixed: [], regressed: [] };
  const cmp = compareRuns(b.record, h.record);
  return { fixed: cmp.cases.filter((c) => c.change === 'fixed').map((c) => c.id), regressed: cmp.cases.filter((c) => c.change === 'regressed').map((c) => c.id) };
}
