// levenshtein: edit distance between the output and the value (or the case's expected), counted in
// Unicode code points, at most `threshold` (default 5). Scored 1 or 0, as promptfoo scores it.
import type { Assertion } from '../workspace/schemas';
import type { AssertionContext, GradingResult } from './types';
import { AssertionError, referenceText, result } from './util';

export const DEFAULT_LEVENSHTEIN_THRESHOLD = 5;

/** Above this many cells the exact distance of a failing pair is not computed, only "more than threshold". */
const EXACT_LIMIT = 4_000_000;

/**
 * Levenshtein distance between two code-point arrays if it is at most `max`, else `max + 1`.
 * Only a diagonal band of width 2·max+1 is computed, so a huge output costs O(n·max), not O(n·m).
 */
export function boundedLevenshtein(x: readonly string[], y: readonly string[], max: number): number {
  const [a, b] = x.length >= y.length ? [x, y] : [y, x];
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (n - m > max) return over;
  if (m === 0) return n;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[0] = i <= max ? i : over;
    if (lo > 1) cur[lo - 1] = over;
    let rowMin = lo === 1 ? cur[0] : over;
    for (let j = lo; j <= hi; j++) {
      const substitute = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      const v = Math.min(substitute, prev[j] + 1, cur[j - 1] + 1, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = over;
    if (rowMin > max) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m], over);
}

export function levenshteinDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  return boundedLevenshtein(x, y, x.length + y.length);
}

export function levenshtein(assertion: Assertion, { output, expected }: AssertionContext): GradingResult {
  const reference = referenceText(assertion, expected);
  const threshold = assertion.threshold ?? DEFAULT_LEVENSHTEIN_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0) throw new AssertionError(`'${assertion.type}' threshold must be a non-negative number of edits.`);
  const max = Math.floor(threshold);
  const x = Array.from(output);
  const y = Array.from(reference.text);
  const against = reference.source === 'expected' ? 'the expected output' : 'the value';
  const d = boundedLevenshtein(x, y, max);
  if (d <= max) return result(true, `Levenshtein distance to ${against} is ${d}, within threshold ${threshold}`);
  const exact = x.length * y.length <= EXACT_LIMIT ? boundedLevenshtein(x, y, x.length + y.length) : undefined;
  const shown = exact !== undefined ? `${exact}` : `more than ${max}`;
  return result(false, `Levenshtein distance to ${against} is ${shown}, over threshold ${threshold}`);
}
