// A small HTTP/1.1 client over `net`, for the plain-http hosts a model server has (Ollama on
// 127.0.0.1:11434, a LAN box, a tunnel). nodeFetch sends http: requests through it, https: ones
// through node:https.
//
// Why not node:http: a streamed answer comes a token a line, one socket read each, and for every
// read node:http runs its parser, an IncomingMessage push and two stream `data` events; the
// socket allocates a fresh buffer each read. That was most of the runner's CPU per case against a
// fast server (README, Benchmarks). Here each socket reads into one reused buffer (`onread`), the
// head is parsed once, and the body's bytes go to one callback, de-chunked in place.
//
// What it does: keep-alive sockets pooled per host and port (unref'd while idle, so they never
// keep a process alive); Content-Length, chunked and read-until-close bodies; 1xx heads skipped;
// a request on a reused socket that the server had already closed is sent again once on a new one
// (nothing of its answer had arrived); heads over 64 KiB, bad status lines and bad chunk sizes are
// errors, never guesses. No pipelining, no upgrades, no request streaming: the providers send a
// whole body and read one answer at a time per socket.

import * as net from 'net';

/** What a response's body hands to whoever reads it. */
export interface BodyHandlers {
  /**
   * Unless `owned`, `chunk` is a view of a reused read buffer, valid during the call only: keep a
   * copy. An owned chunk is already a copy, the receiver's to keep.
   */
  data: (chunk: Buffer, owned?: boolean) => void;
  end: () => void;
  error: (err: Error) => void;
}

/** A response body being received: the part of http.IncomingMessage nodeFetch reads. */
export interface BodySource {
  /** Starts delivery; bytes that arrived before are handed over first. */
  listen(handlers: BodyHandlers): void;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** The whole body has arrived. */
  readonly complete: boolean;
  /** Stops the answer: its socket is closed (an unfinished one cannot be reused). */
  destroy(err?: unknown): void;
}

export interface Http1Head {
  status: number;
  statusText: string;
  /** Names in lower case; a repeated header's values joined with ', ' as fetch joins them. */
  headers: Record<string, string>;
}

