import * as assert from 'assert';
import { scoreCase } from '../../../src/core/assertions';
import type { Assertion } from '../../../src/core/workspace/schemas';
import { fixedJudge, run } from './helpers';

const has = (value: string, extra: Partial<Assertion> = {}): Assertion => ({ type: 'contains', value, ...extra });

describe('assertions: assert-set', () => {
  it('without a threshold every nested assertion must pass; the score is their mean', async () => {
    const r = await run({ type: 'assert-set', assert: [has('a'), has('b'), has('c'), has('d')] }, 'a b');
    assert.deepStrictEqual([r.pass, r.score], [false, 0.5]);
    assert.match(r.reason, /^2 of 4 nested assertions passed \(not all pass\); contains: Output does not contain "c"/);
    assert.strictEqual((await run({ type: 'assert-set', assert: [has('a'), has('b')] }, 'a b')).pass, true);
  });

  it("with a threshold the set passes when the nested score reaches it (promptfoo's 0.25: one of four)", async () => {
    const four = [has('a'), has('b'), has('c'), has('d')];
    assert.strictEqual((await run({ type: 'assert-set', threshold: 0.25, assert: four }, 'a')).pass, true);
    assert.strictEqual((await run({ type: 'assert-set', threshold: 0.5, assert: four }, 'a')).pass, false);
    assert.strictEqual((await run({ type: 'assert-set', threshold: 0.5, assert: four }, 'a b')).pass, true, '0.5 reaches 0.5');
  });

  it('nested weights count inside the set, and the set counts with its own weight in the case', async () => {
    const set = await run({ type: 'assert-set', weight: 2, assert: [has('a', { weight: 3 }), has('z')] }, 'a');
    assert.deepStrictEqual([set.score, set.weight, set.pass], [0.75, 2, false]);
    const other = await run(has('q'), 'a');
    assert.deepStrictEqual(scoreCase([set, other]), { score: 0.5, pass: false, errored: false });
  });

  it('nested sets keep their own thresholds', async () => {
    const inner: Assertion = { type: 'assert-set', threshold: 0.5, assert: [has('b'), has('z')] };
    assert.strictEqual((await run({ type: 'assert-set', assert: [has('a'), inner] }, 'a b')).pass, true);
    assert.strictEqual((await run({ type: 'assert-set', assert: [has('a'), { ...inner, threshold: 0.75 }] }, 'a b')).pass, false);
  });

  it('a nested assertion that cannot be evaluated makes the set an error, never a pass', async () => {
    const r = await run({ type: 'assert-set', threshold: 0.1, assert: [has('a'), { type: 'latency', threshold: 5 }] }, 'a');
    assert.deepStrictEqual([r.pass, r.score], [false, 0]);
    assert.match(r.error ?? '', /^nested latency: No latency was measured/);
  });

  it('model-graded assertions work inside a set, with the judge of the case', async () => {
    const judge = fixedJudge({ pass: true, score: 0.9, reason: 'Polite' });
    const r = await run({ type: 'assert-set', assert: [has('30 days'), { type: 'llm-rubric', value: 'Is polite' }] }, 'Within 30 days.', { judge });
    assert.deepStrictEqual([r.pass, r.score, judge.requests.length], [true, 0.95, 1]);
  });

  it('an empty output fails the set through its nested assertions', async () => {
    assert.strictEqual((await run({ type: 'assert-set', assert: [has('a')] }, '')).pass, false);
  });
});
