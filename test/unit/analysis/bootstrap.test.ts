import * as assert from 'assert';
import { pairedBootstrap } from '../../../src/core/analysis/bootstrap';
import { mulberry32 } from '../../../src/core/util/prng';

/** n paired differences: a case's candidate score minus its production score, mean `mean`. */
function differences(n: number, mean: number, random: () => number): number[] {
  // A case is one of win (+1), loss (−1) or tie (0), as pass/fail scores are, at rates giving `mean`.
  const win = 0.2 + mean / 2;
  const loss = 0.2 - mean / 2;
  return Array.from({ length: n }, () => {
    const u = random();
    return u < win ? 1 : u < win + loss ? -1 : 0;
  });
}

describe('pairedBootstrap', () => {
  it('the same differences and seed give the same interval, to the last digit', () => {
    const d = differences(40, 0.05, mulberry32(3));
    const a = pairedBootstrap(d);
    const b = pairedBootstrap([...d]);
    assert.deepStrictEqual(a, b);
    assert.ok(a.low < a.mean && a.mean < a.high, JSON.stringify(a));
    assert.match(a.method, /paired bootstrap, 2000 resamples of the 40 cases, 95% percentile interval \(seed \d+\)/);
  });

  it('another seed moves the interval only by resampling noise', () => {
    const d = differences(60, 0, mulberry32(9));
    const a = pairedBootstrap(d, { seed: 1 });
    const b = pairedBootstrap(d, { seed: 2 });
    assert.notDeepStrictEqual([a.low, a.high], [b.low, b.high]);
    assert.ok(Math.abs(a.low - b.low) < 0.03 && Math.abs(a.high - b.high) < 0.03, `${a.low}..${a.high} vs ${b.low}..${b.high}`);
  });

  it('covers the true mean difference about 95% of the time on constructed data', () => {
    // 400 data sets of 80 paired cases with a known mean difference of 0.1: a 95% interval should
    // hold it in about 95% of them (the percentile interval runs a little short at this n: 92–97%).
    const random = mulberry32(2026);
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const r = pairedBootstrap(differences(80, 0.1, random), { seed: t, resamples: 1000 });
      if (r.low <= 0.1 && 0.1 <= r.high) covered++;
    }
    assert.ok(covered / trials >= 0.92 && covered / trials <= 0.97, `coverage ${covered / trials}`);
  });

  it('no pairs: an interval of nothing, never NaN', () => {
    const r = pairedBootstrap([]);
    assert.deepStrictEqual([r.mean, r.low, r.high, r.pairs], [0, 0, 0, 0]);
  });

  it('all differences alike: the interval is that point', () => {
    const r = pairedBootstrap([0.25, 0.25, 0.25]);
    assert.deepStrictEqual([r.low, r.high], [0.25, 0.25]);
  });
});
