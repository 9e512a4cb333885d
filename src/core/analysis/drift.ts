/**
 * Drift: is an eval set's latest run better, worse, or no different from what came before?
 *
 * THE METHOD (also written into every result's `method`, with the numbers):
 *
 * 1. Head and reference. The head is the latest comparable run (complete, whole set) of the set.
 *    The reference is the pinned baseline run when one is given and it is an earlier comparable
 *    run of the set; otherwise the trailing window, the `window` (5) comparable runs before the
 *    head, of which at least `minWindow` (3) must exist. Fewer: `insufficient-data`.
 *
 * 2. Paired test (the usual case: the runs share case ids). For every case of the head that at
 *    least one reference run also has, let m be the number of those runs plus the head and k the
 *    number of them in which the case passed (errored counts as not passed). If nothing changed,
 *    the m outcomes of a case are exchangeable, so given k the head passed it with probability
 *    k/m, independently across cases. The head's pass count T is then a sum of independent
 *    Bernoulli(k/m): a Poisson-binomial law, computed exactly. The one-sided p-values are
 *    P(T ≤ observed) for a decline and P(T ≥ observed) for an improvement. Against a single
 *    reference run (a pinned baseline) this is exactly McNemar's exact test: concordant cases
 *    have k/m ∈ {0, 1} and each discordant one is a fair coin, i.e. the sign test on fixed vs
 *    regressed cases. Against a window it stays exact, and a flaky case (k/m near 1/2) weighs
 *    little while a case that always passed and now fails weighs a lot.
 *    The effect is the head's pass rate minus the reference's (per case, the share of reference
 *    runs it passed in, averaged), both over the paired cases.
 *
 * 3. Unpaired fallback: when the head has no case data, or fewer than half of its cases appear
 *    in the reference (the set was rewritten), the runs are compared by their pass counts alone:
 *    a one-sided Fisher exact test of the head's passed/total against the reference runs'
 *    pooled passed/total. (Pooling treats the reference runs as independent samples, which they
 *    are not quite: the fallback is the weaker of the two and says so.)
 *
 * 4. Decision: `declining` when the decline p-value is at most `alpha` (0.01) AND the pass rate
 *    fell by at least `minEffect` (5 points); `improving` symmetrically; otherwise `stable`.
 *    α = 0.01 per direction rather than 0.05 because a set is tested after every run: at 0.05 a
 *    daily run of an unchanged model would be flagged about once every ten days. The minimum
 *    effect keeps a large set (where a 1-point move is significant) from flipping on a move
 *    nobody would act on.
 */

export type DriftStatus = 'improving' | 'stable' | 'declining' | 'insufficient-data';

export interface DriftRun {
  runId: string;
  startedAt: string;
  passed: number;
  total: number;
  passRate: number;
  /** Per case id whether it passed; absent when the case data is not at hand. */
  cases?: ReadonlyMap<string, boolean>;
}

export interface DriftOptions {
  /** A pinned baseline run id (src/core/store/baselines.ts keeps them); the trailing window when absent. */
  baselineRunId?: string;
  /** Reference runs in the trailing window. */
  window?: number;
  /** The fewest earlier runs the trailing window needs. */
  minWindow?: number;
  /** One-sided significance level, per direction. */
  alpha?: number;
  /** The smallest change of pass rate (0–1) that counts. */
  minEffect?: number;
}

export const DRIFT_DEFAULTS = { window: 5, minWindow: 3, alpha: 0.01, minEffect: 0.05 } as const;

export interface DriftResult {
  status: DriftStatus;
  /** The test and the numbers, in a sentence or three: what the dashboard shows under the status. */
  method: string;
  test: 'paired-exact' | 'fisher-exact' | 'none';
  headRunId?: string;
  reference?: { kind: 'baseline' | 'window'; runIds: string[] };
  /** Cases the test compared (paired cases, or the head's cases when unpaired). */
  cases?: number;
  headPassRate?: number;
  referencePassRate?: number;
  /** headPassRate − referencePassRate. */
  delta?: number;
  /** The one-sided p-value in the direction of the observed change. */
  pValue?: number;
  /** Against a single reference run: cases that failed there and pass now, and the reverse. */
  fixed?: number;
  regressed?: number;
  alpha: number;
  minEffect: number;
}

interface Plan {
  head?: DriftRun;
  refs: DriftRun[];
  kind: 'baseline' | 'window';
  note: string;
}

