// Ollama: /api/chat streamed, /api/embed, /api/tags, /api/version. The `ollama` npm package
// reads the host (its scheme and port defaults) and sends /api/embed; the chat stream, the model
// list and the version are asked here over our fetch (the package's get() mentions the global
// Headers, which makes Node load its own fetch, about 20 ms of a CLI's start-up).
//
// Where the package is used, it gets a fetch of our own, made per request, because the package itself
//  - passes no signal at all for GET and non-streamed POST requests, and its `abort()` cancels only
//    streamed requests, of every caller of the instance at once;
//  - does not export ResponseError and keeps no response headers (Retry-After is lost);
//  - `console.log`s while reading a non-JSON error body and `console.warn`s and SKIPS stream lines
//    that are not JSON, which would hide a garbled answer and print into the CLI's JSON output.
// So our fetch (nodeFetch unless a test gives another) carries the request's scope (the caller's
// signal and a time-out), remembers the response and turns every error body into
// `{"error": "..."}` JSON. The streamed /api/chat of an answer is read here, not by the package:
// each NDJSON line is parsed once, straight from the bytes (the package would decode and parse
// every line again after our check), with the package's rules (an `error` line fails the answer,
// the `done` line ends it, a stream without one is an error).

import { Ollama, type ChatResponse, type ModelResponse, type Options } from 'ollama';
import {
  classifyTransportError,
  DEFAULT_TIMEOUT_MS,
  displayHost,
  elapsedMs,
  METADATA_TIMEOUT_MS,
  networkCode,
  requestScope,
  throwIfCancelled,
  retryAfterMs,
  snippet,
  type FailureContext,
  type RequestScope,
} from './http';
import { AnswerBuffer } from './answerCap';
import { nodeFetch, type BodyReader, type BodyReadResult } from './nodeFetch';
import { tokenLineContent, utf8Text } from './ollamaTokenLine';
import {
  ProviderError,
  type Completion,
  type CompletionRequest,
  type HealthQuestions,
  type HealthReport,
  type ModelDescription,
  type Provider,
} from './types';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export interface OllamaProviderOptions {
  /** Base URL of the server; default http://127.0.0.1:11434. */
  host?: string;
  model: string;
  /** Defaults for every request (client.yaml `model.options`); a request's own options win. */
  options?: Record<string, unknown>;
  format?: 'json' | Record<string, unknown>;
  keepAlive?: string | number;
  /** Per-request time-out in milliseconds (default 300000). */
  timeoutMs?: number;
  /** For tests; default nodeFetch. */
  fetch?: typeof fetch;
}

/** Ollama's rule: no tag means `:latest`; names compare case-insensitively. */
export function normalizeOllamaModelName(name: string): string {
  const trimmed = name.trim();
  const afterNamespace = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return (afterNamespace.includes(':') ? trimmed : `${trimmed}:latest`).toLowerCase();
}

/** What one request saw, filled in by our fetch. */
interface CallRecord {
  response?: Response;
  /**
   * Called once we are done with the answer: the package never cancels a stream it stops reading
   * (it returns at the done chunk with the body still locked), so this frees the connection.
   */
  release?: () => void;
  /** An `{"error": ...}` line inside a 200 stream: the server failed mid-answer. */
  streamError?: string;
}

/** A stream line that is not JSON (the package would silently skip it). */
class MalformedLine extends Error {
  constructor(readonly line: string) {
    super('malformed NDJSON line');
    this.name = 'MalformedLine';
  }
}

const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';
/** What the package sends with a request. */
const REQUEST_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': `upkeep (${process.arch} ${process.platform} Node.js/${process.version})` };

function isResponseError(err: unknown): err is Error & { error: string; status_code: number } {
  return err instanceof Error && err.name === 'ResponseError' && typeof (err as { status_code?: unknown }).status_code === 'number';
}

/** Nanoseconds (Ollama's durations) to milliseconds; a missing field stays undefined. */
function nsToMs(ns: unknown): number | undefined {
  return typeof ns === 'number' && Number.isFinite(ns) ? Math.round(ns / 1e3) / 1e3 : undefined;
}

