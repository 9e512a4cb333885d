/**
 * The two statistics the review's findings use.
 *
 * - Wilson's score interval for a proportion (E. B. Wilson, JASA 22, 1927), without continuity
 *   correction: method 3 of R. G. Newcombe, "Two-sided confidence intervals for the single
 *   proportion: comparison of seven methods", Statistics in Medicine 17 (1998) 857–872, whose
 *   worked examples the unit tests check.
 * - Fisher's exact test on a 2×2 table, two-sided as R's `fisher.test` computes it: the sum of the
 *   probabilities of every table with the same margins that is no more probable than the one
 *   observed (with R's relative tolerance of 1e-7 for ties).
 */

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson's 95% score interval for `successes` of `trials` (0–1 each end); [0, 1] when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  const denominator = 1 + z2 / trials;
  return { low: Math.max(0, (centre - spread) / denominator), high: Math.min(1, (centre + spread) / denominator) };
}

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
}

/**
 * Two-sided p of Fisher's exact test for the table [[a, b], [c, d]] (rows: this month and last
 * month; columns: flagged and not).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  if (n === 0) return 1;
  const lf = logFactorials(n);
  const logP = (x: number): number => lf[row1] + lf[n - row1] + lf[col1] + lf[n - col1] - lf[n] - lf[x] - lf[row1 - x] - lf[col1 - x] - lf[n - row1 - col1 + x];
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
