import * as z from 'zod';
import { CATEGORY_HELP, CHANGELOG_CATEGORIES, entryProblem, type ChangelogCategory } from '../core/workspace/changelog';
import { RECENT_RUN_FIELDS, runSummaryRowSchema, SERIES_POINT_FIELDS, STOPPED_RUN_FIELDS } from '../core/history/runColumns';
import { describeStoppedRun } from '../core/history/runsThatCount';
import { defineProtocol, noParams, notification, request } from './rpc';

/**
 * The dashboard webview: one client's history (score and pass rate per eval set with the
 * timeline's events, latency, drift, hours against the retainer, recent runs and what to do
 * next), or every client in a row. Every string in these messages may come from a file (eval set
 * names, change-log titles, model names); the view renders all of them as text.
 */

const text = z.string();
const id = z.string().min(1).max(1_000);
const count = z.number().int().nonnegative();
/** YYYY-MM. */
const month = z.string().regex(/^\d{4}-\d{2}$/);

export const categorySchema = z.enum(CHANGELOG_CATEGORIES);
// The form's rules are the writer's own (pure, so the webview bundles them).
export { CATEGORY_HELP, CHANGELOG_CATEGORIES, entryProblem };
export type { ChangelogCategory };
// What a run that stopped short is called ("outage: 9 of 16 errored"), in the tree and here alike.
export { describeStoppedRun };

export const healthSchema = z.enum(['ok', 'breach', 'no-runs']);
export type HealthView = z.infer<typeof healthSchema>;

export const driftStatusSchema = z.enum(['improving', 'stable', 'declining', 'insufficient-data']);
export type DriftStatusView = z.infer<typeof driftStatusSchema>;

export const breachSchema = z.object({
  metric: z.enum(['passRate', 'latencyP95Ms']),
  value: z.number(),
  threshold: z.number(),
  message: text,
});
export type BreachView = z.infer<typeof breachSchema>;

/** One run that is its set's score: a point on its charts. */
export const seriesPointSchema = runSummaryRowSchema.pick(SERIES_POINT_FIELDS).extend({ breaches: z.array(breachSchema) });
export type SeriesPointView = z.infer<typeof seriesPointSchema>;

export const driftViewSchema = z.object({
  status: driftStatusSchema,
  /** The test and its numbers in words (shown on hover of the status badge). */
  method: text,
  test: z.enum(['paired-exact', 'fisher-exact', 'none']),
  headRunId: id.optional(),
  reference: z.object({ kind: z.enum(['baseline', 'window']), runIds: z.array(id) }).optional(),
  delta: z.number().optional(),
  pValue: z.number().optional(),
});
export type DriftView = z.infer<typeof driftViewSchema>;

export const setViewSchema = z.object({
  evalSetId: id,
  name: text,
  /** The eval set file still exists (a deleted set keeps its history, but cannot be run). */
  inWorkspace: z.boolean(),
  caseCount: count.optional(),
  /** Comparable runs, oldest first. */
  series: z.array(seriesPointSchema),
  latest: seriesPointSchema.optional(),
  /** A newer production run that was an outage or was interrupted (describeStoppedRun words it). */
  stopped: runSummaryRowSchema.pick(STOPPED_RUN_FIELDS).optional(),
  baselineRunId: id.optional(),
  drift: driftViewSchema,
  /** The newest run of the set of any status (ISO time), for "not run for N days". */
  lastRunAt: text.optional(),
});
export type SetView = z.infer<typeof setViewSchema>;

const modelIdentitySchema = z.object({ name: text, digest: text.optional() });

/** A mark on the time axis. Change-log entries are at their calendar date (`at` is YYYY-MM-DD). */
export const timelineEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('model'), at: text, runId: id, evalSetId: id, from: modelIdentitySchema, to: modelIdentitySchema, title: text }),
  z.object({ kind: z.literal('systemPrompt'), at: text, runId: id, evalSetId: id, from: text, to: text, title: text }),
  z.object({ kind: z.literal('changelog'), at: text, date: text, category: categorySchema, hours: z.number(), title: text, line: z.number().int().positive() }),
]);
export type TimelineEventView = z.infer<typeof timelineEventSchema>;

export const monthHoursSchema = z.object({
  month: text,
  byCategory: z.record(categorySchema, z.number()),
  total: z.number(),
  entries: count,
  included: z.number().optional(),
  remaining: z.number().optional(),
  overage: z.number().optional(),
  overageValue: z.number().optional(),
  currency: text.optional(),
  /** Why the month's hours are no figure (no change log read, a month before its first entry). */
  unread: text.optional(),
});
export type MonthHoursView = z.infer<typeof monthHoursSchema>;

export const recentRunSchema = runSummaryRowSchema.pick(RECENT_RUN_FIELDS).extend({ breaches: z.array(breachSchema) });
export type RecentRunView = z.infer<typeof recentRunSchema>;

/** What the dashboard recommends doing next, each with the button that does it. */
export const nextActionSchema = z.discriminatedUnion('kind', [
  /** A set not run for 14 days or more (or never): run it. */
  z.object({ kind: z.literal('run'), evalSetId: id, label: text, detail: text }),
  /** A declining set: compare its last run with the baseline (pinned, else the oldest run of the drift window). */
  z.object({ kind: z.literal('investigate'), evalSetId: id, baseRunId: id, headRunId: id, label: text, detail: text }),
  /** Hours at 80% or more of the included hours, or over. */
  z.object({ kind: z.literal('hours'), severity: z.enum(['warning', 'over']), label: text, detail: text }),
  /** A calendar month ended without a report: generate it. */
  z.object({ kind: z.literal('report'), month, label: text, detail: text }),
  /** A set's latest run breached a threshold: open that run. */
  z.object({ kind: z.literal('breach'), evalSetId: id, runId: id, label: text, detail: text }),
]);
export type NextAction = z.infer<typeof nextActionSchema>;

