// A case's score and verdict from its assertion results, as promptfoo's AssertionsResult computes
// them, and the case's assertions from the set's defaults (promptfoo's defaultTest: added first).
import type { Assertion } from '../workspace/schemas';
import type { AssertionResult } from './types';

/** Tolerance for comparing a weighted mean with a threshold (0.7 computed as 0.69999… still reaches 0.7). */
const EPSILON = 1e-9;

/**
 * The weighted mean of the scores of the assertions that count (weight > 0), and the verdict:
 * every counted assertion passes, or, when `caseThreshold` is set, the score reaches it.
 * Weight-0 assertions are reported but neither score nor fail the case. A case with nothing that
 * counts scores 1 and passes (or passes when 1 reaches its threshold).
 *
 * A counted assertion that could not be evaluated (no judge, a judge that answered garbage, a
 * regex that ran out of time) leaves no verdict: `errored`, and never a pass, even when the
 * other assertions' scores would reach the threshold without it.
 */
export function scoreCase(results: readonly AssertionResult[], caseThreshold?: number): { score: number; pass: boolean; errored: boolean } {
  let total = 0;
  let weights = 0;
  let allPass = true;
  for (const r of results) {
    if (!(r.weight > 0)) continue;
    total += r.score * r.weight;
    weights += r.weight;
    if (!r.pass) allPass = false;
  }
  const errored = hasUnevaluated(results);
  const score = weights > 0 ? total / weights : 1;
  const reached = typeof caseThreshold === 'number' && !Number.isNaN(caseThreshold) ? score >= caseThreshold - EPSILON : allPass;
  return { score, pass: reached && !errored, errored };
}

/** Whether an assertion that counts (weight > 0) could not be evaluated, so the results give no verdict. */
export function hasUnevaluated(results: readonly AssertionResult[]): boolean {
  return results.some((r) => r.weight > 0 && r.error !== undefined);
}

/** The assertions a case runs: the eval set's default assertions first, then the case's own. */
export function assertionsForCase(defaults: readonly Assertion[], caseAsserts?: readonly Assertion[]): Assertion[] {
  return [...defaults, ...(caseAsserts ?? [])];
}

/** The threshold a case uses: its own, else the set's default (promptfoo: test.threshold ?? defaultTest.threshold). */
export function thresholdForCase(defaultThreshold?: number, caseThreshold?: number): number | undefined {
  return caseThreshold ?? defaultThreshold;
}