export interface Http1Request {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** An answer's head and its body, and a way to stop it before the head arrives. */
export interface Http1Exchange {
  head: Promise<Http1Head & { body: BodySource }>;
  destroy(err: unknown): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
/** One read buffer for every socket: what is kept of it is copied before the read's callback returns. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a header value may not hold: a line break or NUL would split the request, and the head is sent as latin1. */
const BAD_VALUE = /[\r\n\0]|[^\0-\xff]/;

const idle = new Map<string, Connection[]>();

/** Sends one request; the head promise rejects with the socket's error (ECONNREFUSED, …) or a framing error. */
export function http1Request(request: Http1Request): Http1Exchange {
  const hostname = request.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(request.url.port || 80);
  const key = `${hostname}:${port}`;
  const bytes = requestBytes(request);
  let connection: Connection | undefined;
  let body: BodySource | undefined;
  let stopped: unknown;
  let settle!: { resolve: (h: Http1Head & { body: BodySource }) => void; reject: (e: unknown) => void };
  const head = new Promise<Http1Head & { body: BodySource }>((resolve, reject) => (settle = { resolve, reject }));
  const start = (reused: Connection | undefined): void => {
    connection = reused ?? new Connection(key, hostname, port);
    connection.send(bytes, request.method === 'HEAD', {
      head: (answer) => {
        body = answer.body;
        settle.resolve(answer);
      },
      // A reused socket the server closed while it sat idle: nothing of this answer came, send again.
      fail: (err, stale) => (stale && stopped === undefined ? start(undefined) : settle.reject(err)),
    });
  };
  start(takeIdle(key));
  return {
    head,
    // Once the head is in, stopping is the body's business: a finished body's socket may already
    // be serving another request.
    destroy: (err) => {
      stopped = err;
      if (body) body.destroy(err);
      else connection?.abort(err);
    },
  };
}

function takeIdle(key: string): Connection | undefined {
  const list = idle.get(key);
  const connection = list?.pop();
  if (list?.length === 0) idle.delete(key);
  return connection;
}

function requestBytes({ url, method, headers, body }: Http1Request): Buffer {
  if (!TOKEN.test(method)) throw new TypeError(`Invalid HTTP method ${JSON.stringify(method)}.`);
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n`;
  let hasAuth = false;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name) || BAD_VALUE.test(value)) throw new TypeError(`Invalid header ${JSON.stringify(name)}.`);
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'connection' || lower === 'content-length') continue;
    if (lower === 'authorization') hasAuth = true;
    head += `${name}: ${value}\r\n`;
  }
  if (url.username && !hasAuth) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    head += `Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`;
  }
  const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (payload !== undefined) head += `Content-Length: ${payload.byteLength}\r\n`;
  head += '\r\n';
  return payload === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

interface Waiter {
  head: (h: Http1Head & { body: BodySource }) => void;
  /** `stale`: the socket was reused and closed before any byte of the answer. */
  fail: (err: Error, stale: boolean) => void;
}

/** How the body's end is known. */
type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };

class Connection {
  private readonly socket: net.Socket;
  private used = false;
  private waiter: Waiter | undefined;
  private headBytes: Buffer | undefined;
  private body: Body | undefined;
  private framing: Framing = { kind: 'none' };
  private noBody = false;
  private reusable = true;
  private received = false;
  /** Chunked framing: the size line in progress, the bytes left of the current chunk, and where we are. */
  private sizeLine = '';
  private chunkLeft = 0;
  private chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';

  constructor(
    private readonly key: string,
    host: string,
    port: number,
  ) {
    this.socket = net.connect({ host, port, onread: { buffer: READ_BUFFER, callback: (n) => this.onRead(n) } });
    this.socket.setNoDelay(true);
    this.socket.on('error', (err) => this.lost(err));
    this.socket.on('close', () => this.lost(undefined));
  }

  send(bytes: Buffer, noBody: boolean, waiter: Waiter): void {
    const reused = this.used;
    this.used = true;
    this.waiter = waiter;
    this.noBody = noBody;
    this.received = !reused; // only a reused socket's silent close is worth a second try
    this.headBytes = undefined;
    this.body = undefined;
    this.socket.ref();
    this.socket.write(bytes);
  }

  abort(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.reusable = false;
    this.socket.destroy();
    this.fail(error);
  }

  private onRead(n: number): boolean {
    try {
      this.received = true;
      this.parse(READ_BUFFER, 0, n);
    } catch (err) {
      this.abort(err);
    }
    return !this.body?.paused;
  }

  private parse(buf: Buffer, start: number, end: number): void {
    let at = start;
    while (at < end) {
      // Bytes after the answer or while nothing was asked: finish() or lost() closed the socket.
      if (!this.waiter && !this.body) return;
      if (!this.body) {
        at = this.readHead(buf, at, end);
        continue;
      }
      at = this.readBody(buf, at, end);
    }
  }

  /** Collects the head; once complete, parses it and hands the answer over. Returns where the head's bytes ended. */
  private readHead(buf: Buffer, at: number, end: number): number {
    const prior = this.headBytes?.length ?? 0;
    const bytes = prior === 0 ? buf.subarray(at, end) : Buffer.concat([this.headBytes!, buf.subarray(at, end)]);
    const stop = bytes.indexOf('\r\n\r\n', Math.max(0, prior - 3), 'latin1');
    if (stop === -1) {
      if (bytes.length > MAX_HEAD_BYTES) throw new Error(`The server's answer head is over ${MAX_HEAD_BYTES} bytes.`);
      this.headBytes = Buffer.from(bytes); // a copy: the read buffer is reused
      return end;
    }
    this.headBytes = undefined;
    const consumed = stop + 4 - prior;
    const head = parseHead(bytes.toString('latin1', 0, stop));
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return at + consumed; // 100 Continue, 103 Early Hints
    this.startBody(head);
    return at + consumed;
  }

