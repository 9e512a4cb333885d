import type { MonthHours } from '../../core/analysis/hours';
import { pickFields, type Breach, type SeriesPoint, type TimelineEvent } from '../../core/analysis/series';
import { RECENT_RUN_FIELDS, SERIES_POINT_FIELDS } from '../../core/history/runColumns';
import { isProductionRun } from '../../core/history/runsThatCount';
import type { ClientDashboard, OverviewRow, SetDashboard } from '../../core/history';
import type { BreachView, DashboardView, MonthHoursView, NextAction, OverviewRowView, RecentRunView, SeriesPointView, SetView, TimelineEventView } from '../../protocol/dashboard';

/**
 * The history's dashboard data → what the dashboard webview shows, plus the next actions it
 * recommends. Plain data in, plain data out (no VS Code here): the panel sends the result as a
 * message and the webview renders it as text. Absolute paths (the client folder, the change log)
 * stay in the extension; the view refers to runs by id and to change-log entries by line.
 */

/** A set not run for this many days gets a "Run <set>" action. */
export const STALE_DAYS = 14;
/** Hours at this share of the included hours get a "Hours nearly used" action. */
export const HOURS_WARNING = 0.8;

const DAY_MS = 24 * 60 * 60 * 1000;

export function dashboardView(d: ClientDashboard, today: string): DashboardView {
  const sets = d.sets.map((s) => setView(s, d));
  const view: DashboardView = {
    client: { id: d.client.id, name: d.client.name },
    now: d.now,
    month: d.month,
    today,
    ...(d.thresholds ? { thresholds: { ...optional('passRate', d.thresholds.passRate), ...optional('latencyP95Ms', d.thresholds.latencyP95Ms) } } : {}),
    ...(d.retainer
      ? { retainer: { includedHours: d.retainer.includedHours, ...optional('hourlyRate', d.retainer.hourlyRate), ...optional('currency', d.retainer.currency) } }
      : {}),
    health: d.health,
    breaches: d.breaches.map((b) => ({ evalSetId: b.evalSetId, evalSetName: b.evalSetName, runId: b.runId, breach: breach(b.breach) })),
    sets,
    events: d.events.map(eventView),
    hours: { thisMonth: monthHours(d.hours.thisMonth), months: d.hours.months.map(monthHours) },
    recentRuns: d.recentRuns.map((r): RecentRunView => ({ ...pickFields(r, RECENT_RUN_FIELDS), breaches: r.breaches.map(breach) })),
    actions: [],
  };
  view.actions = nextActions(view);
  return view;
}

function setView(s: SetDashboard, d: ClientDashboard): SetView {
  const newestAnyStatus = d.recentRuns.find((r) => r.evalSetId === s.evalSetId && isProductionRun(r))?.startedAt;
  const lastRunAt = [s.latest?.startedAt, newestAnyStatus].filter((t): t is string => t !== undefined).sort().pop();
  return {
    evalSetId: s.evalSetId,
    name: s.name,
    inWorkspace: s.inWorkspace,
    ...optional('caseCount', s.caseCount),
    series: s.series.map(point),
    ...(s.latest ? { latest: point(s.latest) } : {}),
    ...(s.stopped ? { stopped: { ...s.stopped } } : {}),
    ...optional('baselineRunId', s.baselineRunId),
    drift: {
      status: s.drift.status,
      method: s.drift.method,
      test: s.drift.test,
      ...optional('headRunId', s.drift.headRunId),
      ...(s.drift.reference ? { reference: { kind: s.drift.reference.kind, runIds: [...s.drift.reference.runIds] } } : {}),
      ...optional('delta', s.drift.delta),
      ...optional('pValue', s.drift.pValue),
    },
    ...optional('lastRunAt', lastRunAt),
  };
}

function point(p: SeriesPoint): SeriesPointView {
  return { ...pickFields(p, SERIES_POINT_FIELDS), breaches: p.breaches.map(breach) };
}

function breach(b: Breach): BreachView {
  return { metric: b.metric, value: b.value, threshold: b.threshold, message: b.message };
}

function eventView(e: TimelineEvent): TimelineEventView {
  switch (e.kind) {
    case 'model':
      return { kind: 'model', at: e.at, runId: e.runId, evalSetId: e.evalSetId, from: { ...e.from }, to: { ...e.to }, title: e.title };
    case 'systemPrompt':
      return { kind: 'systemPrompt', at: e.at, runId: e.runId, evalSetId: e.evalSetId, from: e.from, to: e.to, title: e.title };
    case 'changelog':
      return { kind: 'changelog', at: e.at, date: e.date, category: e.category, hours: e.hours, title: e.title, line: e.line };
  }
}