function count(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** ollama-js types times as Date but never revives them: on the wire they are ISO strings. */
function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What ollama-js throws for an HTTP error status, so one classification serves both paths. */
class StatusError extends Error {
  override readonly name = 'ResponseError';
  constructor(
    readonly error: string,
    readonly status_code: number,
  ) {
    super(error);
  }
}

/**
 * A streamed answer's NDJSON lines, fed chunk by chunk. A token line's content goes to `onToken`
 * (read from the bytes, see ollamaTokenLine); every other line is parsed and goes to `onLine`, until
 * one returns true (the `done` line). A line that is not JSON fails the answer (the package would
 * skip it).
 */
class NdjsonLines {
  private rest: Uint8Array | undefined;

  constructor(
    private readonly onLine: (value: Record<string, unknown>) => boolean,
    private readonly onToken: (content: string) => boolean,
  ) {}

  /** Whether `onLine` ended the stream within these bytes. */
  readonly feed = (chunk: Uint8Array): boolean => {
    const bytes: Uint8Array = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
      const ended = this.line(bytes, start, nl);
      start = nl + 1;
      if (ended) return true;
    }
    // A copy: the chunk may be a view of the socket's reused read buffer.
    this.rest = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
    return false;
  };

  /** The body ended: a last line without its newline still counts. */
  end(): boolean {
    return this.rest !== undefined && this.line(this.rest, 0, this.rest.length);
  }

  private line(bytes: Uint8Array, start: number, end: number): boolean {
    const token = tokenLineContent(bytes, start, end);
    if (token !== undefined) return this.onToken(token);
    const text = utf8Text(bytes, start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (text.trim() === '') return false; // blank lines are allowed; checked only here, off the common path
      throw new MalformedLine(text);
    }
    if (typeof value !== 'object' || value === null) throw new MalformedLine(text);
    return this.onLine(value as Record<string, unknown>);
  }
}

/** Reads the body through `lines`; returns whether its `onLine` ended the stream. nodeFetch's reader hands chunks over without a promise each. */
async function readNdjson(reader: { read: () => Promise<BodyReadResult>; consume?: BodyReader['consume'] }, lines: NdjsonLines): Promise<boolean> {
  if (reader.consume) return (await reader.consume(lines.feed)) || lines.end();
  for (;;) {
    const result = await reader.read();
    if (result.done) return lines.end();
    if (lines.feed(result.value)) return true;
  }
}

/** An error answer's message: its `error` field when it is JSON, else its text, else the status. */
async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // plain text (gin's "404 page not found", a proxy's HTML): keep it as the message
  }
  return text.trim() || `${res.status} ${res.statusText}`.trim();
}

