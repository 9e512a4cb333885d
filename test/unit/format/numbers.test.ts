import * as assert from 'assert';
import { hours, money, ms, percent, plural, points, pointsChange, score, scoreArrow, scoreChange, shortDigest, signed } from '../../../src/core/format/numbers';

describe('format: numbers', () => {
  it('scores, rates and latencies', () => {
    assert.strictEqual(score(0.8249), '0.82');
    assert.strictEqual(score(undefined), '—');
    assert.strictEqual(percent(0.857142), '85.7%');
    assert.strictEqual(ms(849.6), '850 ms');
    assert.strictEqual(ms(12_345), '12.3 s');
    assert.strictEqual(ms(undefined), '—');
  });

  it('hours as the change log writes them, money with its code', () => {
    assert.deepStrictEqual([1.75, 2, 0.5, 0.1 + 0.2, 4.254].map(hours), ['1.75', '2', '0.5', '0.3', '4.25']);
    assert.strictEqual(money(405, 'AUD'), 'AUD 405.00');
    assert.strictEqual(money(75, 'EUR'), 'EUR 75.00');
    assert.strictEqual(money(12.5, 'NOTACODE'), '12.50 NOTACODE');
    assert.strictEqual(money(12.5, undefined), '12.50');
  });

  it('signed differences never read "−0.00" or "+0.00"', () => {
    assert.strictEqual(signed(0.04), '+0.04');
    assert.strictEqual(signed(-0.1), '−0.10');
    assert.strictEqual(signed(-0.001), '±0.00');
    assert.strictEqual(points(0.05), '+5 pts');
  });

  it('a change is the difference of the figures as shown: 0.99 → 0.95 reads −0.04', () => {
    // 0.994 and 0.954 show as 0.99 and 0.95; their raw difference, −0.0398…, would round to −0.04,
    // but 0.985 → 0.954 shows as 0.99 → 0.95 and its raw difference rounds to −0.03.
    assert.strictEqual(scoreChange(0.994, 0.954), '−0.04');
    assert.strictEqual(scoreChange(0.986, 0.954), '−0.04');
    assert.strictEqual(signed(0.954 - 0.986), '−0.03', 'the raw difference, which the views used to print');
    assert.strictEqual(scoreChange(0.951, 0.954), '±0.00');
    assert.strictEqual(pointsChange(0.8571, 0.9049), '+4.8 pts');
  });

  it('an arrow only when the shown scores differ: never "▲0.00"', () => {
    assert.strictEqual(scoreArrow(0.82, 0.87), '▲0.05');
    assert.strictEqual(scoreArrow(0.9, 0.874), '▼0.03');
    assert.strictEqual(scoreArrow(0.821, 0.824), undefined);
    assert.strictEqual(scoreArrow(0.8, 0.8), undefined);
  });

  it('plurals and digests', () => {
    assert.strictEqual(plural(1, 'case'), '1 case');
    assert.strictEqual(plural(3, 'entry', 'entries'), '3 entries');
    assert.strictEqual(shortDigest('sha256:0123456789abcdef0123'), '0123456789ab');
    assert.strictEqual(shortDigest(undefined), '');
  });
});