function monthHours(m: MonthHours): MonthHoursView {
  return {
    month: m.month,
    byCategory: { ...m.byCategory },
    total: m.total,
    entries: m.entries,
    ...optional('included', m.included),
    ...optional('remaining', m.remaining),
    ...optional('overage', m.overage),
    ...optional('overageValue', m.overageValue),
    ...optional('currency', m.currency),
  };
}

/**
 * What to do next, most urgent first: open a breaching run; investigate a declining set; run a
 * set not run for 14 days or more; mind the hours at 80% of the retainer or over it.
 */
export function nextActions(view: Omit<DashboardView, 'actions'>): NextAction[] {
  const out: NextAction[] = [];
  for (const b of view.breaches) {
    out.push({ kind: 'breach', evalSetId: b.evalSetId, runId: b.runId, label: `${b.evalSetName}: ${b.breach.message}`, detail: `In the run of ${day(b.runId, view.sets, b.evalSetId)}. Open it to see which cases failed.` });
  }
  for (const s of view.sets) {
    const d = s.drift;
    if (d.status !== 'declining' || !d.headRunId || !d.reference?.runIds.length) continue;
    // The pinned baseline, else the oldest run of the window the latest run was tested against.
    const baseRunId = d.reference.runIds[0];
    const against = d.reference.kind === 'baseline' ? 'the pinned baseline' : `the run of ${day(baseRunId, view.sets, s.evalSetId)}, the start of the window it was tested against`;
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
  const now = Date.parse(view.now);
  for (const s of view.sets) {
    if (!s.inWorkspace) continue;
    const last = s.lastRunAt ? Date.parse(s.lastRunAt) : undefined;
    const days = last === undefined || Number.isNaN(last) ? undefined : Math.floor((now - last) / DAY_MS);
    if (days !== undefined && days < STALE_DAYS) continue;
    out.push({
      kind: 'run',
      evalSetId: s.evalSetId,
      label: `Run ${s.name}`,
      detail: days === undefined ? 'Never run.' : `Not run for ${days} days (last run ${s.lastRunAt!.slice(0, 10)}).`,
    });
  }
  const h = view.hours.thisMonth;
  if (h.included !== undefined) {
    const over = h.overage ?? Math.max(0, h.total - h.included);
    if (over > 0) {
      const value = h.overageValue !== undefined ? ` (${money(h.overageValue, h.currency)} at the hourly rate)` : '';
      out.push({ kind: 'hours', severity: 'over', label: `Hours over by ${hours(over)} h`, detail: `${hours(h.total)} h logged in ${monthName(h.month)} against ${hours(h.included)} h included${value}.` });
    } else if (h.included > 0 && h.total >= HOURS_WARNING * h.included) {
      out.push({ kind: 'hours', severity: 'warning', label: 'Hours nearly used', detail: `${hours(h.total)} h of ${hours(h.included)} h included used in ${monthName(h.month)}; ${hours(h.remaining ?? h.included - h.total)} h left.` });
    }
  }
  return out;
}

export function overviewView(rows: readonly OverviewRow[]): OverviewRowView[] {
  return rows.map((r) => ({
    clientId: r.clientId,
    name: r.name,
    broken: r.broken,
    health: r.health,
    breaches: [...r.breaches],
    ...optional('lastRunAt', r.lastRunAt),
    trend: r.trend,
    trendBySet: r.trendBySet.map((t) => ({ evalSetId: t.evalSetId, name: t.name, status: t.status, latest: { ...t.latest, errored: t.latest.errored ?? 0 } })),
    hours: { month: r.hours.month, used: r.hours.used, ...optional('included', r.hours.included), ...optional('overage', r.hours.overage) },
  }));
}

/** "1.75", "2", "0.5": hours as the change log writes them. */
export function hours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** "November 2026" from "2026-11". */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, 1).toLocaleString('en', { month: 'long', year: 'numeric' }) : month;
}

/** "AUD 405.00" (or the locale's own form of it). */
export function money(value: number, currency: string | undefined): string {
  if (currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' }).format(value).replace(/\u00a0/g, ' ');
    } catch {
      // An unknown code: fall through to plain numbers.
    }
  }
  return `${value.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

/** The day (YYYY-MM-DD) of a run of a set, from its series, else from its id. */
function day(runId: string, sets: readonly SetView[], evalSetId: string): string {
  const p = sets.find((s) => s.evalSetId === evalSetId)?.series.find((x) => x.runId === runId);
  return (p?.startedAt ?? runId).slice(0, 10);
}

/** `{ key: value }` when the value is defined, else nothing: keeps optional fields absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
