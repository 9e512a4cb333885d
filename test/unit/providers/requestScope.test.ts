// requestScope: one signal per request that the caller's cancel or the time-out aborts, without
// piling listeners onto the caller's signal that a whole run shares.

import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { requestScope } from '../../../src/core/providers/http';
import { ProviderError } from '../../../src/core/providers/types';

describe('requestScope', () => {
  it('the caller’s abort reaches every request in flight and says cancelled, not timed out', () => {
    const caller = new AbortController();
    const scopes = Array.from({ length: 20 }, () => requestScope(caller.signal, 60_000, 'asking'));
    const ended = scopes.pop()!;
    ended.end();
    caller.abort(new Error('user cancel'));
    for (const scope of scopes) {
      assert.equal(scope.signal.aborted, true);
      assert.equal((scope.signal.reason as Error).message, 'user cancel');
      assert.equal(scope.cancelled(), true);
      assert.equal(scope.timedOut(), false);
    }
    assert.equal(ended.signal.aborted, false, 'a request that is over is no longer aborted');
  });

  it('keeps one listener on the caller’s signal however many requests share it', () => {
    const caller = new AbortController();
    const open = Array.from({ length: 50 }, () => requestScope(caller.signal, 60_000, 'asking'));
    assert.equal(getEventListeners(caller.signal, 'abort').length, 1);
    open.forEach((s) => s.end());
    assert.equal(getEventListeners(caller.signal, 'abort').length, 1);
  });

  it('times out with a TimeoutError and says timed out, not cancelled', async () => {
    const scope = requestScope(new AbortController().signal, 20, 'asking');
    await new Promise((resolve) => scope.signal.addEventListener('abort', resolve));
    assert.equal((scope.signal.reason as DOMException).name, 'TimeoutError');
    assert.equal(scope.timedOut(), true);
    assert.equal(scope.cancelled(), false);
  });

  it('end() stops the timer: an ended scope never aborts', async () => {
    const scope = requestScope(undefined, 10, 'asking');
    scope.end();
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(scope.signal.aborted, false);
    assert.equal(scope.timedOut(), false);
  });

  it('an already-aborted caller: ProviderError cancelled at once', () => {
    const caller = new AbortController();
    caller.abort();
    assert.throws(
      () => requestScope(caller.signal, 1000, 'asking the model'),
      (e: unknown) => e instanceof ProviderError && e.kind === 'cancelled' && /before asking the model/.test(e.message),
    );
  });
});
