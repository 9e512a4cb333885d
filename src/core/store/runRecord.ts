// A run record: one JSON file per run under `<client>/runs/`. It is the record the history, the
// dashboard and the reports are built from, so it holds everything needed to understand a result
// later without the files as they were then: the prompt, the exact weights, every output.
import * as z from 'zod';
import { RUN_PURPOSES, RUN_RECORD_VERSION } from './runFormat';

export { RUN_PURPOSES, RUN_RECORD_VERSION, type RunPurpose } from './runFormat';

export const runPurposeSchema = z.enum(RUN_PURPOSES).default('production');

const tokens = z.object({ prompt: z.number().optional(), completion: z.number().optional() });

/** The server's own timings of an answer, in milliseconds (Ollama reports them in nanoseconds); a missing one is unknown. */
export const serverTimingsSchema = z.object({
  totalMs: z.number().optional(),
  loadMs: z.number().optional(),
  promptEvalMs: z.number().optional(),
  evalMs: z.number().optional(),
});

export const assertionResultSchema = z.object({
  type: z.string(),
  pass: z.boolean(),
  score: z.number(),
  reason: z.string(),
  weight: z.number(),
  metric: z.string().optional(),
  error: z.string().optional(),
});

export const attemptSchema = z.object({
  output: z.string(),
  /** The whole answer's length in characters, present only when `output` keeps just its first `settings.maxAnswerChars`. */
  outputChars: z.number().int().positive().optional(),
  /** Wall-clock time from sending the request to the whole answer, measured by Upkeep. */
  latencyMs: z.number().optional(),
  firstTokenMs: z.number().optional(),
  serverTimings: serverTimingsSchema.optional(),
  /** Why the model stopped, as the server said: `stop`, or `length` when the token limit cut the answer. */
  doneReason: z.string().optional(),
  tokens,
  assertions: z.array(assertionResultSchema),
  score: z.number(),
  pass: z.boolean(),
  /** The model could not be asked (after retries): no output, the attempt fails. */
  error: z.string().optional(),
  retries: z.number().int().nonnegative(),
});

export const caseResultSchema = z.object({
  id: z.string(),
  input: z.string().optional(),
  messages: z.array(z.object({ role: z.string(), content: z.string() })).optional(),
  expected: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** One per repeat; usually one. */
  attempts: z.array(attemptSchema).min(1),
  status: z.enum(['passed', 'failed', 'errored']),
  score: z.number(),
  pass: z.boolean(),
  /** Passed in some repeats and failed in others. */
  flaky: z.boolean(),
  passRate: z.number(),
  finishedAt: z.string(),
});

export const runSummarySchema = z.object({
  total: z.number(),
  passed: z.number(),
  failed: z.number(),
  errored: z.number(),
  flaky: z.number(),
  /** Mean case score; errored cases count as 0. */
  score: z.number(),
  passRate: z.number(),
  latencyP50Ms: z.number().optional(),
  latencyP95Ms: z.number().optional(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
});

export const runRecordSchema = z.object({
  schemaVersion: z.literal(RUN_RECORD_VERSION),
  id: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  evalSet: z.object({ id: z.string(), name: z.string() }),
  startedAt: z.string(),
  endedAt: z.string(),
  status: z.enum(['complete', 'cancelled', 'interrupted']),
  /** Why a run stopped early, when it did. */
  stopReason: z.string().optional(),
  trigger: z.enum(['vscode', 'cli', 'test-explorer', 'script']),
  purpose: runPurposeSchema,
  provider: z.object({ kind: z.string(), host: z.string() }),
  model: z.object({
    name: z.string(),
    digest: z.string().optional(),
    family: z.string().optional(),
    parameterSize: z.string().optional(),
    quantization: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    format: z.unknown().optional(),
    keepAlive: z.union([z.string(), z.number()]).optional(),
  }),
  judge: z.object({ name: z.string(), embeddings: z.string().optional() }).optional(),
  systemPrompt: z.object({ sha256: z.string(), text: z.string() }),
  settings: z.object({
    concurrency: z.number(),
    /** The per-request time-out the provider enforced. */
    timeoutMs: z.number(),
    maxRetries: z.number(),
    /** Of the retries, how many could follow a time-out (absent in records before the rule). */
    maxTimeoutRetries: z.number().optional(),
    /** How much of each answer was kept, in characters (absent in records before the cap). */
    maxAnswerChars: z.number().optional(),
  }),
  /** Only these cases were selected (Test Explorer, `upkeep run --case`); absent for a whole-set run. */
  selectedCases: z.array(z.string()).optional(),
  cases: z.array(caseResultSchema),
  summary: runSummarySchema,
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type CaseResult = z.infer<typeof caseResultSchema>;
export type Attempt = z.infer<typeof attemptSchema>;
export type RunSummary = z.infer<typeof runSummarySchema>;
/** Everything of a record known when the run starts (what a journal's first line holds). */
export const runHeaderSchema = runRecordSchema.omit({ endedAt: true, status: true, stopReason: true, cases: true, summary: true });
export type RunHeader = z.infer<typeof runHeaderSchema>;
