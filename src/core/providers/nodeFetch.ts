// The providers' fetch: our HTTP/1.1 client (http1.ts) for http: hosts, node:https for https: ones, both keep-alive.
//
// Why not the global fetch: for one streamed answer Node's fetch (undici) builds a Request with
// its own AbortSignal, webidl-checked Headers and WHATWG streams; against a fast model that was
// most of the runner's own CPU per case (README, Benchmarks). This is the part of fetch the
// providers and the `ollama` package use, keeping fetch's contract for failures so callers treat
// both alike:
//  - a failure before the answer rejects with TypeError('fetch failed'), the system error
//    (ECONNREFUSED, ENOTFOUND, ...) as its `cause`;
//  - an answer cut off mid-body fails the read with TypeError('terminated');
//  - an aborted signal rejects with the signal's reason;
//  - redirects are followed (at most 20), without Authorization once they leave the origin.
// The body is not a ReadableStream but has what is read of one: getReader() (read, releaseLock,
// cancel), plus text(), json() and arrayBuffer() on the response. Its reader also has consume(),
// which hands each chunk over in the socket's own callback: a streamed answer arrives in dozens of
// chunks, and a promise and a turn of the microtask queue for each was a good part of its cost.

import type * as http from 'http';
import type * as https from 'https';
import { http1Request, type BodySource } from './http1';

/** node:https, loaded at the first https request: a run against a local model never needs TLS. */
let httpsAgent: { https: typeof https; agent: https.Agent } | undefined;
async function loadHttps(): Promise<{ https: typeof https; agent: https.Agent }> {
  if (!httpsAgent) {
    const lib = await import('https');
    httpsAgent = { https: lib, agent: new lib.Agent({ keepAlive: true }) };
  }
  return httpsAgent;
}

/** What a body reader's read() gives, as a ReadableStream reader's does. */
export type BodyReadResult = { done: false; value: Uint8Array } | { done: true; value: undefined };

/** A ReadableStream reader's read, releaseLock and cancel, and consume(). */
export interface BodyReader {
  read: () => Promise<BodyReadResult>;
  releaseLock: () => void;
  cancel: () => Promise<void>;
  consume: (onChunk: (chunk: Buffer) => boolean) => Promise<boolean>;
}

