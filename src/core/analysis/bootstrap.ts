import { mulberry32 } from '../util/prng';

export interface BootstrapInterval {
  method: string;
  /** The observed mean of the paired differences (candidate − production). */
  mean: number;
  low: number;
  high: number;
  level: number;
  resamples: number;
  seed: number;
  /** How many pairs the interval rests on. */
  pairs: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20260801;

/**
 * A paired bootstrap percentile interval of the mean difference (Efron & Tibshirani 1993, An
 * Introduction to the Bootstrap, ch. 13): the pairs are resampled with replacement `resamples`
 * times, the mean difference of each resample taken, and the interval read at the (1 − level)/2
 * and (1 + level)/2 quantiles of those means. Resampling pairs, not each side on its own, keeps
 * what the cases share (an easy case is easy for both models), which is why a paired interval is
 * narrower than two independent ones. The PRNG is seeded, so the same differences always give the
 * same interval.
 */
export function pairedBootstrap(differences: readonly number[], o: { resamples?: number; seed?: number; level?: number } = {}): BootstrapInterval {
  const resamples = o.resamples ?? DEFAULT_RESAMPLES;
  const seed = o.seed ?? DEFAULT_SEED;
  const level = o.level ?? 0.95;
  const n = differences.length;
  const method = `paired bootstrap, ${resamples} resamples of the ${n} cases, ${Math.round(level * 100)}% percentile interval (seed ${seed})`;
  if (n === 0) return { method, mean: 0, low: 0, high: 0, level, resamples, seed, pairs: 0 };
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return { method, mean: differences.reduce((s, d) => s + d, 0) / n, low: quantile(means, tail), high: quantile(means, 1 - tail), level, resamples, seed, pairs: n };
}

/** Type 7 quantile (linear between order statistics, R's default) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
