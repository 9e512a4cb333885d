import * as assert from 'assert';
import { run } from './helpers';

describe('assertions: finish-reason and cost', () => {
  it("finish-reason compares the server's stop reason ignoring case, and maps function_call to tool_calls", async () => {
    assert.strictEqual((await run({ type: 'finish-reason', value: 'STOP' }, 'x', { doneReason: 'stop' })).pass, true);
    const r = await run({ type: 'finish-reason', value: 'length' }, 'x', { doneReason: 'stop' });
    assert.deepStrictEqual([r.pass, r.reason], [false, "The model stopped with 'stop', not 'length'"]);
    assert.strictEqual((await run({ type: 'finish-reason', value: 'tool_calls' }, '', { doneReason: 'function_call' })).pass, true);
    assert.strictEqual((await run({ type: 'not-finish-reason', value: 'length' }, 'x', { doneReason: 'stop' })).pass, true);
  });

  it('finish-reason without a stop reason (a replayed answer) is an error, negated or not', async () => {
    for (const type of ['finish-reason', 'not-finish-reason']) {
      const r = await run({ type, value: 'stop' }, 'x');
      assert.deepStrictEqual([r.pass, r.error], [false, 'The server did not say why the answer stopped, so finish-reason cannot be checked.'], type);
    }
  });

  it("cost prices the answer's tokens at model.price per million tokens", async () => {
    const context = { tokens: { prompt: 1000, completion: 500 }, price: { input: 0.15, output: 0.6 } };
    const r = await run({ type: 'cost', threshold: 0.001 }, 'x', context);
    assert.deepStrictEqual([r.pass, r.reason], [true, 'Cost 0.000450 (1000 prompt + 500 completion tokens) is within threshold 0.001']);
    assert.strictEqual((await run({ type: 'cost', threshold: 0.0004 }, 'x', context)).pass, false);
    assert.strictEqual((await run({ type: 'not-cost', threshold: 0.0004 }, 'x', context)).pass, true);
    const reportOnly = await run({ type: 'cost', weight: 0, metric: 'spend' }, 'x', context);
    assert.deepStrictEqual([reportOnly.pass, reportOnly.weight, reportOnly.metric], [true, 0, 'spend']);
    assert.strictEqual((await run({ type: 'cost', threshold: 0 }, '', { ...context, tokens: { prompt: 0, completion: 0 } })).pass, true);
  });

  it('cost without token counts or without a price is an error, never a zero cost', async () => {
    const noTokens = await run({ type: 'cost', threshold: 1 }, 'x', { tokens: { prompt: 10 }, price: { input: 1, output: 1 } });
    assert.match(noTokens.error ?? '', /did not report token counts/);
    const noPrice = await run({ type: 'cost', threshold: 1 }, 'x', { tokens: { prompt: 10, completion: 1 } });
    assert.match(noPrice.error ?? '', /needs model.price/);
  });
});