function plan(runs: readonly DriftRun[], o: Required<Omit<DriftOptions, 'baselineRunId'>> & { baselineRunId?: string }): Plan {
  const sorted = [...runs].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  const head = sorted[sorted.length - 1];
  if (!head) return { refs: [], kind: 'window', note: '' };
  let note = '';
  if (o.baselineRunId !== undefined) {
    const idx = sorted.findIndex((r) => r.runId === o.baselineRunId);
    if (idx >= 0 && idx < sorted.length - 1) return { head, refs: [sorted[idx]], kind: 'baseline', note: '' };
    note = idx === sorted.length - 1 ? `The latest run is the pinned baseline, so the trailing window is used. ` : `The pinned baseline ${o.baselineRunId} is not among this set's complete production runs, so the trailing window is used. `;
  }
  return { head, refs: sorted.slice(Math.max(0, sorted.length - 1 - o.window), sorted.length - 1), kind: 'window', note };
}

/** The run ids whose per-case outcomes driftStatus will look at: the head and its reference. */
export function driftRunsNeeded(runs: readonly DriftRun[], options: DriftOptions = {}): string[] {
  const p = plan(runs, { ...DRIFT_DEFAULTS, ...options });
  return p.head ? [...p.refs.map((r) => r.runId), p.head.runId] : [];
}

/** The drift status of a set's latest run; `runs` are the set's comparable runs in any order. See the module comment for the method. */
export function driftStatus(runs: readonly DriftRun[], options: DriftOptions = {}): DriftResult {
  const o = { ...DRIFT_DEFAULTS, ...options };
  const base = { alpha: o.alpha, minEffect: o.minEffect };
  const p = plan(runs, o);
  if (!p.head) return { ...base, status: 'insufficient-data', test: 'none', method: 'No complete run of this set yet.' };
  const head = p.head;
  const need = p.kind === 'baseline' ? 1 : o.minWindow;
  if (p.refs.length < need) {
    return {
      ...base,
      status: 'insufficient-data',
      test: 'none',
      headRunId: head.runId,
      method: `${p.note}Only ${p.refs.length} complete run${p.refs.length === 1 ? '' : 's'} before the latest; the trailing window needs ${need} (or pin a baseline).`,
    };
  }
  const reference = { kind: p.kind, runIds: p.refs.map((r) => r.runId) };
  const refLabel = p.kind === 'baseline' ? `the pinned baseline ${p.refs[0].runId}` : `the ${p.refs.length} runs before it`;

  const paired = pairedTest(head, p.refs);
  if (paired) {
    const { n, headRate, refRate, pLow, pHigh, fixed, regressed } = paired;
    const delta = headRate - refRate;
    const status = decide(delta, pLow, pHigh, o);
    const pValue = delta < 0 ? pLow : pHigh;
    const mcnemar = p.refs.length === 1 ? ` With one reference run this is McNemar's exact test: ${fixed} fixed vs ${regressed} regressed.` : '';
    return {
      ...base,
      status,
      test: 'paired-exact',
      headRunId: head.runId,
      reference,
      cases: n,
      headPassRate: headRate,
      referencePassRate: refRate,
      delta,
      pValue,
      ...(p.refs.length === 1 ? { fixed, regressed } : {}),
      method:
        `${p.note}Paired exact test on ${n} cases, the latest run against ${refLabel}: given each case's passes over those runs, ` +
        `the latest run's pass count follows a Poisson-binomial law if nothing changed.${mcnemar} ` +
        `Pass rate ${pctText(refRate)} → ${pctText(headRate)} (${pointsText(delta)}), one-sided ${pText(pValue)}; ` +
        `${verdictText(status, delta, pValue, o)}`,
    };
  }

  const n2 = p.refs.reduce((s, r) => s + r.total, 0);
  const b = p.refs.reduce((s, r) => s + r.passed, 0);
  if (head.total === 0 || n2 === 0) {
    return { ...base, status: 'insufficient-data', test: 'none', headRunId: head.runId, reference, method: `${p.note}The latest run or its reference has no cases.` };
  }
  const headRate = head.passed / head.total;
  const refRate = b / n2;
  const delta = headRate - refRate;
  const { pLow, pHigh } = fisherOneSided(head.passed, head.total, b, n2);
  const status = decide(delta, pLow, pHigh, o);
  const pValue = delta < 0 ? pLow : pHigh;
  return {
    ...base,
    status,
    test: 'fisher-exact',
    headRunId: head.runId,
    reference,
    cases: head.total,
    headPassRate: headRate,
    referencePassRate: refRate,
    delta,
    pValue,
    method:
      `${p.note}The cases are not paired (${head.cases ? 'fewer than half of the latest run\'s cases are in the reference' : 'no case data'}), so: one-sided Fisher exact test ` +
      `of the latest run's ${head.passed}/${head.total} passed against ${refLabel}, pooled ${b}/${n2}. ` +
      `Pass rate ${pctText(refRate)} → ${pctText(headRate)} (${pointsText(delta)}), one-sided ${pText(pValue)}; ${verdictText(status, delta, pValue, o)}`,
  };
}

