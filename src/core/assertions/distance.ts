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
export function boundedLevenshtein(x: ArrayLike<string | number>, y: ArrayLike<string | number>, limit: number): number {
  const [a, b] = x.length >= y.length ? [x, y] : [y, x];
  const n = a.length;
  const m = b.length;
  // No distance exceeds the longer length, so a larger limit changes nothing (and stays in 32 bits).
  const max = Math.min(limit, n);
  const over = max + 1;
  if (n - m > max) return over;
  if (m === 0) return n;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[0] = i <= max ? i : over;
    if (lo > 1) cur[lo - 1] = over;
    let rowMin = lo === 1 ? cur[0] : over;
    const ai = a[i - 1];
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ai === b[j - 1] ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (over < v) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = over;
    if (rowMin > max) return over;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return Math.min(prev[m], over);
}

/**
 * The exact Levenshtein distance by Myers' bit-parallel algorithm (J. ACM 46(3), 1999, with its
 * blocks of 32 rows): a column of the matrix is the vertical deltas of the shorter sequence as
 * bit vectors, so each character of the longer costs a few word operations per 32 characters of
 * the shorter, not one cell per pair.
 */
export function myersDistance(x: Int32Array, y: Int32Array): number {
  const [text, pattern] = x.length >= y.length ? [x, y] : [y, x];
  const m = pattern.length;
  if (m === 0) return text.length;
  const blocks = Math.ceil(m / 32);
  // For each character of the pattern, the rows it is in, block by block.
  const peq = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    let rows = peq.get(pattern[i]);
    if (!rows) peq.set(pattern[i], (rows = new Int32Array(blocks)));
    rows[i >> 5] |= 1 << (i & 31);
  }
  const pv = new Int32Array(blocks).fill(-1); // column 0: every vertical delta is +1
  const mv = new Int32Array(blocks);
  const lastHigh = 1 << ((m - 1) & 31);
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const rows = peq.get(text[j]);
    let hin = 1; // row 0 grows by one each column
    for (let b = 0; b < blocks; b++) {
      let eq = rows ? rows[b] : 0;
      const p = pv[b];
      const mm = mv[b];
      const xv = eq | mm;
      if (hin < 0) eq |= 1;
      const xh = (((eq & p) + p) ^ p) | eq;
      let ph = mm | ~(xh | p);
      let mh = p & xh;
      const high = b === blocks - 1 ? lastHigh : 1 << 31;
      const hout = ph & high ? 1 : mh & high ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      pv[b] = mh | ~(xv | ph);
      mv[b] = ph & xv;
      hin = hout;
    }
    score += hin;
  }
  return score;
}

/** A string's code points, the unit edits are counted in; numbers compare faster than one-character strings. */
function codePoints(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++; // the low half of a surrogate pair
  }
  return out.subarray(0, n);
}

/**
 * The distance if it is at most `max`, else `max + 1`, by whichever costs less: Myers' (about
 * n·m/32 word operations, exact) or the band of width 2·max+1 (n·max cells; a huge output
 * against a small threshold).
 */
function distanceWithin(x: Int32Array, y: Int32Array, max: number): number {
  if (Math.abs(x.length - y.length) > max) return max + 1;
  if (Math.ceil(Math.min(x.length, y.length) / 32) * 8 <= 2 * max + 1) return Math.min(myersDistance(x, y), max + 1);
  return boundedLevenshtein(x, y, max);
}

export function levenshteinDistance(a: string, b: string): number {
  return myersDistance(codePoints(a), codePoints(b));
}

export function levenshtein(assertion: Assertion, { output, expected }: AssertionContext): GradingResult {
  const reference = referenceText(assertion, expected);
  const threshold = assertion.threshold ?? DEFAULT_LEVENSHTEIN_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0) throw new AssertionError(`'${assertion.type}' threshold must be a non-negative number of edits.`);
  const max = Math.floor(threshold);
  const x = codePoints(output);
  const y = codePoints(reference.text);
  const against = reference.source === 'expected' ? 'the expected output' : 'the value';
  const d = distanceWithin(x, y, max);
  if (d <= max) return result(true, `Levenshtein distance to ${against} is ${d}, within threshold ${threshold}`);
  const exact = x.length * y.length <= EXACT_LIMIT ? myersDistance(x, y) : undefined;
  const shown = exact !== undefined ? `${exact}` : `more than ${max}`;
  return result(false, `Levenshtein distance to ${against} is ${shown}, over threshold ${threshold}`);
}
