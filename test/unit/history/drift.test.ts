import * as assert from 'assert';
import { driftRunsNeeded, driftStatus, fisherOneSided, poissonBinomial, type DriftRun } from '../../../src/core/analysis/drift';

/** A run whose cases c0…c{n-1} pass where `pass(i)` says. */
function run(n: number, idx: number, pass: (i: number) => boolean, ids = (i: number) => `c${i}`): DriftRun {
  const cases = new Map<string, boolean>();
  for (let i = 0; i < n; i++) cases.set(ids(i), pass(i));
  const passed = [...cases.values()].filter(Boolean).length;
  return { runId: `r${String(idx).padStart(3, '0')}`, startedAt: new Date(Date.UTC(2026, 0, 1 + idx)).toISOString(), passed, total: n, passRate: passed / n, cases };
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('drift status', () => {
  it('a clear decline against the trailing window is declining, by the paired exact test', () => {
    const window = [0, 1, 2, 3, 4].map((k) => run(100, k, (i) => i < 90));
    const head = run(100, 5, (i) => i < 70);
    const result = driftStatus([...window, head]);
    assert.strictEqual(result.status, 'declining');
    assert.strictEqual(result.test, 'paired-exact');
    assert.deepStrictEqual(result.reference, { kind: 'window', runIds: window.map((r) => r.runId) });
    assert.strictEqual(result.headRunId, head.runId);
    assert.strictEqual(result.cases, 100);
    assert.ok(Math.abs(result.delta! + 0.2) < 1e-9);
    assert.ok(result.pValue! < 1e-6, `p = ${result.pValue}`);
    assert.match(result.method, /Paired exact test on 100 cases/);
    assert.match(result.method, /Poisson-binomial/);
    assert.match(result.method, /90\.0% → 70\.0% \(−20\.0 points\)/);
    assert.match(result.method, /declining \(a change counts at p ≤ 0\.01 and at least 5 points\)/);
  });

  it('a clear improvement against a pinned baseline is improving, and is McNemar\'s exact test', () => {
    const baseline = run(100, 0, (i) => i < 60);
    const later = [1, 2, 3].map((k) => run(100, k, (i) => i < 61));
    const head = run(100, 4, (i) => i < 85);
    const result = driftStatus([baseline, ...later, head], { baselineRunId: baseline.runId });
    assert.strictEqual(result.status, 'improving');
    assert.deepStrictEqual(result.reference, { kind: 'baseline', runIds: [baseline.runId] });
    assert.deepStrictEqual([result.fixed, result.regressed], [25, 0]);
    assert.ok(Math.abs(result.pValue! - 2 ** -25) < 1e-15, 'the sign test: 25 of 25 discordant pairs went one way');
    assert.match(result.method, /McNemar's exact test: 25 fixed vs 0 regressed/);
  });

  it('against one reference run, the p-value is the exact sign test on the discordant pairs', () => {
    // 8 fixed, 1 regressed, 41 concordant: P(X ≥ 8 | n = 9, ½) = (9 + 1) / 512.
    const base = run(50, 0, (i) => i >= 8 && i !== 20 && i < 45);
    const head = run(50, 1, (i) => i !== 20 ? i < 45 : false);
    const withRegressed = run(50, 1, (i) => (i === 49 ? true : i === 20 ? false : i < 45));
    const r = driftStatus([base, head], { baselineRunId: base.runId, alpha: 0.05, minEffect: 0 });
    assert.deepStrictEqual([r.fixed, r.regressed], [8, 0]);
    assert.ok(Math.abs(r.pValue! - 2 ** -8) < 1e-12);
    const r2 = driftStatus([base, withRegressed], { baselineRunId: base.runId, alpha: 0.05, minEffect: 0 });
    assert.deepStrictEqual([r2.fixed, r2.regressed], [9, 0]);
    const mixed = run(50, 1, (i) => (i === 30 ? false : i === 20 ? false : i < 45));
    const r3 = driftStatus([base, mixed], { baselineRunId: base.runId, alpha: 0.05, minEffect: 0 });
    assert.deepStrictEqual([r3.fixed, r3.regressed], [8, 1]);
    assert.ok(Math.abs(r3.pValue! - 10 / 512) < 1e-12, `p = ${r3.pValue}`);
    assert.strictEqual(r3.status, 'improving');
  });

  it('noise stays stable: runs of an unchanged model are almost never flagged', () => {
    const r = rng(42);
    let flagged = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const p = Array.from({ length: 100 }, () => 0.55 + r() * 0.45); // each case its own pass probability
      const runs = [0, 1, 2, 3, 4, 5].map((k) => run(100, k, (i) => r() < p[i]));
      if (driftStatus(runs).status !== 'stable') flagged++;
    }
    assert.ok(flagged / trials <= 0.02, `${flagged} of ${trials} noise series flagged`);
  });

  it('a drop that is significant but smaller than the minimum effect stays stable', () => {
    // 2,000 cases: a 3-point drop is far beyond noise, yet below the 5 points that count.
    const window = [0, 1, 2, 3, 4].map((k) => run(2000, k, (i) => i < 1800));
    const head = run(2000, 5, (i) => i < 1740);
    const result = driftStatus([...window, head]);
    assert.ok(result.pValue! < 1e-6);
    assert.strictEqual(result.status, 'stable');
    assert.match(result.method, /stable: too small to act on/);
  });

  it('a few cases changing either way is noise', () => {
    const window = [0, 1, 2, 3, 4].map((k) => run(40, k, (i) => i < 32));
    const head = run(40, 5, (i) => i < 30 || i === 35);
    const result = driftStatus([...window, head]);
    assert.strictEqual(result.status, 'stable');
    assert.match(result.method, /within noise/);
  });

  it('too few runs is insufficient-data, with why', () => {
    assert.strictEqual(driftStatus([]).status, 'insufficient-data');
    assert.match(driftStatus([]).method, /No complete run/);
    const three = [0, 1, 2].map((k) => run(10, k, () => true));
    const result = driftStatus(three);
    assert.strictEqual(result.status, 'insufficient-data');
    assert.match(result.method, /Only 2 complete runs before the latest; the trailing window needs 3/);
    // A pinned baseline needs only itself.
    assert.notStrictEqual(driftStatus(three, { baselineRunId: three[0].runId }).status, 'insufficient-data');
  });

  it('a baseline that is not among the runs falls back to the window and says so', () => {
    const runs = [0, 1, 2, 3, 4].map((k) => run(20, k, (i) => i < 15));
    const result = driftStatus(runs, { baselineRunId: 'gone' });
    assert.strictEqual(result.reference?.kind, 'window');
    assert.match(result.method, /The pinned baseline gone is not among this set's complete production runs/);
    const self = driftStatus(runs, { baselineRunId: runs[4].runId });
    assert.match(self.method, /The latest run is the pinned baseline/);
  });

  it('unpaired cases fall back to Fisher\'s exact test on the pass counts', () => {
    const window = [0, 1, 2].map((k) => run(100, k, (i) => i < 90, (i) => `old-${i}`));
    const head = run(100, 3, (i) => i < 60, (i) => `new-${i}`);
    const result = driftStatus([...window, head]);
    assert.strictEqual(result.test, 'fisher-exact');
    assert.strictEqual(result.status, 'declining');
    assert.match(result.method, /not paired .* Fisher exact test of the latest run's 60\/100 passed against the 3 runs before it, pooled 270\/300/);
    // No case data at all: the same fallback.
    const bare = [...window, head].map(({ cases: _cases, ...r }) => r);
    assert.strictEqual(driftStatus(bare).test, 'fisher-exact');
  });

  it('names the runs whose cases it needs', () => {
    const runs = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => run(1, k, () => true));
    assert.deepStrictEqual(driftRunsNeeded(runs), ['r002', 'r003', 'r004', 'r005', 'r006', 'r007']);
    assert.deepStrictEqual(driftRunsNeeded(runs, { baselineRunId: 'r000' }), ['r000', 'r007']);
  });

  it('computes the exact distributions', () => {
    const dist = poissonBinomial([0.5, 0.5, 0.5]);
    assert.deepStrictEqual([...dist], [1 / 8, 3 / 8, 3 / 8, 1 / 8]);
    assert.ok(Math.abs(poissonBinomial([0.1, 0.7, 0.3, 0.9]).reduce((a, b) => a + b, 0) - 1) < 1e-12);
    // Fisher's tea-tasting table [[3, 1], [1, 3]]: one-sided p = 17/70.
    const f = fisherOneSided(3, 4, 1, 4);
    assert.ok(Math.abs(f.pHigh - 17 / 70) < 1e-12, `${f.pHigh}`);
    assert.ok(Math.abs(f.pLow - 69 / 70) < 1e-12, `${f.pLow}`);
  });
});
