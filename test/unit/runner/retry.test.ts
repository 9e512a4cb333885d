import * as assert from 'assert';
import { ProviderError } from '../../../src/core/providers/types';
import { withRetries } from '../../../src/core/runner/retry';

const policy = { maxRetries: 3, maxTimeoutRetries: 1, baseDelayMs: 100, maxDelayMs: 250 };

/** A function failing with the given errors in turn, then answering 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    calls++;
    const e = errors.shift();
    if (e) throw e;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('withRetries', () => {
  it('retries retryable errors with exponential, jittered, capped back-off', async () => {
    const slept: number[] = [];
    const f = failing(new ProviderError('server', '500'), new ProviderError('unreachable', 'refused'), new ProviderError('timeout', 'slow'));
    const result = await withRetries(f.fn, policy, { random: () => 1, sleep: async (ms) => void slept.push(ms) });
    assert.deepStrictEqual(result, { value: 'ok', retries: 3 });
    assert.deepStrictEqual(slept, [100, 200, 250]);
    const low: number[] = [];
    await withRetries(failing(new ProviderError('server', '500')).fn, policy, { random: () => 0, sleep: async (ms) => void low.push(ms) });
    assert.deepStrictEqual(low, [50], 'equal jitter: at least half the back-off');
  });

  it("waits a 429's Retry-After when it is longer than the back-off", async () => {
    const slept: number[] = [];
    const f = failing(new ProviderError('rate-limited', '429', { status: 429, retryAfterMs: 2000 }));
    await withRetries(f.fn, policy, { random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    assert.deepStrictEqual(slept, [2000]);
  });

  it('gives up after the last retry with the last error', async () => {
    const f = failing(...Array.from({ length: 5 }, (_, i) => new ProviderError('server', `500 #${i}`)));
    await assert.rejects(withRetries(f.fn, policy, { sleep: async () => undefined }), /500 #3/);
    assert.strictEqual(f.calls(), 4);
  });

  it('retries a time-out only as often as maxTimeoutRetries allows, other failures as maxRetries does', async () => {
    const hung = failing(...Array.from({ length: 4 }, (_, i) => new ProviderError('timeout', `slow #${i}`)));
    await assert.rejects(withRetries(hung.fn, policy, { sleep: async () => undefined }), /slow #1/);
    assert.strictEqual(hung.calls(), 2, 'one time-out retried once, not three times');
    const mixed = failing(new ProviderError('timeout', 'slow'), new ProviderError('server', '500'), new ProviderError('server', '500'));
    assert.deepStrictEqual(await withRetries(mixed.fn, policy, { sleep: async () => undefined }), { value: 'ok', retries: 3 });
    const none = failing(new ProviderError('timeout', 'slow'));
    await assert.rejects(withRetries(none.fn, { ...policy, maxTimeoutRetries: 0 }, { sleep: async () => undefined }), /slow/);
  });

  it('does not retry errors that will not get better', async () => {
    for (const kind of ['not-found', 'auth', 'bad-request', 'cancelled'] as const) {
      const f = failing(new ProviderError(kind, kind));
      await assert.rejects(withRetries(f.fn, policy, { sleep: async () => undefined }), new RegExp(kind));
      assert.strictEqual(f.calls(), 1, kind);
    }
    const plain = failing(new Error('bug'));
    await assert.rejects(withRetries(plain.fn, policy, { sleep: async () => undefined }), /bug/);
    assert.strictEqual(plain.calls(), 1);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const f = failing(new ProviderError('server', '500'));
    const pending = withRetries(f.fn, { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e: ProviderError) => e.kind === 'cancelled');
  });
});
