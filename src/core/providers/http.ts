// What the HTTP providers share: one signal per request that combines the caller's cancellation
// with a per-request time-out (and remembers which of the two fired), a host fit for messages,
// Retry-After parsing and the classification of failures that happen below HTTP.

import { ProviderError } from './types';

/** Per-request time-out when client.yaml sets none: generous, a cold model load can be slow. */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Metadata calls (health, tags, models) never wait longer than this, whatever timeoutMs says. */
export const METADATA_TIMEOUT_MS = 15_000;

export interface RequestScope {
  /** Aborts when the caller cancels or the time-out fires. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  cancelled(): boolean;
  timedOut(): boolean;
  /** Stops the timer and the watch on the caller's signal; call it once the request is over. */
  end(): void;
}

/**
 * Requests in flight per caller signal. A run passes one signal to every request; one listener on
 * it aborts them all, instead of a listener (or an AbortSignal.any) per request.
 */
const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

function watch(caller: AbortSignal, controller: AbortController): () => void {
  let requests = inFlight.get(caller);
  if (!requests) {
    const set = new Set<AbortController>();
    caller.addEventListener('abort', () => set.forEach((c) => c.abort(caller.reason)), { once: true });
    inFlight.set(caller, (requests = set));
  }
  requests.add(controller);
  return () => requests.delete(controller);
}

/** ProviderError('cancelled') at once when the caller's signal is already aborted. */
export function throwIfCancelled(caller: AbortSignal | undefined, what: string): void {
  if (caller?.aborted) throw new ProviderError('cancelled', `Cancelled before ${what}.`, { cause: caller.reason });
}

/** Throws ProviderError('cancelled') at once when the caller's signal is already aborted. */
export function requestScope(caller: AbortSignal | undefined, timeoutMs: number, what: string): RequestScope {
  throwIfCancelled(caller, what);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${timeoutMs} ms.`, 'TimeoutError'));
  }, timeoutMs);
  timer.unref();
  const unwatch = caller ? watch(caller, controller) : undefined;
  return {
    signal: controller.signal,
    timeoutMs,
    cancelled: () => caller?.aborted === true,
    timedOut: () => timedOut && caller?.aborted !== true,
    end: () => {
      clearTimeout(timer);
      unwatch?.();
    },
  };
}

/** The host as messages and run records show it: no user, password, query or fragment. */
export function displayHost(host: string): string {
  try {
    const url = new URL(host);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return host.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '').replace(/\/+$/, '');
  }
}

/** What is read of response headers: fetch's Headers and nodeFetch's alike. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Retry-After (seconds or an HTTP date) and the `retry-after-ms` some hosted APIs send. */
export function retryAfterMs(headers: HeaderReader | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why fetch failed: the system error code on `cause` (or `cause.errors` when several addresses failed), else the cause's message. */
export function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.find((e) => e?.code)?.code;
  if (typeof code === 'string') return code;
  // e.g. "bad port": fetch itself refuses the ports the Fetch standard blocks (1, 6000, 10080, …).
  const message = (cause as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

export interface FailureContext {
  /** "Ollama at http://127.0.0.1:11434" */
  server: string;
  host: string;
  /** "asking llama3.2 for an answer" */
  doing: string;
}

/**
 * Failures that are not an HTTP status: cancellation, time-out, no connection, a cut or garbled
 * answer. Returns undefined for anything it does not recognise.
 */
export function classifyTransportError(err: unknown, scope: RequestScope, ctx: FailureContext): ProviderError | undefined {
  const details = { host: ctx.host, cause: err };
  if (err instanceof ProviderError) return err;
  if (scope.cancelled()) return new ProviderError('cancelled', `Cancelled while ${ctx.doing} (${ctx.server}).`, details);
  if (scope.timedOut()) {
    return new ProviderError('timeout', `${ctx.server} did not answer within ${scope.timeoutMs} ms while ${ctx.doing}.`, details);
  }
  if (!(err instanceof Error)) return undefined;
  if (err.name === 'SyntaxError') {
    return new ProviderError('bad-response', `${ctx.server} sent an answer that is not valid JSON while ${ctx.doing}.`, details);
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const code = networkCode(err);
    const reason = code ? ` (${code})` : '';
    return new ProviderError('unreachable', `${ctx.server} cannot be reached${reason} while ${ctx.doing}.`, details);
  }
  if (err instanceof TypeError && err.message === 'terminated') {
    // undici: the socket closed while the body was still arriving.
    return new ProviderError('bad-response', `${ctx.server} cut the answer off while ${ctx.doing}.`, details);
  }
  return undefined;
}

/** A short, single-line rendering of server-sent text for a message. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Milliseconds since `start` (a performance.now() reading), to 0.1 ms. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}