const MAX_REDIRECTS = 20;
/** Chunks buffered before the socket is paused: a reader that stops reading stops the sender. */
const HIGH_WATER_CHUNKS = 16;

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('nodeFetch takes a URL string or URL, not a Request.');
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  let url = new URL(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = requestBody(init.body);
  const headers = headerRecord(init.headers);

  // One abort listener for the whole exchange: it stops whichever request is current, which
  // also ends its response; the body reports the signal's reason.
  let current: Stoppable | undefined;
  const onAbort = () => current?.destroy(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  const stopWatching = () => signal?.removeEventListener('abort', onAbort);
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await send(url, method, headers, body, signal, (req) => (current = req));
      const location = res.headers['location'];
      if (!isRedirect(res.status) || location === undefined || init.redirect === 'manual') {
        return new NodeResponse(res, url, redirects > 0, signal, stopWatching) as unknown as Response;
      }
      drain(res.body); // the redirect's own body is not wanted; reading it frees the socket
      if (init.redirect === 'error' || redirects === MAX_REDIRECTS) {
        throw new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not followed (${init.redirect === 'error' ? 'redirects refused' : 'too many redirects'})`) });
      }
      const next = new URL(location, url);
      if (next.origin !== url.origin) deleteHeader(headers, 'authorization');
      if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        deleteHeader(headers, 'content-type');
      }
      url = next;
    }
  } catch (err) {
    stopWatching();
    throw err;
  }
}

/** An answer's head and its body, from either transport. */
interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: BodySource;
}

interface Stoppable {
  destroy(err: unknown): void;
}

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  signal: AbortSignal | undefined,
  started: (req: Stoppable) => void,
): Promise<Answer> {
  const failed = (err: unknown) => (signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
  if (url.protocol === 'http:') {
    const exchange = http1Request({ url, method, headers, body });
    started(exchange);
    return exchange.head.catch((err) => Promise.reject(failed(err)));
  }
  if (url.protocol !== 'https:') throw new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) });
  const { https, agent } = await loadHttps();
  if (signal?.aborted) throw signal.reason;
  return new Promise((resolve, reject) => {
    const req = https.request({
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method,
      headers: body === undefined ? headers : { ...headers, 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) },
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      agent,
    });
    started(req);
    req.on('response', (res: http.IncomingMessage) => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: messageBody(res) }));
    req.on('error', (err) => reject(failed(err)));
    req.end(body);
  });
}

/** node:https's message as a body source. */
function messageBody(res: http.IncomingMessage): BodySource {
  return {
    listen: (handlers) => {
      res.on('data', (chunk: Buffer) => handlers.data(chunk, true)); // each a buffer of its own
      res.on('end', handlers.end);
      // Node ends a message whose socket closed early with an 'aborted' error: a cut answer.
      res.on('error', handlers.error);
    },
    pause: () => res.pause(),
    resume: () => res.resume(),
    isPaused: () => res.isPaused(),
    get complete() {
      return res.complete;
    },
    destroy: (err) => res.destroy(err as Error | undefined),
  };
}

/** Reads a body nobody wants to its end, so its socket is freed. */
function drain(body: BodySource): void {
  body.listen({ data: () => undefined, end: () => undefined, error: () => undefined });
  body.resume();
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** A string stays a string: Node then sends the head and the body in one write. */
function requestBody(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  throw new TypeError('nodeFetch sends a string or bytes as the body.');
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  // A plain object (what the providers and the ollama package send) before `Headers`: the first
  // mention of that global makes Node load its whole fetch implementation, about 40 ms.
  if (Object.getPrototypeOf(headers) === Object.prototype) return { ...(headers as Record<string, string>) };
  if (headers instanceof Headers) {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => (out[key] = value));
    return out;
  }
  return { ...(headers as Record<string, string>) };
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
}

/** Response headers, read the way Headers reads them. */
class NodeHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, key: string) => void): void {
    for (const key of Object.keys(this.raw)) callback(this.get(key)!, key);
  }
}

/** The body of an answer as it arrives: chunks queue until read, the socket pauses when they pile up. */
class IncomingBody {
  locked = false;
  used = false;
  private readonly chunks: Buffer[] = [];
  private state: 'open' | 'ended' | 'failed' | 'cancelled' = 'open';
  private failure: unknown;
  private wake: (() => void) | undefined;
  /** Set while consume() reads: chunks go straight to it. */
  private consumer: ((chunk: Buffer) => void) | undefined;

  constructor(
    private readonly res: BodySource,
    private readonly signal: AbortSignal | undefined,
    private readonly settled: () => void,
  ) {
    res.listen({
      data: (chunk: Buffer, owned?: boolean) => {
        if (this.state === 'cancelled') return;
        if (this.consumer) return this.consumer(chunk);
        this.chunks.push(owned ? chunk : Buffer.from(chunk)); // a view of a reused buffer is copied
        if (this.chunks.length >= HIGH_WATER_CHUNKS) res.pause();
        this.notify();
      },
      end: () => this.settle('ended'),
      error: (err) => this.settle('failed', err),
    });
  }

  getReader(): BodyReader {
    if (this.locked) throw new TypeError('The body is already being read.');
    this.locked = true;
    this.used = true;
    return { read: () => this.read(), releaseLock: () => (this.locked = false), cancel: () => this.cancel(), consume: (onChunk) => this.consume(onChunk) };
  }

  /**
   * Gives every chunk to `onChunk` as it arrives (a view valid during the call only: keep a copy of
   * what you keep) until it returns true (resolves true) or the body
   * ends (resolves false); fails as read() fails, or with what `onChunk` throws. Stopping reads
   * nothing more: cancel() then frees the connection.
   */
  consume(onChunk: (chunk: Buffer) => boolean): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let finished = false;
      const finish = (outcome: () => void): void => {
        finished = true;
        this.consumer = undefined;
        this.wake = undefined;
        outcome();
      };
      const feed = (chunk: Buffer): void => {
        if (finished) return;
        let stop: boolean;
        try {
          stop = onChunk(chunk);
        } catch (e) {
          return finish(() => reject(e));
        }
        if (stop) finish(() => resolve(true));
      };
      const settled = (): void => {
        if (finished) return;
        if (this.state === 'failed') finish(() => reject(this.failure));
        else if (this.state !== 'open') finish(() => resolve(false));
        else this.wake = settled; // a wake-up from data queued before consume() began
      };
      for (const chunk of this.chunks.splice(0)) feed(chunk);
      if (finished) return;
      this.consumer = feed;
      if (this.res.isPaused()) this.res.resume();
      settled();
    });
  }

  async read(): Promise<BodyReadResult> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        if (this.chunks.length === 0 && this.res.isPaused()) this.res.resume();
        return { done: false, value: chunk };
      }
      if (this.state === 'failed') throw this.failure;
      if (this.state !== 'open') return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops reading. A complete message is drained so its socket is reused; an unfinished one is dropped. */
  async cancel(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'cancelled';
    this.chunks.length = 0;
    this.settled();
    if (this.res.complete) this.res.resume();
    else this.res.destroy();
  }

  async bytes(): Promise<Buffer> {
    const reader = this.getReader();
    const parts: Buffer[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value as Buffer);
    return Buffer.concat(parts);
  }

  private settle(state: 'ended' | 'failed', err?: unknown): void {
    if (this.state !== 'open') return;
    this.state = state;
    if (state === 'failed') this.failure = this.signal?.aborted ? this.signal.reason : new TypeError('terminated', { cause: err });
    this.settled();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: NodeHeaders;
  readonly url: string;
  readonly type = 'basic';
  readonly body: IncomingBody;

  constructor(
    res: Answer,
    url: URL,
    readonly redirected: boolean,
    signal: AbortSignal | undefined,
    settled: () => void,
  ) {
    this.status = res.status;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = res.statusText;
    this.headers = new NodeHeaders(res.headers);
    this.url = url.href;
    this.body = new IncomingBody(res.body, signal, settled);
  }

  get bodyUsed(): boolean {
    return this.body.used;
  }

  async text(): Promise<string> {
    return (await this.body.bytes()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.body.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}
