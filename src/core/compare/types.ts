/**
 * What Compare Candidate answers, per eval set and over all of them: production against a
 * candidate on the same cases, paired. Shared by the core, the CLI, the comparison record on disk
 * and the comparison view (types only: nothing here imports Node).
 */
import type { BootstrapInterval } from '../analysis/bootstrap';

/** A case of both runs: the candidate alone passed it (win), production alone (loss), both, neither. */
export type PairOutcome = 'win' | 'loss' | 'both-pass' | 'both-fail';

export interface SideResult {
  status: 'passed' | 'failed' | 'errored';
  score: number;
}

export interface CasePair {
  id: string;
  /** Undefined when one side lacks the case (a cancelled comparison): it is left out of every figure. */
  outcome?: PairOutcome;
  production?: SideResult;
  candidate?: SideResult;
  /** The first attempts' answers differ. */
  outputChanged: boolean;
}

export interface SideFigures {
  runId: string;
  model: string;
  host: string;
  digest?: string;
  promptSha256: string;
  passRate: number;
  score: number;
  errored: number;
  latencyP50Ms?: number;
  latencyP95Ms?: number;
  tokens: { prompt: number; completion: number };
}

export interface ThresholdCheck {
  metric: 'passRate' | 'latencyP95Ms';
  threshold: number;
  production?: number;
  candidate?: number;
  productionMeets: boolean;
  candidateMeets: boolean;
}

export type DecisionOutcome = 'promote' | 'reject' | 'inconclusive';

export interface Decision {
  outcome: DecisionOutcome;
  /** The rule, in words, with its figures (margin, α). */
  rule: string;
  /** Why this outcome, one sentence each. */
  reasons: string[];
  /** Inconclusive: about this many more cases would likely settle it (undefined when the data cannot say). */
  moreCases?: number;
}

export interface SetComparison {
  evalSet: { id: string; name: string };
  production: SideFigures;
  candidate: SideFigures;
  /** Set when the latest complete production run was reused instead of running production again, saying why it could be. */
  reusedProduction?: string;
  /** Both runs ran every case to the end; otherwise only the cases both finished are paired. */
  complete: boolean;
  pairs: CasePair[];
  counts: { wins: number; losses: number; bothPass: number; bothFail: number; unpaired: number };
  /** Cases the candidate errored on: each a loss only where production passed. */
  candidateErrored: number;
  mcnemar: { method: string; pValue: number; midPValue: number };
  interval: BootstrapInterval;
  deltas: { passRate: number; score: number; latencyP50Ms?: number; latencyP95Ms?: number; promptTokens: number; completionTokens: number };
  thresholds: ThresholdCheck[];
  decision: Decision;
}

export interface CandidateDescription {
  provider: string;
  host: string;
  model: string;
  options?: Record<string, unknown>;
  /** The prompt file the candidate used, relative to the client folder, when not production's. */
  systemPromptFile?: string;
}

/** The comparison record: `<client>/comparisons/<id>.json`. */
export interface ComparisonRecord {
  schemaVersion: 1;
  id: string;
  client: { id: string; name: string };
  createdAt: string;
  status: 'complete' | 'cancelled';
  margin: number;
  candidate: CandidateDescription;
  /** What differed between the two configurations, as Compare Runs words it. */
  config: { field: string; production: string; candidate: string }[];
  sets: SetComparison[];
  /** Over all sets: reject when any set rejects, promote when every set promotes, else inconclusive. */
  decision: Decision;
}