/** An error answer as `{"error": "..."}` JSON whatever the server sent, so the package never logs. */
async function normalisedError(res: Response): Promise<Response> {
  const message = await errorText(res);
  return new Response(JSON.stringify({ error: message }), {
    status: res.status,
    statusText: res.statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

export class OllamaProvider implements Provider {
  readonly kind = 'ollama' as const;
  readonly host: string;
  readonly model: string;
  private readonly baseUrl: string;
  private readonly defaults: Pick<OllamaProviderOptions, 'options' | 'format' | 'keepAlive'>;
  readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  /** The package's reading of the host (scheme and port filled in), where its /api/… paths go. */
  private readonly apiRoot: string;
  private readonly chatUrl: string;

  constructor(opts: OllamaProviderOptions) {
    this.baseUrl = (opts.host ?? DEFAULT_OLLAMA_HOST).replace(/\/+$/, '');
    this.apiRoot = (new Ollama({ host: this.baseUrl }) as unknown as { config: { host: string } }).config.host;
    this.chatUrl = `${this.apiRoot}/api/chat`;
    this.host = displayHost(this.baseUrl);
    this.model = opts.model;
    this.defaults = { options: opts.options, format: opts.format, keepAlive: opts.keepAlive };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = opts.fetch ?? nodeFetch;
  }

  private get metadataTimeoutMs(): number {
    return Math.min(this.timeoutMs, METADATA_TIMEOUT_MS);
  }

  private get server(): string {
    return `Ollama at ${this.host}`;
  }

  /** A client for one request: its fetch carries that request's signal and records its response. */
  private client(scope: RequestScope, call: CallRecord): Ollama {
    const base = this.fetchImpl;
    // The package's own signal (init.signal) fires only from its abort(), which nothing calls on
    // this per-request instance: the scope's signal stands for both.
    const scoped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const res = await base(input, { ...init, signal: scope.signal });
      call.response = res;
      return res.ok ? res : normalisedError(res);
    };
    return new Ollama({ host: this.baseUrl, fetch: scoped as typeof fetch });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const doing = `asking ${this.model} for an answer`;
    const scope = requestScope(request.signal, this.timeoutMs, doing);
    const call: CallRecord = {};
    const format = request.format ?? this.defaults.format;
    const options = { ...this.defaults.options, ...request.options };
    const start = performance.now();
    const answer = new AnswerBuffer(request.maxAnswerChars);
    let firstTokenMs: number | undefined;
    let final: ChatResponse | undefined;
    try {
      const body = {
        model: this.model,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        ...(Object.keys(options).length > 0 ? { options: options as Partial<Options> } : {}),
        ...(format !== undefined ? { format } : {}),
        ...(this.defaults.keepAlive !== undefined ? { keep_alive: this.defaults.keepAlive } : {}),
      };
      const res = await this.fetchImpl(this.chatUrl, { method: 'POST', headers: REQUEST_HEADERS, body: JSON.stringify(body), signal: scope.signal });
      call.response = res;
      if (!res.ok) throw new StatusError(await errorText(res), res.status);
      if (!res.body) throw new Error('Missing body');
      const reader = res.body.getReader() as unknown as { read: () => Promise<BodyReadResult>; cancel: () => Promise<void>; consume?: BodyReader['consume'] };
      call.release = () => void reader.cancel().catch(() => undefined);
      const token = (piece: string): boolean => {
        if (piece !== '' && firstTokenMs === undefined) firstTokenMs = elapsedMs(start);
        answer.add(piece);
        return false;
      };
      const lines = new NdjsonLines((chunk) => {
        if ('error' in chunk) {
          if (typeof chunk.error === 'string') call.streamError = chunk.error;
          throw new Error(String(chunk.error));
        }
        token((chunk as Partial<ChatResponse>).message?.content ?? '');
        if (chunk.done) final = chunk as unknown as ChatResponse;
        return !!chunk.done || chunk.status === 'success'; // where the package stops reading
      }, token);
      if (!(await readNdjson(reader, lines))) throw new Error(NO_DONE_MESSAGE);
    } catch (err) {
      throw this.classify(err, scope, call, doing);
    } finally {
      call.release?.();
      scope.end();
    }
    if (!final) {
      throw new ProviderError('bad-response', `${this.server} ended the stream without its final chunk while ${doing}.`, { host: this.host });
    }
    const latencyMs = elapsedMs(start);
    const serverTimings = {
      totalMs: nsToMs(final.total_duration),
      loadMs: nsToMs(final.load_duration),
      promptEvalMs: nsToMs(final.prompt_eval_duration),
      evalMs: nsToMs(final.eval_duration),
    };
    const anyTiming = Object.values(serverTimings).some((v) => v !== undefined);
    const cutFrom = answer.cutFrom;
    return {
      output: answer.text,
      ...(cutFrom !== undefined ? { outputChars: cutFrom } : {}),
      latencyMs,
      ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
      tokens: { prompt: count(final.prompt_eval_count), completion: count(final.eval_count) },
      ...(anyTiming ? { serverTimings } : {}),
      ...(final.done_reason ? { doneReason: final.done_reason } : {}),
    };
  }

  async embed(texts: string[], model: string, signal?: AbortSignal): Promise<number[][]> {
    const doing = `embedding ${texts.length} text${texts.length === 1 ? '' : 's'} with ${model}`;
    throwIfCancelled(signal, doing);
    if (texts.length === 0) return [];
    const scope = requestScope(signal, this.timeoutMs, doing);
    const call: CallRecord = {};
    let embeddings: unknown;
    try {
      embeddings = (await this.client(scope, call).embed({ model, input: texts })).embeddings;
    } catch (err) {
      throw this.classify(err, scope, call, doing, model);
    } finally {
      scope.end();
    }
    const ok =
      Array.isArray(embeddings) &&
      embeddings.length === texts.length &&
      embeddings.every((e) => Array.isArray(e) && e.length > 0 && e.every((x) => typeof x === 'number'));
    if (!ok) {
      throw new ProviderError('bad-response', `${this.server} did not return ${texts.length} embeddings while ${doing}.`, { host: this.host });
    }
    return embeddings as number[][];
  }

  async describeModel(signal?: AbortSignal): Promise<ModelDescription> {
    const scope = requestScope(signal, this.metadataTimeoutMs, `describing ${this.model}`);
    const models = await this.listModels(scope).finally(() => scope.end());
    const found = this.findModel(models);
    if (!found) throw this.missingModel(models);
    return this.description(found);
  }

  async health(signal?: AbortSignal, setting = 'name', ask: HealthQuestions = {}): Promise<HealthReport> {
    const scope = requestScope(signal, this.metadataTimeoutMs, `checking ${this.server}`);
    let serverVersion: string | undefined;
    let models: ModelResponse[];
    try {
      if (ask.serverVersion !== false) {
        const call: CallRecord = {};
        try {
          const { version } = (await this.getJson('/api/version', scope, call)) as { version?: unknown };
          serverVersion = typeof version === 'string' ? version : undefined;
        } catch (err) {
          throw this.classify(err, scope, call, 'asking its version');
        }
      }
      models = await this.listModels(scope);
    } catch (err) {
      const error = err as ProviderError;
      if (error.kind === 'cancelled') throw error;
      return { ok: false, host: this.host, serverVersion, ...this.advice(error) };
    } finally {
      scope.end();
    }
    const found = this.findModel(models);
    if (!found) {
      return {
        ok: false,
        host: this.host,
        serverVersion,
        modelAvailable: false,
        message: this.missingModelMessage(models),
        hint: `Run \`ollama pull ${this.model}\` on that machine (or \`ollama create\` it from its Modelfile), or fix \`${setting}\` in client.yaml.`,
      };
    }
    return { ok: true, host: this.host, serverVersion, modelAvailable: true, model: this.description(found) };
  }

  /**
   * A GET of the API as JSON, through our fetch and not the package's get(): that one mentions the
   * global Headers, whose first use makes Node load its own fetch implementation (about 20 ms of a
   * CLI run's start-up, for a request that needs none of it).
   */
  private async getJson(apiPath: string, scope: RequestScope, call: CallRecord): Promise<unknown> {
    const res = await this.fetchImpl(`${this.apiRoot}${apiPath}`, { headers: REQUEST_HEADERS, signal: scope.signal });
    call.response = res;
    if (!res.ok) throw new StatusError(await errorText(res), res.status);
    return res.json();
  }

  private async listModels(scope: RequestScope): Promise<ModelResponse[]> {
    const call: CallRecord = {};
    const doing = `listing its models (looking for ${this.model})`;
    let models: unknown;
    try {
      models = ((await this.getJson('/api/tags', scope, call)) as { models?: unknown } | null)?.models;
    } catch (err) {
      throw this.classify(err, scope, call, doing);
    }
    if (!Array.isArray(models)) {
      throw new ProviderError('bad-response', `${this.server} answered /api/tags without a model list while ${doing}.`, { host: this.host });
    }
    return models as ModelResponse[];
  }

  private description(found: ModelResponse): ModelDescription {
    return {
      name: this.model,
      digest: found.digest || undefined,
      family: found.details?.family || undefined,
      parameterSize: found.details?.parameter_size || undefined,
      quantization: found.details?.quantization_level || undefined,
      format: found.details?.format || undefined,
      modifiedAt: isoTime(found.modified_at),
    };
  }

  private findModel(models: ModelResponse[]): ModelResponse | undefined {
    const wanted = normalizeOllamaModelName(this.model);
    return models.find((m) => typeof m?.name === 'string' && normalizeOllamaModelName(m.name) === wanted);
  }

  /** "… does not have the model 'x' (it has a, b)."; the thrown error adds what to do, health says it in its hint. */
  private missingModelMessage(models: ModelResponse[]): string {
    const names = models.map((m) => m.name).filter((n) => typeof n === 'string');
    const listed = names.length === 0 ? 'it has no models' : `it has ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
    return `${this.server} does not have the model '${this.model}' (${listed}).`;
  }

  private missingModel(models: ModelResponse[]): ProviderError {
    return new ProviderError('not-found', `${this.missingModelMessage(models)} Run \`ollama pull ${this.model}\` or fix \`name\` in client.yaml.`, { host: this.host });
  }

  /** Health's message and hint for a failure. */
  private advice(error: ProviderError): Pick<HealthReport, 'message' | 'hint'> {
    switch (error.kind) {
      case 'unreachable': {
        const code = networkCode(error.details.cause);
        return {
          message: `Cannot reach Ollama at ${this.host}${code ? ` (${code})` : ''}.`,
          hint: 'Start Ollama (`ollama serve`, or the Ollama app) on that machine and check `host` in client.yaml.',
        };
      }
      case 'timeout':
        return { message: error.message, hint: 'Ollama may be busy or stuck: check the server and its log, then try again.' };
      case 'bad-request':
        return { message: error.message, hint: 'Check that `host` in client.yaml points at an Ollama server (its port is usually 11434).' };
      case 'auth':
        return { message: error.message, hint: 'A proxy in front of Ollama wants credentials; Upkeep talks to Ollama directly.' };
      default:
        return { message: error.message, hint: 'Check the Ollama server and its log (`journalctl -u ollama`, or ~/.ollama/logs).' };
    }
  }

  private classify(err: unknown, scope: RequestScope, call: CallRecord, doing: string, model = this.model): ProviderError {
    const ctx: FailureContext = { server: this.server, host: this.host, doing };
    const transport = classifyTransportError(err, scope, ctx);
    if (transport) return transport;
    const details = { host: this.host, cause: err };
    if (err instanceof MalformedLine) {
      return new ProviderError('bad-response', `${this.server} sent a stream line that is not JSON while ${doing}: ${snippet(err.line, 80)}`, details);
    }
    if (isResponseError(err)) return this.fromStatus(err.status_code, err.error, call.response?.headers, ctx, model, err);
    if (call.streamError !== undefined) {
      return new ProviderError('server', `${this.server} failed while ${doing}: ${snippet(call.streamError)}`, details);
    }
    if (err instanceof Error && err.message === NO_DONE_MESSAGE) {
      return new ProviderError('bad-response', `${this.server} ended the stream without its final chunk while ${doing}.`, details);
    }
    const message = err instanceof Error ? err.message : String(err);
    return new ProviderError('bad-response', `${this.server} failed unexpectedly while ${doing}: ${snippet(message)}`, details);
  }

  private fromStatus(status: number, text: string, headers: Headers | undefined, ctx: FailureContext, model: string, cause: unknown): ProviderError {
    const said = snippet(text);
    const details = { status, host: this.host, cause, retryAfterMs: retryAfterMs(headers) };
    const failed = `${ctx.server} answered ${status} while ${ctx.doing}: ${said}`;
    if (status === 429) return new ProviderError('rate-limited', failed, details);
    if (status === 408) return new ProviderError('timeout', failed, details);
    if (status >= 500) return new ProviderError('server', failed, details);
    if (status === 401 || status === 403) return new ProviderError('auth', failed, details);
    if (status === 404 && /not found/i.test(text) && /model/i.test(text)) {
      return new ProviderError(
        'not-found',
        `${ctx.server} does not have the model '${model}' (${said}). Run \`ollama pull ${model}\` or fix the model name in client.yaml.`,
        details,
      );
    }
    if (status === 404) return new ProviderError('bad-request', `${failed} (is ${this.host} an Ollama server?)`, details);
    return new ProviderError('bad-request', failed, details);
  }
}
