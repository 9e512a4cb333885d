import * as assert from 'assert';
import { fisherExact, wilsonInterval } from '../../../src/core/review/statistics';

const near = (actual: number, expected: number, digits: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${what}: ${actual} is not ${expected} to ${digits} places`);

describe('review statistics', () => {
  it("Wilson's 95% interval matches Newcombe (1998), Table II, method 3", () => {
    // Statistics in Medicine 17:857–872, the four worked examples.
    const published: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of published) {
      const ci = wilsonInterval(x, n);
      near(ci.low, low, 4, `${x}/${n} low`);
      near(ci.high, high, 4, `${x}/${n} high`);
    }
    assert.deepStrictEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
  });

  it("Fisher's exact test matches R's fisher.test and the textbook tables", () => {
    // R's ?fisher.test, Fisher's tea-tasting experiment: p-value = 0.4857.
    near(fisherExact(3, 1, 1, 3), 0.4857, 4, 'tea tasting');
    // The dieting example of Wikipedia's "Fisher's exact test": two-tailed p = 0.002759.
    near(fisherExact(1, 9, 11, 3), 0.002759, 6, 'dieting');
    // R: fisher.test(matrix(c(10, 0, 0, 10), 2)) p-value = 1.083e-05.
    near(fisherExact(10, 0, 0, 10), 1.0825e-5, 8, 'perfect separation');
    assert.strictEqual(fisherExact(5, 5, 5, 5), 1);
    assert.strictEqual(fisherExact(0, 0, 0, 0), 1);
  });
});
