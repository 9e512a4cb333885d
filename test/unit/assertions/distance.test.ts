import * as assert from 'assert';
import { levenshteinDistance } from '../../../src/core/assertions';
import { boundedLevenshtein, myersDistance } from '../../../src/core/assertions/distance';
import { run } from './helpers';

/** Textbook full-matrix Levenshtein, the reference the banded one is checked against. */
function reference(a: string[], b: string[]): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

describe('assertions: levenshtein distance', () => {
  it('computes known distances, in code points', () => {
    assert.strictEqual(levenshteinDistance('kitten', 'sitting'), 3);
    assert.strictEqual(levenshteinDistance('', 'abc'), 3);
    assert.strictEqual(levenshteinDistance('same', 'same'), 0);
    assert.strictEqual(levenshteinDistance('👍', '👎'), 1);
    assert.strictEqual(levenshteinDistance('歯科医院', '歯医者'), 2);
  });

  it('the banded computation equals the full one up to the bound (random pairs)', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (): string[] => Array.from({ length: rand(12) }, () => 'abcé👍'[rand(4)] ?? 'x');
    for (let k = 0; k < 500; k++) {
      const a = word();
      const b = word();
      const full = reference(a, b);
      for (const max of [0, 1, 2, 3, 5, 8]) assert.strictEqual(boundedLevenshtein(a, b, max), Math.min(full, max + 1), `${a.join('')} / ${b.join('')} max ${max}`);
    }
  });
});

describe('assertions: levenshtein, bit-parallel', () => {
  it('equals the full computation on random pairs of every length around the 32-character blocks', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const codes = (s: string[]): Int32Array => Int32Array.from(s, (c) => c.codePointAt(0)!);
    for (let k = 0; k < 400; k++) {
      const length = [0, 1, 31, 32, 33, 63, 64, 65, 100, 140][k % 10] + rand(3);
      const alphabet = k % 2 ? 'ab' : 'abcdé👍xyz';
      const a = Array.from({ length }, () => Array.from(alphabet)[rand(Array.from(alphabet).length)]);
      const b = rand(2) ? a.map((c) => (rand(5) ? c : 'z')).slice(rand(4)) : Array.from({ length: rand(150) }, () => Array.from(alphabet)[rand(2)]);
      assert.strictEqual(myersDistance(codes(a), codes(b)), reference(a, b), `${a.join('')} / ${b.join('')}`);
    }
  });
});

describe('assertions: levenshtein', () => {
  it('passes within the default threshold of 5, against the value', async () => {
    const r = await run({ type: 'levenshtein', value: 'hello world' }, 'hello wrld');
    assert.deepStrictEqual([r.pass, r.score, r.reason], [true, 1, 'Levenshtein distance to the value is 1, within threshold 5']);
    const five = await run({ type: 'levenshtein', value: 'abcde' }, 'vwxyz');
    assert.strictEqual(five.pass, true);
    const six = await run({ type: 'levenshtein', value: 'abcdef' }, 'uvwxyz');
    assert.deepStrictEqual([six.pass, six.score, six.reason], [false, 0, 'Levenshtein distance to the value is 6, over threshold 5']);
  });

  it("compares with the case's expected output when there is no value", async () => {
    const r = await run({ type: 'levenshtein', threshold: 2 }, 'Refunds within 30 days', { expected: 'Refunds within 30 days.' });
    assert.deepStrictEqual([r.pass, r.reason], [true, 'Levenshtein distance to the expected output is 1, within threshold 2']);
    const none = await run({ type: 'levenshtein' }, 'anything');
    assert.deepStrictEqual([none.pass, none.score], [false, 0]);
    assert.match(none.error ?? '', /needs a value, or an expected output on the case/);
  });

  it('threshold 0 means identical', async () => {
    assert.strictEqual((await run({ type: 'levenshtein', value: 'abc', threshold: 0 }, 'abc')).pass, true);
    assert.strictEqual((await run({ type: 'levenshtein', value: 'abc', threshold: 0 }, 'abd')).reason, 'Levenshtein distance to the value is 1, over threshold 0');
  });

  it('handles empty and unicode outputs', async () => {
    assert.strictEqual((await run({ type: 'levenshtein', value: 'abc' }, '')).reason, 'Levenshtein distance to the value is 3, within threshold 5');
    // No normalization: decomposed é is two code points, so one substitution and one deletion.
    assert.strictEqual((await run({ type: 'levenshtein', value: 'cafe\u0301', threshold: 1 }, 'caf\u00e9')).reason, 'Levenshtein distance to the value is 2, over threshold 1');
    assert.strictEqual((await run({ type: 'levenshtein', value: '🦷🦷🦷', threshold: 1 }, '🦷🦷')).pass, true);
  });

  it('a huge output fails fast without computing the whole matrix', async () => {
    const r = await run({ type: 'levenshtein', value: 'hello world' }, 'a'.repeat(1_000_000));
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Levenshtein distance to the value is more than 5, over threshold 5']);
  });

  it('not-levenshtein passes when the output is far', async () => {
    assert.strictEqual((await run({ type: 'not-levenshtein', value: 'yes' }, 'absolutely not')).pass, true);
    const r = await run({ type: 'not-levenshtein', value: 'yes' }, 'yes!');
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Negated (not-levenshtein): Levenshtein distance to the value is 1, within threshold 5']);
  });
});
