import * as assert from 'assert';
import { assertionsForCase, scoreCase, thresholdForCase, type AssertionResult } from '../../../src/core/assertions';
import { evaluateAssertion } from '../../../src/core/assertions';
import type { Assertion } from '../../../src/core/workspace/schemas';

function r(pass: boolean, score: number, weight = 1, extra: Partial<AssertionResult> = {}): AssertionResult {
  return { type: 'contains', pass, score, weight, reason: '', ...extra };
}

describe('assertions: scoreCase', () => {
  it("promptfoo's documented example: equals (weight 2) fails, contains passes: 0.33", async () => {
    const output = 'Goodbye world';
    const results = await Promise.all([
      evaluateAssertion({ type: 'equals', value: 'Hello world', weight: 2 }, { output, input: '' }),
      evaluateAssertion({ type: 'contains', value: 'world', weight: 1 }, { output, input: '' }),
    ]);
    const plain = scoreCase(results);
    assert.strictEqual(plain.score, 1 / 3);
    assert.strictEqual(plain.pass, false);
    assert.deepStrictEqual(scoreCase(results, 0.5), { score: 1 / 3, pass: false, errored: false });
    assert.deepStrictEqual(scoreCase(results, 0.2), { score: 1 / 3, pass: true, errored: false });
  });

  it('the weighted mean of scores', () => {
    assert.deepStrictEqual(scoreCase([r(true, 0.8, 1), r(false, 0.5, 3)]), { score: 0.575, pass: false, errored: false });
    assert.deepStrictEqual(scoreCase([r(true, 1), r(true, 1)]), { score: 1, pass: true, errored: false });
    assert.deepStrictEqual(scoreCase([r(true, 0.5, 1), r(true, 1, 3)]), { score: 0.875, pass: true, errored: false });
  });

  it('without a threshold every assertion must pass, whatever the score', () => {
    assert.deepStrictEqual(scoreCase([r(true, 1, 10), r(false, 0.9, 1)]), { score: 10.9 / 11, pass: false, errored: false });
  });

  it('with a threshold the score decides, failing assertions or not', () => {
    assert.deepStrictEqual(scoreCase([r(true, 1, 3), r(false, 0, 1)], 0.75), { score: 0.75, pass: true, errored: false });
    assert.deepStrictEqual(scoreCase([r(true, 1, 3), r(false, 0, 1)], 0.76), { score: 0.75, pass: false, errored: false });
    assert.deepStrictEqual(scoreCase([r(false, 0)], 0), { score: 0, pass: true, errored: false });
  });

  it('a threshold is reached despite floating-point error', () => {
    const results = [r(true, 0.7), r(true, 0.7), r(true, 0.7)];
    assert.ok(scoreCase(results).score < 0.7);
    assert.strictEqual(scoreCase(results, 0.7).pass, true);
  });

  it('weight 0 is reported but neither scores nor fails the case', () => {
    assert.deepStrictEqual(scoreCase([r(true, 1, 1), r(false, 0, 0)]), { score: 1, pass: true, errored: false });
    assert.deepStrictEqual(scoreCase([r(true, 0.5, 1), r(false, 0, 0, { error: 'judge down' })], 0.5), { score: 0.5, pass: true, errored: false });
  });

  it('an assertion that could not be evaluated leaves the case errored: never passed, also with a threshold', () => {
    assert.deepStrictEqual(scoreCase([r(true, 1), r(false, 0, 1, { error: 'judge down' })]), { score: 0.5, pass: false, errored: true });
    assert.deepStrictEqual(scoreCase([r(true, 1, 1), r(false, 0, 1, { error: 'judge down' })], 0.5), { score: 0.5, pass: false, errored: true });
    assert.deepStrictEqual(scoreCase([r(true, 1, 9), r(false, 0, 1, { error: 'judge down' })], 0.8), { score: 0.9, pass: false, errored: true });
  });

  it('no assertions, or only weight-0 ones: score 1 and pass', () => {
    assert.deepStrictEqual(scoreCase([]), { score: 1, pass: true, errored: false });
    assert.deepStrictEqual(scoreCase([r(false, 0, 0)]), { score: 1, pass: true, errored: false });
    assert.deepStrictEqual(scoreCase([], 1), { score: 1, pass: true, errored: false });
  });

  it('a NaN threshold is ignored, as promptfoo ignores it', () => {
    assert.deepStrictEqual(scoreCase([r(false, 0)], NaN), { score: 0, pass: false, errored: false });
  });
});

describe('assertions: assertionsForCase and thresholdForCase', () => {
  const latency: Assertion = { type: 'latency', threshold: 5000 };
  const icontains: Assertion = { type: 'icontains', value: '30 days' };

  it('adds the defaults before the case assertions, changing neither list', () => {
    const defaults = [latency];
    const own = [icontains];
    assert.deepStrictEqual(assertionsForCase(defaults, own), [latency, icontains]);
    assert.deepStrictEqual(defaults, [latency]);
    assert.deepStrictEqual(own, [icontains]);
    assert.deepStrictEqual(assertionsForCase(defaults), [latency]);
    assert.deepStrictEqual(assertionsForCase([], [icontains]), [icontains]);
    assert.notStrictEqual(assertionsForCase(defaults), defaults);
  });

  it("the case's threshold wins over the set's default", () => {
    assert.strictEqual(thresholdForCase(0.8, 0.5), 0.5);
    assert.strictEqual(thresholdForCase(0.8, undefined), 0.8);
    assert.strictEqual(thresholdForCase(undefined, 0), 0);
    assert.strictEqual(thresholdForCase(), undefined);
  });
});
