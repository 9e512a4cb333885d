/**
 * What Compare Candidate answers, per eval set and over all of them: production against a
 * candidate on the same cases, paired. One definition (zod, types inferred) for the core, the CLI,
 * the comparison record on disk and the comparison view's protocol; nothing here imports Node.
 */
import * as z from 'zod';

const text = z.string();
const count = z.number().int().nonnegative();

/** A case of both runs: the candidate alone passed it (win), production alone (loss), both, neither. */
export const pairOutcomeSchema = z.enum(['win', 'loss', 'both-pass', 'both-fail']);
export type PairOutcome = z.infer<typeof pairOutcomeSchema>;

const sideResult = z.object({ status: z.enum(['passed', 'failed', 'errored']), score: z.number() });
export type SideResult = z.infer<typeof sideResult>;

export const casePairSchema = z.object({
  id: text,
  /** Undefined when one side lacks the case (a cancelled comparison): it is left out of every figure. */
  outcome: pairOutcomeSchema.optional(),
  production: sideResult.optional(),
  candidate: sideResult.optional(),
  /** The first attempts' answers differ. */
  outputChanged: z.boolean(),
});
export type CasePair = z.infer<typeof casePairSchema>;

const sideFigures = z.object({
  runId: text,
  model: text,
  host: text,
  digest: text.optional(),
  promptSha256: text,
  passRate: z.number(),
  score: z.number(),
  errored: count,
  latencyP50Ms: z.number().optional(),
  latencyP95Ms: z.number().optional(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
});
export type SideFigures = z.infer<typeof sideFigures>;

const thresholdCheck = z.object({
  metric: z.enum(['passRate', 'latencyP95Ms']),
  threshold: z.number(),
  production: z.number().optional(),
  candidate: z.number().optional(),
  productionMeets: z.boolean(),
  candidateMeets: z.boolean(),
});
export type ThresholdCheck = z.infer<typeof thresholdCheck>;

export const decisionOutcomeSchema = z.enum(['promote', 'reject', 'inconclusive']);
export type DecisionOutcome = z.infer<typeof decisionOutcomeSchema>;

const decision = z.object({
  outcome: decisionOutcomeSchema,
  /** The rule, in words, with its figures (margin, α). */
  rule: text,
  /** Why this outcome, one sentence each. */
  reasons: z.array(text),
  /** Inconclusive: about this many more cases would likely settle it (absent when the data cannot say). */
  moreCases: count.optional(),
});
export type Decision = z.infer<typeof decision>;

const interval = z.object({ method: text, mean: z.number(), low: z.number(), high: z.number(), level: z.number(), resamples: count, seed: z.number(), pairs: count });

export const setComparisonSchema = z.object({
  evalSet: z.object({ id: text, name: text }),
  production: sideFigures,
  candidate: sideFigures,
  /** Set when the latest complete production run was reused instead of running production again, saying why it could be. */
  reusedProduction: text.optional(),
  /** Both runs ran every case to the end; otherwise only the cases both finished are paired. */
  complete: z.boolean(),
  pairs: z.array(casePairSchema),
  counts: z.object({ wins: count, losses: count, bothPass: count, bothFail: count, unpaired: count }),
  /** Cases the candidate errored on: each a loss only where production passed. */
  candidateErrored: count,
  mcnemar: z.object({ method: text, pValue: z.number(), midPValue: z.number() }),
  interval,
  deltas: z.object({
    passRate: z.number(),
    score: z.number(),
    latencyP50Ms: z.number().optional(),
    latencyP95Ms: z.number().optional(),
    promptTokens: z.number(),
    completionTokens: z.number(),
  }),
  thresholds: z.array(thresholdCheck),
  decision,
});
export type SetComparison = z.infer<typeof setComparisonSchema>;

const candidateDescription = z.object({
  provider: text,
  host: text,
  model: text,
  options: z.record(z.string(), z.unknown()).optional(),
  /** The prompt file the candidate used, relative to the client folder, when not production's. */
  systemPromptFile: text.optional(),
});
export type CandidateDescription = z.infer<typeof candidateDescription>;

/** The comparison record: `<client>/comparisons/<id>.json`. */
export const comparisonRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: text,
  client: z.object({ id: text, name: text }),
  createdAt: text,
  status: z.enum(['complete', 'cancelled']),
  margin: z.number(),
  candidate: candidateDescription,
  /** What differed between the two configurations, as Compare Runs words it. */
  config: z.array(z.object({ field: text, production: text, candidate: text })),
  sets: z.array(setComparisonSchema),
  /** Over all sets: reject when any set rejects, promote when every set promotes, else inconclusive. */
  decision,
});
export type ComparisonRecord = z.infer<typeof comparisonRecordSchema>;