/** A side card of sentences about one month (the production review, operations). */
const monthLinesSchema = z.object({ month, lines: z.array(text) });

export const dashboardViewSchema = z.object({
  client: z.object({ id, name: text }),
  /** When it was computed (ISO), its month (YYYY-MM) and the day (YYYY-MM-DD) on the engineer's clock. */
  now: text,
  month: text,
  today: text,
  thresholds: z.object({ passRate: z.number().optional(), latencyP95Ms: z.number().optional() }).optional(),
  retainer: z.object({ includedHours: z.number(), hourlyRate: z.number().optional(), currency: text.optional() }).optional(),
  health: healthSchema,
  breaches: z.array(z.object({ evalSetId: id, evalSetName: text, runId: id, breach: breachSchema })),
  sets: z.array(setViewSchema),
  events: z.array(timelineEventSchema),
  hours: z.object({ thisMonth: monthHoursSchema, months: z.array(monthHoursSchema) }),
  /** Newest first, any status. */
  recentRuns: z.array(recentRunSchema),
  actions: z.array(nextActionSchema),
  /** The newest production review's findings, in sentences. */
  review: monthLinesSchema.optional(),
  /** This month's uptime against the availability target, incidents and SLA, in sentences; absent while the client has no health history or incident files. */
  operations: monthLinesSchema.optional(),
});
export type DashboardView = z.infer<typeof dashboardViewSchema>;

export const overviewRowSchema = z.object({
  clientId: id,
  name: text,
  broken: z.boolean(),
  health: healthSchema,
  breaches: z.array(text),
  lastRunAt: text.optional(),
  trend: driftStatusSchema,
  trendBySet: z.array(z.object({
    evalSetId: id,
    name: text,
    status: driftStatusSchema,
    /** The figures of the set's latest comparable run (the overview's breach and pass-rate text). */
    latest: runSummaryRowSchema.pick({ passRate: true, passed: true, total: true, score: true, errored: true }),
  })),
  /** `unread`: why the month's hours are not a figure (no change log read, a month before its first entry); `used` is then no figure to show. */
  hours: z.object({ month: text, used: z.number(), included: z.number().optional(), overage: z.number().optional(), unread: text.optional() }),
});
export type OverviewRowView = z.infer<typeof overviewRowSchema>;

/** The clients the picker offers. */
export const clientRefSchema = z.object({ id, name: text, broken: z.boolean() });
export type ClientRef = z.infer<typeof clientRefSchema>;

// ---------------------------------------------------------------------------------------------
// Log hours

/**
 * What the form sends. Shapes only: the rules are checked by the host with `validateEntry`
 * (src/core/workspace/changelogWriter.ts), whose message comes back as the result's `error`.
 * The run link is a run id of this client, never a path.
 */
export const logHoursParamsSchema = z
  .object({
    clientId: id,
    date: z.string().max(40),
    category: z.string().max(40),
    hours: z.number(),
    title: z.string().max(500),
    description: z.string().max(20_000).optional(),
    runId: id.optional(),
  })
  .strict();
export type LogHoursParams = z.infer<typeof logHoursParamsSchema>;

export const entryFieldSchema = z.enum(['date', 'category', 'hours', 'title', 'runId']);
export type EntryField = z.infer<typeof entryFieldSchema>;

export const logHoursResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: text, entry: z.object({ date: text, category: categorySchema, hours: z.number(), title: text }) }),
  z.object({ ok: z.literal(false), error: text, field: entryFieldSchema.optional() }),
]);
export type LogHoursResult = z.infer<typeof logHoursResultSchema>;

// ---------------------------------------------------------------------------------------------

export const dashboardProtocol = defineProtocol({
  name: 'dashboard',
  toHost: {
    /** The view's script is running (after each load: first open, and each reveal after being hidden). */
    ready: notification(noParams),
    /** Show this client's dashboard (the picker, or a row of the overview). */
    selectClient: notification(z.object({ clientId: id }).strict()),
    /** Show every client in a row. */
    showOverview: notification(noParams),
    /** A run of the shown client in the results view. */
    openRun: notification(z.object({ runId: id }).strict()),
    /** Run one of the shown client's eval sets. */
    runSet: notification(z.object({ evalSetId: id }).strict()),
    /** Two runs of the shown client in the comparison view (base first). */
    compareRuns: notification(z.object({ baseRunId: id, headRunId: id }).strict()),
    /** Generate (and preview) the shown client's report of a month, as Generate Monthly Report does. */
    generateReport: notification(z.object({ month }).strict()),
    /** The shown client's change log, at an entry's line. */
    openChangelog: notification(z.object({ line: z.number().int().positive().optional() }).strict()),
    /** Appends an entry to the client's change log; the host then sends the dashboard again. */
    logHours: request(logHoursParamsSchema, logHoursResultSchema),
    /** Something went wrong in the view (an exception, a CSP violation): logged by the extension. */
    reportError: notification(z.object({ message: z.string().max(2_000) }).strict()),
  },
  toView: {
    showClient: notification(z.object({ dashboard: dashboardViewSchema, clients: z.array(clientRefSchema) }).strict()),
    showOverview: notification(z.object({ rows: z.array(overviewRowSchema), clients: z.array(clientRefSchema), now: text }).strict()),
  },
});

export type DashboardProtocol = typeof dashboardProtocol;
