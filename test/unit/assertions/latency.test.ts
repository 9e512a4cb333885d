import * as assert from 'assert';
import { run } from './helpers';

describe('assertions: latency', () => {
  it('passes at or under the threshold, fails over it', async () => {
    assert.deepStrictEqual(await run({ type: 'latency', threshold: 5000 }, 'ok', { latencyMs: 1200 }), {
      type: 'latency',
      weight: 1,
      pass: true,
      score: 1,
      reason: 'Latency 1200 ms is within threshold 5000 ms',
    });
    assert.strictEqual((await run({ type: 'latency', threshold: 5000 }, 'ok', { latencyMs: 5000 })).pass, true);
    const r = await run({ type: 'latency', threshold: 5000 }, 'ok', { latencyMs: 5000.6 });
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Latency 5001 ms is over threshold 5000 ms']);
  });

  it('a missing latency is an error, not a pass, negated or not', async () => {
    for (const type of ['latency', 'not-latency']) {
      const r = await run({ type, threshold: 5000 }, 'ok');
      assert.deepStrictEqual([r.pass, r.score], [false, 0], type);
      assert.match(r.error ?? '', /No latency was measured/, type);
    }
  });

  it('a missing threshold is an error', async () => {
    const r = await run({ type: 'latency' }, 'ok', { latencyMs: 10 });
    assert.deepStrictEqual([r.pass, r.error], [false, "'latency' needs a threshold in milliseconds."]);
  });

  it('not-latency passes when the answer was slow', async () => {
    assert.strictEqual((await run({ type: 'not-latency', threshold: 5000 }, 'ok', { latencyMs: 6000 })).pass, true);
    assert.strictEqual((await run({ type: 'not-latency', threshold: 5000 }, 'ok', { latencyMs: 10 })).pass, false);
  });
});
