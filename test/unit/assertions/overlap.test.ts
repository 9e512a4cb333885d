import * as assert from 'assert';
import { bleuScore, gleuScore, rougeNScore } from '../../../src/core/assertions/overlap';
import { run } from './helpers';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-4, `${actual} ≈ ${expected}`);

describe('assertions: bleu, gleu, rouge-n', () => {
  it('BLEU: identical text scores 1, case aside; the best reference counts; empty output scores 0', () => {
    close(bleuScore('The cat sat on the mat', ['the cat sat on the mat']), 1);
    close(bleuScore('the cat sat on the mat', ['a dog ran', 'the cat sat on the mat']), 1);
    assert.strictEqual(bleuScore('', ['hello world']), 0);
    assert.strictEqual(bleuScore('hello world', ['   ']), 0, 'blank references are ignored');
  });

  it('BLEU: a longer candidate has no brevity penalty, a shorter one is penalised', () => {
    // 1- to 4-gram precisions of a 7-word candidate holding the 6-word reference: 6/7, 5/6, 4/5, 3/4.
    close(bleuScore('the cat sat on the mat today', ['the cat sat on the mat']), Math.exp(0.25 * Math.log((6 / 7) * (5 / 6) * (4 / 5) * (3 / 4))));
    close(bleuScore('the cat sat on', ['the cat sat on the mat']), Math.exp(1 - 6 / 4));
  });

  it('GLEU: min of precision and recall over 1- to 4-grams, trailing full stops dropped', () => {
    close(gleuScore('The cat sat on the mat', ['the cat sat on the mat.']), 1);
    close(gleuScore('hello there world', ['Hello world', 'Hi there world']), 0.5);
    assert.strictEqual(gleuScore('', ['x']), 0);
    assert.strictEqual(gleuScore('...', ['x']), 0);
  });

  it('ROUGE-N: recall of the reference words, case and punctuation aside, unicode words kept', () => {
    close(rougeNScore('Hello, World! How are you', 'hello world'), 1);
    close(rougeNScore('the cat sat', 'The Cat Sat'), 1);
    close(rougeNScore('refund within days', 'refund within 30 days'), 0.75);
    close(rougeNScore('歯科 予約', '歯科 予約 変更'), 2 / 3);
    assert.strictEqual(rougeNScore('', 'hello'), 0);
  });

  it('grades at the threshold (BLEU and GLEU 0.5, ROUGE-N 0.75 by default), the score being the metric', async () => {
    const r = await run({ type: 'bleu', value: 'the cat sat on the mat' }, 'the cat is on the mat');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'BLEU score against the value is 0.0106, below threshold 0.5']);
    close(r.score, 0.0106);
    assert.strictEqual((await run({ type: 'gleu', value: ['Hello world', 'Hi there world'], threshold: 0.6 }, 'hello there world')).pass, false);
    assert.strictEqual((await run({ type: 'rouge-n', value: 'refund within 30 days' }, 'refund within days')).pass, true);
    assert.strictEqual((await run({ type: 'rouge-n', value: 'refund within 30 days', threshold: 0.8 }, 'refund within days')).pass, false);
  });

  it('not- inverts pass and score; without a value they compare with expected', async () => {
    const r = await run({ type: 'not-rouge-n', value: 'hello world', threshold: 0.75 }, 'goodbye');
    assert.deepStrictEqual([r.pass, r.score], [true, 1]);
    assert.strictEqual((await run({ type: 'bleu' }, 'within 30 days of the visit', { expected: 'within 30 days of the visit' })).pass, true);
    const none = await run({ type: 'gleu' }, 'x');
    assert.match(none.error ?? '', /needs a value, or an expected output/);
  });
});
