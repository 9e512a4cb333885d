import type { SignificanceTest } from './comparisonTypes';

/**
 * The exact McNemar test (McNemar's test conditioned on the discordant pairs, i.e. a two-sided sign
 * test): did the pass rate of the cases two runs share really move, or is the change noise?
 *
 * Only the discordant pairs carry information: `regressed` (b, passed in base and failed in head)
 * and `fixed` (c, the reverse). Under H0 each discordant pair is equally likely to fall either
 * way, so b ~ Binomial(b + c, 1/2) and the two-sided p-value is
 *
 *     p = min(1, 2 · P(X ≤ min(b, c))),   X ~ Binomial(b + c, 1/2)
 *
 * (Fagerland, Lydersen & Laake 2013, BMC Med Res Methodol 13:91, eq. 1 of the supplement; the
 * `central`, `minlike` and `blaker` two-sided methods of R's exact2x2 all give this same value).
 * No discordant pairs at all: nothing moved, p = 1.
 */
export function exactMcNemar(regressed: number, fixed: number, alpha = 0.05): SignificanceTest {
  if (!isCount(regressed) || !isCount(fixed)) {
    throw new RangeError(`exactMcNemar needs two non-negative whole counts, got regressed = ${regressed}, fixed = ${fixed}.`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`exactMcNemar needs 0 < alpha < 1, got ${alpha}.`);
  const pValue = exactMcNemarP(regressed, fixed);
  const significant = pValue < alpha;
  return {
    test: 'exact McNemar (two-sided binomial on discordant pairs)',
    regressed,
    fixed,
    pValue,
    alpha,
    significant,
    verdict: verdict(regressed, fixed, pValue, alpha, significant),
  };
}

/** The two-sided exact p-value alone. */
export function exactMcNemarP(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  // b = c (including b = c = 0): the observed split is the most likely one; p = 1.
  if (2 * k >= n) return 1;
  // All discordant pairs one way: 2 · 2^−n, exactly (a power of two, 0 once below the doubles).
  if (k === 0) return Math.pow(2, 1 - n);
  return Math.min(1, 2 * binomialHalfCdf(k, n));
}

/**
 * The two-sided mid-p McNemar value: the exact p-value less the probability of the observed split,
 * p_mid = 2 · [P(X ≤ k) − ½ · P(X = k)], and 1 − ½ · P(X = b) when b = c (Fagerland, Lydersen &
 * Laake 2013, BMC Med Res Methodol 13:91, who recommend it over the exact test for its size; as
 * contingencytables::McNemar_midP_test_paired_2x2). Reported beside the exact value, which stays
 * the one decisions use.
 */
export function midPMcNemarP(b: number, c: number): number {
  if (!isCount(b) || !isCount(c)) throw new RangeError(`midPMcNemarP needs two non-negative whole counts, got b = ${b}, c = ${c}.`);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  const pointMass = binomialHalfPmf(k, n);
  if (b === c) return 1 - pointMass / 2;
  return Math.min(1, exactMcNemarP(b, c) - pointMass);
}

/** P(X = k) for X ~ Binomial(n, 1/2): built up from 2^−n as binomialHalfCdf does (exact for small tables), in log space beyond. */
function binomialHalfPmf(k: number, n: number): number {
  if (n <= 1000) {
    let term = Math.pow(2, -n);
    for (let i = 0; i < k; i++) term = (term * (n - i)) / (i + 1);
    return term;
  }
  let log = -n * Math.LN2;
  for (let i = 1; i <= k; i++) log += Math.log((n - k + i) / i);
  return Math.exp(log);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, 1/2), k < n/2, without overflow or underflow.
 *
 * Up to n = 1000, 2^−n is a normal double, so the terms C(n, i) / 2^n are built upwards from it
 * (each from the one before, times (n − i) / (i + 1)); while C(n, i) stays below 2^53 every step is
 * exact, so small tables give exact dyadic p-values (2 · 9/256, not 0.0703125000000001).
 * Beyond that the log of the largest term, P(X = k), is summed in log space and the terms below it
 * are added relative to it (each the one above times i / (n − i + 1), a ratio below 1), stopping
 * once they no longer matter. O(k) work either way: n = 10,000 takes well under a millisecond.
 */
function binomialHalfCdf(k: number, n: number): number {
  if (n <= 1000) {
    let term = Math.pow(2, -n);
    let sum = term;
    for (let i = 0; i < k; i++) {
      term = (term * (n - i)) / (i + 1);
      sum += term;
    }
    return sum;
  }
  let logTop = -n * Math.LN2;
  for (let i = 1; i <= k; i++) logTop += Math.log((n - k + i) / i);
  let sum = 1;
  let term = 1;
  for (let i = k; i > 0; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.exp(logTop + Math.log(sum));
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

function verdict(regressed: number, fixed: number, p: number, alpha: number, significant: boolean): string {
  const judgement = significant ? `more than noise at α = ${alpha}` : `within noise at α = ${alpha}`;
  return `${fixed} fixed vs ${regressed} regressed: ${formatP(p, alpha)}, ${judgement}.`;
}

/** Two significant figures, more when two figures would round onto α and hide which side p is on. */
export function formatP(p: number, alpha = 0.05): string {
  if (p >= 1) return 'p = 1';
  if (p < 0.001) return 'p < 0.001';
  let text = p.toPrecision(2);
  if (Number(text) === alpha && p !== alpha) text = p.toPrecision(4);
  return `p = ${Number(text)}`;
}