function decide(delta: number, pLow: number, pHigh: number, o: { alpha: number; minEffect: number }): DriftStatus {
  const eps = 1e-12;
  if (delta <= -o.minEffect + eps && pLow <= o.alpha) return 'declining';
  if (delta >= o.minEffect - eps && pHigh <= o.alpha) return 'improving';
  return 'stable';
}

function verdictText(status: DriftStatus, delta: number, pValue: number, o: { alpha: number; minEffect: number }): string {
  const rule = `a change counts at p ≤ ${o.alpha} and at least ${(o.minEffect * 100).toFixed(0)} points`;
  if (status === 'declining' || status === 'improving') return `${status} (${rule}).`;
  const why = pValue > o.alpha ? 'within noise' : `too small to act on (${pointsText(delta)})`;
  return `stable: ${why} (${rule}).`;
}

interface PairedResult {
  n: number;
  headRate: number;
  refRate: number;
  pLow: number;
  pHigh: number;
  fixed: number;
  regressed: number;
}

/** The paired exact test of the module comment, or undefined when the runs are not paired enough. */
function pairedTest(head: DriftRun, refs: readonly DriftRun[]): PairedResult | undefined {
  if (!head.cases || head.cases.size === 0 || refs.some((r) => !r.cases)) return undefined;
  const probabilities: number[] = [];
  let n = 0;
  let sure = 0; // cases the head must pass given k = m
  let observed = 0;
  let refRateSum = 0;
  let fixed = 0;
  let regressed = 0;
  for (const [id, pass] of head.cases) {
    let m = 0;
    let refPasses = 0;
    for (const r of refs) {
      const x = r.cases!.get(id);
      if (x === undefined) continue;
      m++;
      if (x) refPasses++;
    }
    if (m === 0) continue;
    n++;
    const k = refPasses + (pass ? 1 : 0);
    if (pass) observed++;
    refRateSum += refPasses / m;
    if (k === m + 1) sure++;
    else if (k > 0) probabilities.push(k / (m + 1));
    if (refs.length === 1 && m === 1) {
      if (pass && refPasses === 0) fixed++;
      if (!pass && refPasses === 1) regressed++;
    }
  }
  if (n === 0 || n * 2 < head.cases.size) return undefined;
  const dist = poissonBinomial(probabilities);
  const t = observed - sure;
  let pLow = 0;
  let pHigh = 0;
  for (let i = 0; i < dist.length; i++) {
    if (i <= t) pLow += dist[i];
    if (i >= t) pHigh += dist[i];
  }
  return { n, headRate: observed / n, refRate: refRateSum / n, pLow: Math.min(1, pLow), pHigh: Math.min(1, pHigh), fixed, regressed };
}

/** The exact distribution of a sum of independent Bernoulli(p_i). */
export function poissonBinomial(ps: readonly number[]): Float64Array {
  const dist = new Float64Array(ps.length + 1);
  dist[0] = 1;
  ps.forEach((p, i) => {
    for (let j = i + 1; j >= 1; j--) dist[j] = dist[j] * (1 - p) + dist[j - 1] * p;
    dist[0] *= 1 - p;
  });
  return dist;
}

/**
 * One-sided Fisher exact test for a 2×2 table: `a` of `n1` against `b` of `n2`. pLow = P(X ≤ a),
 * pHigh = P(X ≥ a) for X hypergeometric with the table's margins.
 */
export function fisherOneSided(a: number, n1: number, b: number, n2: number): { pLow: number; pHigh: number } {
  const N = n1 + n2;
  const K = a + b;
  const lf = logFactorials(N);
  const lnC = (n: number, k: number) => lf[n] - lf[k] - lf[n - k];
  const denom = lnC(N, n1);
  let pLow = 0;
  let pHigh = 0;
  for (let x = Math.max(0, n1 - (N - K)); x <= Math.min(n1, K); x++) {
    const px = Math.exp(lnC(K, x) + lnC(N - K, n1 - x) - denom);
    if (x <= a) pLow += px;
    if (x >= a) pHigh += px;
  }
  return { pLow: Math.min(1, pLow), pHigh: Math.min(1, pHigh) };
}

function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1] + Math.log(i);
  return lf;
}

function pctText(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function pointsText(delta: number): string {
  const pts = delta * 100;
  return `${pts >= 0 ? '+' : '−'}${Math.abs(pts).toFixed(1)} points`;
}

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}
