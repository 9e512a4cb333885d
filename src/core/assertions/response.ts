// Assertions on how the answer came back rather than what it says: latency, finish-reason, cost.
// Each needs a fact the server reported; an answer without it (a replayed answer has no latency,
// a server that gave no token counts has no cost) cannot pass or fail: that is an error, never a
// guess.
import type { Assertion } from '../workspace/schemas';
import { readValue } from './catalogue';
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

/** OpenAI's legacy name, as promptfoo normalises it. */
const REASON_ALIASES: Record<string, string> = { function_call: 'tool_calls' };

/** finish-reason: why the model stopped (Ollama's done_reason, OpenAI's finish_reason), compared ignoring case. */
export function finishReason(assertion: Assertion, { doneReason }: AssertionContext): GradingResult {
  const expected = readValue<string>(assertion).toLowerCase();
  if (!doneReason) throw new AssertionError('The server did not say why the answer stopped, so finish-reason cannot be checked.');
  const actual = doneReason.toLowerCase();
  const pass = (REASON_ALIASES[actual] ?? actual) === (REASON_ALIASES[expected] ?? expected);
  return result(pass, `The model stopped with '${doneReason}'${pass ? '' : `, not '${expected}'`}`);
}

/** cost: the answer's prompt and completion tokens at the model's price per million tokens (`model.price`). */
export function cost(assertion: Assertion, { tokens, price }: AssertionContext): GradingResult {
  if (!price) throw new AssertionError("'cost' needs model.price in client.yaml: { input, output } per million tokens.");
  if (!isFiniteNumber(tokens?.prompt) || !isFiniteNumber(tokens?.completion)) {
    throw new AssertionError('The server did not report token counts for this answer, so its cost cannot be computed.');
  }
  const amount = (tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000;
  const shown = `${formatCost(amount)} (${tokens.prompt} prompt + ${tokens.completion} completion tokens)`;
  const threshold = assertion.threshold;
  if (threshold === undefined) return result(true, `Cost ${shown}, reported without a threshold`);
  return amount <= threshold ? result(true, `Cost ${shown} is within threshold ${threshold}`) : result(false, `Cost ${shown} is over threshold ${threshold}`);
}

function formatCost(amount: number): string {
  return amount === 0 ? '0' : amount.toPrecision(3);
}
