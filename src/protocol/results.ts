import * as z from 'zod';
import { runSummarySchema, serverTimingsSchema } from '../core/store/runRecord';
import { defineProtocol, noParams, notification, request } from './rpc';

/**
 * The results webview: one run's cases (mode "run") or two runs compared (mode "comparison").
 * Every string in these messages may come from a model or a file; the view renders all of them
 * as text.
 */

const text = z.string();
const id = z.string().min(1).max(1_000);

export const diffSegmentSchema = z.object({ kind: z.enum(['same', 'added', 'removed']), text });
export type DiffSegmentView = z.infer<typeof diffSegmentSchema>;

/** How finely two texts were compared; `whole` means the diff gave up and shows a replacement. */
export const diffSchema = z.object({ granularity: z.enum(['word', 'line', 'whole']), segments: z.array(diffSegmentSchema) });
export type DiffView = z.infer<typeof diffSchema>;

export const assertionViewSchema = z.object({
  type: text,
  pass: z.boolean(),
  score: z.number(),
  reason: text,
  weight: z.number(),
  error: text.optional(),
});

export const caseChangeSchema = z.enum(['fixed', 'regressed', 'unchanged-pass', 'unchanged-fail', 'new', 'removed', 'not-run']);
export type CaseChangeView = z.infer<typeof caseChangeSchema>;

/** One row of the run view: enough to draw it, filter it and search it without asking again. */
export const caseRowSchema = z.object({
  id,
  status: z.enum(['passed', 'failed', 'errored']),
  score: z.number(),
  latencyMs: z.number().optional(),
  /** The first attempt's time to first token and the server's own timings, for the latency's tooltip. */
  firstTokenMs: z.number().optional(),
  serverTimings: serverTimingsSchema.optional(),
  /** The token limit cut the answer (the server said `done_reason: length`). */
  truncated: z.boolean(),
  /** The run kept only the first `kept` of the answer's `total` characters (settings.maxAnswerChars). */
  outputCut: z.object({ kept: z.number(), total: z.number() }).optional(),
  tags: z.array(text),
  assertions: z.array(assertionViewSchema),
  flaky: z.boolean(),
  attempts: z.number().int().positive(),
  passRate: z.number(),
  error: text.optional(),
  /** Against the run this one is compared with; absent when there is none. */
  change: caseChangeSchema.optional(),
  outputChanged: z.boolean().optional(),
  input: text,
  output: text,
  expected: text.optional(),
});
export type CaseRow = z.infer<typeof caseRowSchema>;

/** A run as a header shows it. */
export const runRefSchema = z.object({
  file: text,
  id,
  startedAt: text,
  status: z.enum(['complete', 'cancelled', 'interrupted']),
  model: text,
  digest: text.optional(),
  score: z.number(),
  passRate: z.number(),
  passed: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** The run ran only selected cases (Test Explorer). */
  partial: z.boolean(),
});
export type RunRef = z.infer<typeof runRefSchema>;

export const baselineViewSchema = z.object({ runId: id, pinnedAt: text, note: text.optional() });

export const runViewSchema = z.object({
  file: text,
  id,
  client: z.object({ id: text, name: text }),
  evalSet: z.object({ id: text, name: text }),
  startedAt: text,
  endedAt: text,
  status: z.enum(['complete', 'cancelled', 'interrupted']),
  stopReason: text.optional(),
  model: z.object({ name: text, digest: text.optional(), provider: text, host: text }),
  promptHash: text,
  summary: runSummarySchema.omit({ tokens: true }),
  /** The run this one is compared with: the pinned baseline of the set, else the previous run. */
  /** The run this one is compared with, and the score and pass-rate moves (see RunComparison.basis). */
  comparedWith: runRefSchema
    .extend({ kind: z.enum(['previous', 'baseline']), scoreDelta: z.number(), passRateDelta: z.number(), sharedCasesOnly: z.boolean() })
    .optional(),
  /** The set's pinned baseline, if any (it may be this run). */
  baseline: baselineViewSchema.optional(),
  cases: z.array(caseRowSchema),
});
export type RunView = z.infer<typeof runViewSchema>;

