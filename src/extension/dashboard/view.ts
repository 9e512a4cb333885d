import type { MonthHours } from '../../core/analysis/hours';
import { nextActions } from '../../core/analysis/nextActions';
import { pickFields, type Breach, type SeriesPoint, type TimelineEvent } from '../../core/analysis/series';
import { RECENT_RUN_FIELDS, SERIES_POINT_FIELDS } from '../../core/history/runColumns';
import { isProductionRun } from '../../core/history/runsThatCount';
import type { ClientDashboard, OverviewRow, SetDashboard } from '../../core/history';
import type { BreachView, DashboardView, MonthHoursView, OverviewRowView, RecentRunView, SeriesPointView, SetView, TimelineEventView } from '../../protocol/dashboard';

/**
 * The history's dashboard data → what the dashboard webview shows, with the next actions core
 * recommends (analysis/nextActions.ts). Plain data in, plain data out (no VS Code here): the
 * panel sends the result as a message and the webview renders it as text. Absolute paths (the
 * client folder, the change log) stay in the extension; the view refers to runs by id and to
 * change-log entries by line.
 */

/** `reportMonths`: the months the client has a report for (reports/YYYY-MM.md). */
export function dashboardView(d: ClientDashboard, today: string, reportMonths: readonly string[], cards: Pick<DashboardView, 'review' | 'operations'> = {}): DashboardView {
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
    ...(cards.review ? { review: cards.review } : {}),
    ...(cards.operations ? { operations: cards.operations } : {}),
  };
  view.actions = nextActions({ ...view, reportMonths });
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
    ...optional('unread', m.unread),
  };
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
    hours: { month: r.hours.month, used: r.hours.used, ...optional('included', r.hours.included), ...optional('overage', r.hours.overage), ...optional('unread', r.hours.unread) },
  }));
}

/** `{ key: value }` when the value is defined, else nothing: keeps optional fields absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