  private startBody(head: Http1Head & { keepAlive: boolean }): void {
    const te = head.headers['transfer-encoding'];
    const length = head.headers['content-length'];
    if (this.noBody || head.status === 204 || head.status === 304) this.framing = { kind: 'length', left: 0 };
    else if (te !== undefined && /(^|,)\s*chunked\s*$/i.test(te)) this.framing = { kind: 'chunked' };
    else if (te !== undefined) this.framing = { kind: 'close' };
    else if (length !== undefined) {
      if (!/^\d+$/.test(length.trim())) throw new Error(`The server sent a bad Content-Length (${JSON.stringify(length)}).`);
      this.framing = { kind: 'length', left: Number(length) };
    } else this.framing = { kind: 'close' };
    this.reusable = head.keepAlive && this.framing.kind !== 'close';
    this.chunkState = 'size';
    this.sizeLine = '';
    const body = (this.body = new Body(this.socket, (err) => this.abort(err ?? new Error('The answer was stopped.'))));
    const waiter = this.waiter!;
    this.waiter = undefined;
    waiter.head({ status: head.status, statusText: head.statusText, headers: head.headers, body });
    if (this.framing.kind === 'length' && this.framing.left === 0) this.finish(false);
  }

  /** Hands over body bytes up to the body's end; returns where they stopped. */
  private readBody(buf: Buffer, at: number, end: number): number {
    const framing = this.framing;
    const body = this.body!;
    if (framing.kind === 'close') {
      body.push(buf, at, end);
      return end;
    }
    if (framing.kind === 'length') {
      const take = Math.min(framing.left, end - at);
      body.push(buf, at, at + take);
      framing.left -= take;
      if (framing.left === 0) this.finish(at + take < end);
      return at + take;
    }
    while (at < end && this.body) {
      switch (this.chunkState) {
        case 'size': {
          const quick = this.sizeLine === '' ? plainChunkSize(buf, at, end) : undefined;
          if (quick) {
            // The common line, "hex CRLF", whole in this read: no string made.
            at = quick.next;
            this.chunkLeft = quick.size;
            this.chunkState = quick.size === 0 ? 'trailer' : 'data';
            break;
          }
          const nl = buf.indexOf(10, at);
          if (nl === -1 || nl >= end) {
            this.sizeLine += buf.toString('latin1', at, end);
            if (this.sizeLine.length > 1024) throw new Error('The server sent a chunk size line over 1 KiB.');
            return end;
          }
          const line = (this.sizeLine + buf.toString('latin1', at, nl)).replace(/\r$/, '');
          this.sizeLine = '';
          at = nl + 1;
          const hex = line.split(';', 1)[0].trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new Error(`The server sent a bad chunk size (${JSON.stringify(line.slice(0, 40))}).`);
          this.chunkLeft = parseInt(hex, 16);
          this.chunkState = this.chunkLeft === 0 ? 'trailer' : 'data';
          break;
        }
        case 'data': {
          const take = Math.min(this.chunkLeft, end - at);
          body.push(buf, at, at + take);
          this.chunkLeft -= take;
          at += take;
          if (this.chunkLeft === 0) this.chunkState = 'crlf';
          break;
        }
        case 'crlf': {
          // The CRLF after a chunk's data; it may arrive split across reads.
          const byte = buf[at++];
          if (byte === 10) this.chunkState = 'size';
          else if (byte !== 13) throw new Error('The server sent a chunk without its closing CRLF.');
          break;
        }
        case 'trailer': {
          // Trailer lines end at an empty line; their content is not wanted.
          const nl = buf.indexOf(10, at);
          if (nl === -1 || nl >= end) {
            this.sizeLine += buf.toString('latin1', at, end);
            if (this.sizeLine.length > MAX_HEAD_BYTES) throw new Error('The server sent trailers over 64 KiB.');
            return end;
          }
          const line = (this.sizeLine + buf.toString('latin1', at, nl)).replace(/\r$/, '');
          this.sizeLine = '';
          at = nl + 1;
          if (line === '') this.finish(at < end);
          break;
        }
      }
    }
    return at;
  }

