import { day, daysBetween, monthName } from '../format/dates';
import { hours, money } from '../format/numbers';
import { addMonths } from './hours';

/**
 * What a client's dashboard recommends doing next, and the thresholds behind it. Pure (no Node,
 * no VS Code): the extension computes the actions, the webview and the coming report use the
 * same thresholds for their own wording, the CLI may print them.
 */

/** A set not run for this many days (or never) gets a "Run <set>" action. */
export const STALE_DAYS = 14;
/** Hours at this share of the included hours get a "Hours nearly used" action. */
export const HOURS_WARNING = 0.8;

/** How a month's hours stand against the retainer: none included, under, nearly used, or over. */
export type HoursStatus = 'none' | 'ok' | 'warning' | 'over';

export function hoursStatus(used: number, included: number | undefined, overage?: number): HoursStatus {
  if (included === undefined) return 'none';
  if ((overage ?? Math.max(0, used - included)) > 0) return 'over';
  return included > 0 && used >= HOURS_WARNING * included ? 'warning' : 'ok';
}

export type NextAction =
  | { kind: 'breach'; evalSetId: string; runId: string; label: string; detail: string }
  | { kind: 'investigate'; evalSetId: string; baseRunId: string; headRunId: string; label: string; detail: string }
  | { kind: 'run'; evalSetId: string; label: string; detail: string }
  | { kind: 'report'; month: string; label: string; detail: string }
  | { kind: 'hours'; severity: 'warning' | 'over'; label: string; detail: string };

/** What the actions are computed from: the dashboard's data for one client. */
export interface NextActionInput {
  /** When the data was computed (ISO). */
  now: string;
  breaches: readonly { evalSetId: string; evalSetName: string; runId: string; breach: { message: string } }[];
  sets: readonly {
    evalSetId: string;
    name: string;
    inWorkspace: boolean;
    lastRunAt?: string;
    series: readonly { runId: string; startedAt: string }[];
    drift: { status: string; headRunId?: string; reference?: { kind: string; runIds: readonly string[] }; delta?: number; pValue?: number };
  }[];
  hours: {
    thisMonth: { month: string; total: number; included?: number; remaining?: number; overage?: number; overageValue?: number; currency?: string };
    months?: readonly { month: string; entries: number }[];
  };
  /** The months (YYYY-MM) the client has a report for; unknown (no report action) when absent. */
  reportMonths?: readonly string[];
}

/**
 * What to do next, most urgent first: open a breaching run; investigate a declining set; run a
 * set not run for STALE_DAYS or more; write the report of a month that ended without one; mind
 * the hours at HOURS_WARNING of the retainer or over it.
 */
export function nextActions(view: NextActionInput): NextAction[] {
  const out: NextAction[] = [];
  for (const b of view.breaches) {
    out.push({ kind: 'breach', evalSetId: b.evalSetId, runId: b.runId, label: `${b.evalSetName}: ${b.breach.message}`, detail: `In the run of ${runDay(view, b.runId, b.evalSetId)}. Open it to see which cases failed.` });
  }
  for (const s of view.sets) {
    const d = s.drift;
    if (d.status !== 'declining' || !d.headRunId || !d.reference?.runIds.length) continue;
    // The pinned baseline, else the oldest run of the window the latest run was tested against.
    const baseRunId = d.reference.runIds[0];
    const against = d.reference.kind === 'baseline' ? 'the pinned baseline' : `the run of ${runDay(view, baseRunId, s.evalSetId)}, the start of the window it was tested against`;
    const fell = d.delta !== undefined ? `Pass rate fell ${Math.abs(d.delta * 100).toFixed(1)} points` : 'Pass rate fell';
    out.push({
      kind: 'investigate',
      evalSetId: s.evalSetId,
      baseRunId,
      headRunId: d.headRunId,
      label: `Investigate ${s.name}: compare the last run with the baseline`,
      detail: `${fell}${d.pValue !== undefined ? ` (p = ${d.pValue < 0.001 ? d.pValue.toExponential(1) : d.pValue.toFixed(3)})` : ''}; compares the last run with ${against}.`,
    });
  }
  for (const s of view.sets) {
    if (!s.inWorkspace) continue;
    const days = s.lastRunAt ? daysBetween(s.lastRunAt, view.now) : undefined;
    if (days !== undefined && days < STALE_DAYS) continue;
    out.push({ kind: 'run', evalSetId: s.evalSetId, label: `Run ${s.name}`, detail: days === undefined ? 'Never run.' : `Not run for ${days} days (last run ${s.lastRunAt!.slice(0, 10)}).` });
  }
  const report = missingReport(view);
  if (report) out.push(report);
  const h = view.hours.thisMonth;
  const status = hoursStatus(h.total, h.included, h.overage);
  if (status === 'over' && h.included !== undefined) {
    const over = h.overage ?? h.total - h.included;
    const value = h.overageValue !== undefined ? ` (${money(h.overageValue, h.currency)} at the hourly rate)` : '';
    out.push({ kind: 'hours', severity: 'over', label: `Hours over by ${hours(over)} h`, detail: `${hours(h.total)} h logged in ${monthName(h.month)} against ${hours(h.included)} h included${value}.` });
  } else if (status === 'warning' && h.included !== undefined) {
    out.push({ kind: 'hours', severity: 'warning', label: 'Hours nearly used', detail: `${hours(h.total)} h of ${hours(h.included)} h included used in ${monthName(h.month)}; ${hours(h.remaining ?? h.included - h.total)} h left.` });
  }
  return out;
}

/**
 * The last month that ended (the one before this month), when it has no report and the client's
 * record had begun by its end (a run or an hour logged then or before): a client that started
 * this month has nothing to report yet.
 */
function missingReport(view: NextActionInput): NextAction | undefined {
  if (!view.reportMonths) return undefined;
  const ended = addMonths(view.hours.thisMonth.month, -1);
  if (view.reportMonths.includes(ended)) return undefined;
  const runMonths = view.sets.flatMap((s) => [...s.series.map((p) => p.startedAt), ...(s.lastRunAt ? [s.lastRunAt] : [])]).map((at) => day(at).slice(0, 7));
  const hourMonths = (view.hours.months ?? []).filter((m) => m.entries > 0).map((m) => m.month);
  if (![...runMonths, ...hourMonths].some((m) => m <= ended)) return undefined;
  return { kind: 'report', month: ended, label: `Generate the ${monthName(ended)} report`, detail: `${monthName(ended)} ended without a report (reports/${ended}.md).` };
}

/** The day (YYYY-MM-DD) of a run of a set, from its series, else from its id (which starts with its start time). */
function runDay(view: NextActionInput, runId: string, evalSetId: string): string {
  const p = view.sets.find((s) => s.evalSetId === evalSetId)?.series.find((x) => x.runId === runId);
  return (p?.startedAt ?? runId).slice(0, 10);
}
