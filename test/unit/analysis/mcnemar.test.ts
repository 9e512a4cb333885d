import * as assert from 'assert';
import { exactMcNemar, exactMcNemarP, formatP, midPMcNemarP } from '../../../src/core/analysis/mcnemar';

/**
 * An independent reference: the exact two-sided p-value as a ratio of big integers,
 * 2 · Σ_{i ≤ min(b, c)} C(b + c, i) / 2^(b + c), capped at 1, with no floating point until the
 * final division (scaled by 10^30 so even n = 880 keeps full double precision).
 */
function referenceP(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  if (2 * k >= n) return 1;
  let sum = 0n;
  let choose = 1n; // C(n, 0)
  for (let i = 0; i <= k; i++) {
    sum += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  const scale = 10n ** 30n;
  const scaled = (2n * sum * scale) / 2n ** BigInt(n);
  return Math.min(1, Number(scaled) / 1e30);
}

function close(actual: number, expected: number, relative: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${message ?? ''} ${actual} vs ${expected}`);
}

describe('exactMcNemar', () => {
  describe('published worked examples', () => {
    // Each: the 2×2 table as published, its discordant cells, and the exact (binomial) McNemar
    // p-value printed by the source, to the digits printed.
    const examples: { source: string; b: number; c: number; published: number; digits: number }[] = [
      {
        // Armitage P, Berry G. Statistical Methods in Medical Research, 3rd ed. Oxford: Blackwell,
        // 1994, p. 127: 50 sputum specimens plated on two media for Mycobacterium tuberculosis.
        // Growth on both 20, on A only 12, on B only 2, on neither 16. Exact two-sided P = 0.0129
        // (the example as worked in StatsDirect's manual, "Matched pairs", exact test after Liddell 1983).
        source: 'Armitage & Berry (1994) p. 127',
        b: 12,
        c: 2,
        published: 0.0129,
        digits: 4,
      },
      {
        // Fagerland MW, Lydersen S, Laake P. Statistical Analysis of Contingency Tables. Boca Raton:
        // CRC Press, 2017, Chapter 8 "The Paired 2x2 Table": complete response before and after
        // consolidation therapy (Cavo et al. 2012), table [[59, 6], [16, 80]]; McNemar exact
        // conditional test P = 0.052479 (as asserted by the book's companion R package
        // contingencytables, tests/testthat/test-ch8.R).
        source: 'Fagerland, Lydersen & Laake (2017) ch. 8, Cavo et al. 2012',
        b: 6,
        c: 16,
        published: 0.052479,
        digits: 6,
      },
      {
        // Fay MP. Exact McNemar's Test and Matching Confidence Intervals (vignette of the R package
        // exact2x2, version of June 29, 2020): hypothetical twins, Control fail/Test fail 21,
        // fail/pass 9, pass/fail 2, pass/pass 12 (matrix(c(21, 9, 2, 12), 2, 2) in R, column-major,
        // so b = x[1,2] = 2, c = x[2,1] = 9); mcnemar.exact(x) prints "b = 2, c = 9, p-value = 0.06543".
        source: 'Fay (2020), exact2x2 vignette',
        b: 2,
        c: 9,
        published: 0.06543,
        digits: 5,
      },
      {
        // Fagerland MW, Lydersen S, Laake P. The McNemar test for binary matched-pairs data: mid-p
        // and asymptotic are better than exact conditional. BMC Med Res Methodol 2013; 13:91,
        // Table 1: airway hyper-responsiveness before and after stem cell transplantation in 21
        // children (Bentur et al. 2009), [[1, 1], [7, 12]]: b = 1, c = 7. Their supplementary
        // material defines the exact p-value as 2 · binomcdf(n12, n, 0.5) on this table:
        // 2 · 9/256 = 0.0703.
        source: 'Fagerland, Lydersen & Laake (2013) Table 1, Bentur et al. 2009',
        b: 1,
        c: 7,
        published: 0.0703,
        digits: 4,
      },
      {
        // P. Weenink, University of Amsterdam, Institute of Phonetic Sciences statistics service,
        // "McNemar's test" (fon.hum.uva.nl/Service/Statistics/McNemars_test.html), worked example:
        // #BA = 12, #AB = 3, p <= 0.0352 (exact binomial, two-sided).
        source: 'UvA McNemar example',
        b: 3,
        c: 12,
        published: 0.0352,
        digits: 4,
      },
    ];

    for (const ex of examples) {
      it(`${ex.source}: b = ${ex.b}, c = ${ex.c} → p = ${ex.published}`, () => {
        const result = exactMcNemar(ex.b, ex.c);
        assert.strictEqual(result.pValue.toFixed(ex.digits), ex.published.toFixed(ex.digits));
        close(result.pValue, referenceP(ex.b, ex.c), 1e-12, 'against the exact rational');
      });
    }

    it('the exact dyadic values behind the published roundings', () => {
      assert.strictEqual(exactMcNemarP(12, 2), 212 / 16384); // 2 · (1 + 14 + 91) / 2^14
      assert.strictEqual(exactMcNemarP(6, 16), 220112 / 4194304); // 2 · 110056 / 2^22
      assert.strictEqual(exactMcNemarP(2, 9), 134 / 2048); // 2 · (1 + 11 + 55) / 2^11
      assert.strictEqual(exactMcNemarP(1, 7), 18 / 256);
      assert.strictEqual(exactMcNemarP(3, 12), 1152 / 32768);
    });
  });

  describe('edge cases', () => {
    it('no discordant pairs: p = 1, nothing to see', () => {
      const r = exactMcNemar(0, 0);
      assert.strictEqual(r.pValue, 1);
      assert.strictEqual(r.significant, false);
      assert.strictEqual(r.verdict, '0 fixed vs 0 regressed: p = 1, within noise at α = 0.05.');
    });

    it('b = 0, c = 6: p = 2 / 2^6 = 0.03125', () => {
      const r = exactMcNemar(0, 6);
      assert.strictEqual(r.pValue, 0.03125);
      assert.strictEqual(r.significant, true);
      assert.strictEqual(exactMcNemar(6, 0).pValue, 0.03125);
    });

    it('b = 0, c = 5 is the smallest all-one-way split that is not significant (p = 0.0625)', () => {
      assert.strictEqual(exactMcNemar(0, 5).pValue, 0.0625);
      assert.strictEqual(exactMcNemar(0, 5).significant, false);
    });

    it('a symmetric split gives p = 1, never more', () => {
      for (const n of [1, 2, 7, 50, 3000]) assert.strictEqual(exactMcNemar(n, n).pValue, 1, `b = c = ${n}`);
      assert.strictEqual(exactMcNemar(3, 4).pValue, 1); // 2 · P(X ≤ 3; 7) = 2 · 0.5
      assert.ok(exactMcNemar(4, 6).pValue <= 1);
    });

    it('is symmetric in b and c and agrees with the exact rational for every small table', () => {
      for (let b = 0; b <= 40; b++) {
        for (let c = 0; c <= 40; c++) {
          const p = exactMcNemarP(b, c);
          assert.strictEqual(p, exactMcNemarP(c, b));
          close(p, referenceP(b, c), 1e-12, `b = ${b}, c = ${c}:`);
        }
      }
    });

    it('large n (b = 400, c = 480) is fast, finite and exact', () => {
      const started = process.hrtime.bigint();
      const r = exactMcNemar(400, 480);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(Number.isFinite(r.pValue) && r.pValue > 0 && r.pValue < 1);
      close(r.pValue, referenceP(400, 480), 1e-10);
      assert.ok(r.pValue > 0.005 && r.pValue < 0.01, `${r.pValue}`); // z ≈ 80 / √880 ≈ 2.7
      assert.strictEqual(r.significant, true);
      assert.ok(ms < 50, `${ms} ms`);
    });

    it('n = 10,000 in a millisecond or so, with no overflow or underflow to NaN', () => {
      const started = process.hrtime.bigint();
      const balanced = exactMcNemarP(4950, 5050);
      const lopsided = exactMcNemarP(10, 9990);
      const oneWay = exactMcNemarP(0, 10000);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(balanced > 0.3 && balanced < 0.35, `${balanced}`); // z = 100 / 100 = 1 → ≈ 0.32
      assert.ok(Number.isFinite(lopsided) && lopsided >= 0 && lopsided < 1e-300);
      assert.strictEqual(oneWay, 0); // 2 / 2^10000 is below the smallest double
      assert.ok(ms < 50, `${ms} ms`);
      close(exactMcNemarP(700, 800), referenceP(700, 800), 1e-10);
    });

    it('refuses counts that are not counts and levels that are not levels', () => {
      assert.throws(() => exactMcNemar(-1, 3), RangeError);
      assert.throws(() => exactMcNemar(1.5, 3), RangeError);
      assert.throws(() => exactMcNemar(Number.NaN, 3), RangeError);
      assert.throws(() => exactMcNemar(1, 3, 0), RangeError);
      assert.throws(() => exactMcNemar(1, 3, 1), RangeError);
    });
  });

  describe('verdict', () => {
    it('says plainly whether the change is more than noise', () => {
      assert.strictEqual(exactMcNemar(3, 12).verdict, '12 fixed vs 3 regressed: p = 0.035, more than noise at α = 0.05.');
      assert.strictEqual(exactMcNemar(7, 1).verdict, '1 fixed vs 7 regressed: p = 0.07, within noise at α = 0.05.');
      assert.strictEqual(exactMcNemar(9, 11).verdict, '11 fixed vs 9 regressed: p = 0.82, within noise at α = 0.05.');
      assert.strictEqual(exactMcNemar(0, 20).verdict, '20 fixed vs 0 regressed: p < 0.001, more than noise at α = 0.05.');
    });

    it('uses the α it is given', () => {
      const r = exactMcNemar(3, 12, 0.01);
      assert.strictEqual(r.alpha, 0.01);
      assert.strictEqual(r.significant, false);
      assert.match(r.verdict, /within noise at α = 0\.01\.$/);
      assert.strictEqual(r.test, 'exact McNemar (two-sided binomial on discordant pairs)');
      assert.deepStrictEqual([r.regressed, r.fixed], [3, 12]);
    });

    it('shows enough digits to tell which side of α a p-value near it is on', () => {
      assert.strictEqual(formatP(0.0496), 'p = 0.0496');
      assert.strictEqual(formatP(0.0504), 'p = 0.0504');
      assert.strictEqual(formatP(0.035156), 'p = 0.035');
      assert.strictEqual(formatP(0.51), 'p = 0.51');
    });
  });
});

describe('midPMcNemarP', () => {
  it('Fagerland, Lydersen & Laake (2017) ch. 8, Cavo et al. 2012: mid-p 0.034690 beside the exact 0.052479', () => {
    // Table [[59, 6], [16, 80]]; the book's companion R package contingencytables asserts
    // "The McNemar mid-P test: P = 0.034690" in tests/testthat/test-ch8.R (and the exact conditional
    // P = 0.052479 that exactMcNemarP reproduces above).
    assert.strictEqual(midPMcNemarP(6, 16).toFixed(6), '0.034690');
    assert.strictEqual(midPMcNemarP(16, 6).toFixed(6), '0.034690');
    assert.strictEqual(exactMcNemarP(6, 16).toFixed(6), '0.052479');
  });

  it('is the exact p less the probability of the observed split, and 1 − ½ P(X = b) for a tie', () => {
    // b = 0, c = 6: exact 2/64, point mass 1/64, so mid-p 1/64.
    assert.strictEqual(midPMcNemarP(0, 6), 1 / 64);
    // b = c = 2: P(X = 2) = 6/16, mid-p = 1 − 3/16.
    assert.strictEqual(midPMcNemarP(2, 2), 1 - 3 / 16);
    assert.strictEqual(midPMcNemarP(0, 0), 1);
    for (let b = 0; b <= 12; b++) for (let c = 0; c <= 12; c++) assert.ok(midPMcNemarP(b, c) <= exactMcNemarP(b, c) + 1e-15);
  });
});