  /**
   * The body has all arrived: the socket goes back to the pool (or is closed), then the reader
   * hears of the end. `trailing`: more bytes came after it, unasked, so the socket cannot be trusted.
   */
  private finish(trailing: boolean): void {
    const body = this.body!;
    this.body = undefined;
    if (this.reusable && !trailing && !this.socket.destroyed) {
      this.socket.unref();
      const list = idle.get(this.key);
      if (list) list.push(this);
      else idle.set(this.key, [this]);
    } else this.socket.destroy();
    body.end();
  }

  /** The socket failed or closed. */
  private lost(err: Error | undefined): void {
    this.reusable = false;
    const list = idle.get(this.key);
    const i = list?.indexOf(this) ?? -1;
    if (i !== -1) list!.splice(i, 1);
    if (list?.length === 0) idle.delete(this.key);
    if (this.body && this.framing.kind === 'close' && err === undefined) return this.finish(false);
    this.fail(err ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  }

  private fail(err: Error): void {
    const waiter = this.waiter;
    const body = this.body;
    this.waiter = undefined;
    this.body = undefined;
    if (waiter) waiter.fail(err, !this.received);
    body?.error(err);
  }
}

/** A body's bytes on their way to the reader: queued (as copies) until it listens. */
class Body implements BodySource {
  complete = false;
  paused = false;
  private handlers: BodyHandlers | undefined;
  private queued: Buffer[] = [];
  private outcome: { err?: Error } | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly stop: (err?: unknown) => void,
  ) {}

  listen(handlers: BodyHandlers): void {
    this.handlers = handlers;
    for (const chunk of this.queued.splice(0)) handlers.data(chunk, true);
    const outcome = this.outcome;
    if (outcome?.err) handlers.error(outcome.err);
    else if (outcome) handlers.end();
  }

  /** Bytes `start`–`end` of the reused read buffer: handed over as a view, or queued as a copy. */
  push(buf: Buffer, start: number, end: number): void {
    if (start === end || this.outcome) return;
    if (this.handlers) this.handlers.data(buf.subarray(start, end));
    else this.queued.push(Buffer.from(buf.subarray(start, end)));
  }

  end(): void {
    if (this.outcome) return;
    this.complete = true;
    this.outcome = {};
    this.handlers?.end();
  }

  error(err: Error): void {
    if (this.outcome) return;
    this.outcome = { err };
    this.handlers?.error(err);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.outcome) this.socket.resume();
  }

  isPaused(): boolean {
    return this.paused;
  }

  destroy(err?: unknown): void {
    if (this.outcome) return;
    this.stop(err);
  }
}

/** A chunk size line of hex digits and CRLF, no extension, whole within `at`–`end`; else undefined. */
function plainChunkSize(buf: Buffer, at: number, end: number): { size: number; next: number } | undefined {
  let size = 0;
  let i = at;
  for (; i < end && i - at <= 12; i++) {
    const c = buf[i];
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  const digits = i - at;
  if (digits === 0 || digits > 12 || i + 1 >= end || buf[i] !== 13 || buf[i + 1] !== 10) return undefined;
  return { size, next: i + 2 };
}

/** The status line and headers (latin1 text without the final blank line). */
function parseHead(text: string): Http1Head & { keepAlive: boolean } {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!status) throw new Error(`The server did not answer in HTTP/1.x (${JSON.stringify(lines[0].slice(0, 40))}).`);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) throw new Error(`The server sent a malformed header line (${JSON.stringify(line.slice(0, 40))}).`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const connection = (headers['connection'] ?? '').toLowerCase();
  const keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  return { status: Number(status[2]), statusText: status[3] ?? '', headers, keepAlive };
}
