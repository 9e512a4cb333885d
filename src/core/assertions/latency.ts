// latency: the answer arrived within `threshold` milliseconds. A result without a measured latency
// (a replayed answer) cannot pass or fail it: that is an error, as in promptfoo.
import type { Assertion } from '../workspace/schemas';
import type { AssertionContext, GradingResult } from './types';
import { AssertionError, isFiniteNumber, result } from './util';

export function latency(assertion: Assertion, { latencyMs }: AssertionContext): GradingResult {
  const threshold = assertion.threshold;
  if (!isFiniteNumber(threshold)) throw new AssertionError(`'${assertion.type}' needs a threshold in milliseconds.`);
  if (!isFiniteNumber(latencyMs)) throw new AssertionError('No latency was measured for this answer (a replayed answer has none), so latency cannot be checked.');
  const ms = Math.round(latencyMs);
  return latencyMs <= threshold
    ? result(true, `Latency ${ms} ms is within threshold ${threshold} ms`)
    : result(false, `Latency ${ms} ms is over threshold ${threshold} ms`);
}
