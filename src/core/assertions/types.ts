import type { Assertion } from '../workspace/schemas';

/** What every assertion returns, promptfoo's shape. */
export interface GradingResult {
  pass: boolean;
  /** 0..1 */
  score: number;
  reason: string;
}

/** A graded assertion as a run record keeps it. */
export interface AssertionResult extends GradingResult {
  type: string;
  weight: number;
  metric?: string;
  /** The assertion could not be evaluated (judge unreachable, judge answered garbage): it fails. */
  error?: string;
}

/** The judge model, for llm-rubric. */
export interface Judge {
  grade(request: { rubric: string; output: string; input: string; signal?: AbortSignal }): Promise<GradingResult>;
}

/** The embedding model, for similar. */
export interface Embedder {
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface AssertionContext {
  output: string;
  input: string;
  expected?: string;
  latencyMs?: number;
  /** Why the model stopped, as the server said (finish-reason). */
  doneReason?: string;
  /** Token counts the server reported (cost); unknown is not zero. */
  tokens?: { prompt?: number; completion?: number };
  /** The model's price per million tokens, from client.yaml `model.price` (cost). */
  price?: { input: number; output: number };
  judge?: Judge;
  embedder?: Embedder;
  signal?: AbortSignal;
}

export type AssertionHandler = (assertion: Assertion, context: AssertionContext) => GradingResult | Promise<GradingResult>;