export const comparisonRowSchema = z.object({
  id,
  change: caseChangeSchema,
  baseScore: z.number().optional(),
  headScore: z.number().optional(),
  basePass: z.boolean().optional(),
  headPass: z.boolean().optional(),
  outputChanged: z.boolean(),
  tags: z.array(text),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparisonViewSchema = z.object({
  client: z.object({ id: text, name: text }),
  evalSet: z.object({ id: text, name: text }),
  base: runRefSchema,
  head: runRefSchema,
  /** The base is the set's pinned baseline. */
  baseIsBaseline: z.boolean(),
  counts: z.record(caseChangeSchema, z.number().int().nonnegative()),
  /** Over which cases the scores and deltas are (see RunComparison.basis). */
  basis: z.object({
    over: z.enum(['each-run', 'shared-cases']),
    sharedCases: z.number().int().nonnegative(),
    baseScore: z.number(),
    headScore: z.number(),
    basePassRate: z.number(),
    headPassRate: z.number(),
  }),
  scoreDelta: z.number(),
  passRateDelta: z.number(),
  significance: z.object({
    test: text,
    regressed: z.number().int().nonnegative(),
    fixed: z.number().int().nonnegative(),
    pValue: z.number(),
    alpha: z.number(),
    significant: z.boolean(),
    verdict: text,
  }),
  config: z.array(z.object({ field: z.enum(['model', 'digest', 'options', 'format', 'systemPrompt', 'judge', 'provider']), base: text, head: text })),
  cases: z.array(comparisonRowSchema),
});
export type ComparisonView = z.infer<typeof comparisonViewSchema>;

export const attemptViewSchema = z.object({
  output: text,
  error: text.optional(),
  score: z.number(),
  pass: z.boolean(),
  latencyMs: z.number().optional(),
});

/** What expanding a case in the run view shows, diffs computed by the extension. */
export const caseDetailSchema = z.object({
  runId: id,
  caseId: id,
  input: text,
  output: text,
  expected: text.optional(),
  attempts: z.array(attemptViewSchema),
  /** expected → output. */
  expectedDiff: diffSchema.optional(),
  /** The same case in the run this one is compared with, and previous output → output. */
  previous: z
    .object({
      runId: id,
      kind: z.enum(['previous', 'baseline']),
      status: z.enum(['passed', 'failed', 'errored']),
      score: z.number(),
      output: text,
      diff: diffSchema,
    })
    .optional(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** What expanding a case in the comparison view shows: base output → head output. */
export const comparisonDetailSchema = z.object({
  headRunId: id,
  caseId: id,
  base: text.optional(),
  head: text.optional(),
  diff: diffSchema.optional(),
});
export type ComparisonDetail = z.infer<typeof comparisonDetailSchema>;

export const resultsProtocol = defineProtocol({
  name: 'results',
  toHost: {
    /** The view's script is running (after each load: first open, and each reveal after being hidden). */
    ready: notification(noParams),
    caseDetail: request(z.object({ runId: id, caseId: id }).strict(), caseDetailSchema),
    comparisonDetail: request(z.object({ headRunId: id, caseId: id }).strict(), comparisonDetailSchema),
    /** VS Code's diff editor: expected ↔ output, previous ↔ output (run view) or base ↔ head (comparison). */
    openDiff: notification(z.object({ caseId: id, against: z.enum(['expected', 'previous', 'base']) }).strict()),
    /** The two runs' system prompts in the diff editor. */
    showPromptDiff: notification(noParams),
    /** Compare the shown run with the run it is compared with (baseline or previous). */
    compare: notification(noParams),
    pinBaseline: notification(noParams),
    unpinBaseline: notification(noParams),
    /** The run record (the shown run; in a comparison, base or head). */
    openRecord: notification(z.object({ which: z.enum(['run', 'base', 'head']) }).strict()),
    /** From a comparison: that run in the run view, at this case. */
    showRun: notification(z.object({ which: z.enum(['base', 'head']), caseId: id.optional() }).strict()),
    /** Something went wrong in the view (an exception, a CSP violation): logged by the extension. */
    reportError: notification(z.object({ message: z.string().max(2_000) }).strict()),
  },
  toView: {
    showRun: notification(z.object({ run: runViewSchema, reveal: id.optional() }).strict()),
    showComparison: notification(z.object({ comparison: comparisonViewSchema }).strict()),
    revealCase: notification(z.object({ caseId: id }).strict()),
  },
});

export type ResultsProtocol = typeof resultsProtocol;
