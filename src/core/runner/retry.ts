import { ProviderError } from '../providers/types';

export interface RetryPolicy {
  maxRetries: number;
  /**
   * Of those, how many may follow a time-out. A server that let one request run into the
   * time-out is likely hung: waiting the whole time-out again and again would make one case cost
   * (1 + maxRetries) × timeoutMs, so a time-out is retried once and then the case errors.
   */
  maxTimeoutRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, maxTimeoutRetries: 1, baseDelayMs: 500, maxDelayMs: 30_000 };

/** The longest a server's Retry-After is honoured; beyond it the attempt fails rather than stall a run. */
const MAX_RETRY_AFTER_MS = 120_000;

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
}

/**
 * Calls `fn` until it succeeds, it fails with an error that is not worth retrying, or the policy's
 * retries are used up. Exponential back-off with "equal jitter" (half fixed, half random) so many
 * cases failing at once do not retry in lock-step; a 429's Retry-After wins when it is longer.
 */
export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<{ value: T; retries: number }> {
  const random = hooks.random ?? Math.random;
  const sleep = hooks.sleep ?? sleepFor;
  let timeouts = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await fn(), retries: attempt };
    } catch (e) {
      const error = e instanceof ProviderError ? e : undefined;
      if (!error?.retryable || attempt >= policy.maxRetries || hooks.signal?.aborted) throw e;
      if (error.kind === 'timeout' && ++timeouts > policy.maxTimeoutRetries) throw e;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const jittered = backoff / 2 + (random() * backoff) / 2;
      const retryAfter = error.details.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) throw e;
      const delay = Math.max(jittered, retryAfter ?? 0);
      hooks.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, hooks.signal);
    }
  }
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ProviderError('cancelled', 'Cancelled.'));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new ProviderError('cancelled', 'Cancelled.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
