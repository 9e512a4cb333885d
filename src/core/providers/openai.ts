// Any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, Ollama's /v1, hosted APIs):
// /v1/chat/completions (not streamed), /v1/embeddings and /v1/models over nodeFetch.
//
// The API key is given by the caller (SecretStorage in VS Code, the `apiKeyEnv` variable in the
// CLI). It lives in a private field, goes only into the Authorization header, and is scrubbed from
// everything the server sends back before that text reaches an error message.

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
} from './http';
import { DEFAULT_MAX_ANSWER_CHARS, firstChars } from './answerCap';
import { nodeFetch } from './nodeFetch';
import { redact } from './redact';
import { normalizeOllamaModelName } from './ollama';
import {
  ProviderError,
  type Completion,
  type CompletionRequest,
  type HealthReport,
  type ModelDescription,
  type Provider,
  type ProviderErrorKind,
} from './types';

export const DEFAULT_OPENAI_HOST = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions {
  /** The server's base URL, with or without the trailing /v1; default https://api.openai.com/v1. */
  host?: string;
  model: string;
  /** Sent as `Authorization: Bearer <key>`; never appears in anything the provider returns. */
  apiKey?: string;
  /** Defaults for every request (Ollama names, mapped to OpenAI's); a request's own options win. */
  options?: Record<string, unknown>;
  format?: 'json' | Record<string, unknown>;
  timeoutMs?: number;
  /** For tests; default nodeFetch. */
  fetch?: typeof fetch;
}

/** `http://h:8000` and `http://h:8000/v1` both mean the API root `http://h:8000/v1`. */
export function openaiBaseUrl(host: string): string {
  const trimmed = host.replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    if (!/\/v\d+[a-z]*$/i.test(url.pathname.replace(/\/+$/, ''))) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1`;
    return url.href.replace(/\/+$/, '');
  } catch {
    return /\/v\d+[a-z]*$/i.test(trimmed) ? trimmed : `${trimmed}/v1`;
  }
}

/** Ollama option names to OpenAI request fields; the rest (num_ctx, top_k, …) have no OpenAI name. */
export function openaiSampling(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof options.temperature === 'number') out.temperature = options.temperature;
  if (typeof options.top_p === 'number') out.top_p = options.top_p;
  if (typeof options.seed === 'number') out.seed = options.seed;
  // Ollama's -1 (no limit) and -2 (fill the context) have no OpenAI equivalent: send no limit.
  if (typeof options.num_predict === 'number' && options.num_predict > 0) out.max_tokens = options.num_predict;
  if (Array.isArray(options.stop) && options.stop.length > 0) out.stop = options.stop;
  return out;
}

export function openaiResponseFormat(format: 'json' | Record<string, unknown>): Record<string, unknown> {
  if (format === 'json') return { type: 'json_object' };
  const title = typeof format.title === 'string' ? format.title.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) : '';
  return { type: 'json_schema', json_schema: { name: title || 'response', schema: format } };
}

interface ServerError {
  message: string;
  code?: string;
}

/** `{"error": {"message", "code"}}` (OpenAI, Ollama /v1), `{"error": "..."}`, `{"detail": ...}`, or text. */
function readServerError(body: string, status: number, statusText: string): ServerError {
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    const e = json.error as { message?: unknown; code?: unknown } | string | undefined;
    if (typeof e === 'string') return { message: e };
    if (e && typeof e.message === 'string') return { message: e.message, code: typeof e.code === 'string' ? e.code : undefined };
    if (typeof json.message === 'string') return { message: json.message };
    if (typeof json.detail === 'string') return { message: json.detail };
  } catch {
    // not JSON: the text itself
  }
  return { message: body.trim() || `${status} ${statusText}`.trim() };
}

export class OpenAIProvider implements Provider {
  readonly kind = 'openai' as const;
  readonly host: string;
  readonly model: string;
  readonly #apiKey: string | undefined;
  private readonly baseUrl: string;
  private readonly defaults: Pick<OpenAIProviderOptions, 'options' | 'format'>;
  readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: OpenAIProviderOptions) {
    this.baseUrl = openaiBaseUrl(opts.host ?? DEFAULT_OPENAI_HOST);
    this.host = displayHost(this.baseUrl);
    this.model = opts.model;
    this.#apiKey = opts.apiKey || undefined;
    this.defaults = { options: opts.options, format: opts.format };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = opts.fetch ?? nodeFetch;
  }

  private get server(): string {
    return `The OpenAI-compatible server at ${this.host}`;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const doing = `asking ${this.model} for an answer`;
    const format = request.format ?? this.defaults.format;
    const body = {
      model: this.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: false,
      ...openaiSampling({ ...this.defaults.options, ...request.options }),
      ...(format !== undefined ? { response_format: openaiResponseFormat(format) } : {}),
    };
    const start = performance.now();
    const answer = (await this.call('POST', '/chat/completions', body, { signal: request.signal, timeoutMs: this.timeoutMs, doing })) as {
      choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>;
      usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
      timings?: { prompt_ms?: unknown; predicted_ms?: unknown };
    };
    const latencyMs = elapsedMs(start);
    const choice = Array.isArray(answer?.choices) ? answer.choices[0] : undefined;
    const content = choice?.message?.content;
    if (!choice || (content !== null && content !== undefined && typeof content !== 'string')) {
      throw this.error('bad-response', `${this.server} sent a chat completion without a message while ${doing}.`);
    }
    const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    // Not streamed, so the whole body was read; only what is kept outlives this call.
    const text = typeof content === 'string' ? content : '';
    const maxChars = request.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS;
    // llama.cpp's server adds its own timings; others send none.
    const promptEvalMs = num(answer.timings?.prompt_ms);
    const evalMs = num(answer.timings?.predicted_ms);
    return {
      // A model (or a proxy) can echo the request's Authorization header: the key never leaves here.
      output: firstChars(redact(text, this.#apiKey ? [this.#apiKey] : []), maxChars),
      ...(text.length > maxChars ? { outputChars: text.length } : {}),
      latencyMs,
      tokens: { prompt: num(answer.usage?.prompt_tokens), completion: num(answer.usage?.completion_tokens) },
      ...(promptEvalMs !== undefined || evalMs !== undefined ? { serverTimings: { promptEvalMs, evalMs } } : {}),
      ...(typeof choice.finish_reason === 'string' ? { doneReason: choice.finish_reason } : {}),
    };
  }

  async embed(texts: string[], model: string, signal?: AbortSignal): Promise<number[][]> {
    const doing = `embedding ${texts.length} text${texts.length === 1 ? '' : 's'} with ${model}`;
    throwIfCancelled(signal, doing);
    if (texts.length === 0) return [];
    const answer = (await this.call('POST', '/embeddings', { model, input: texts }, { signal, timeoutMs: this.timeoutMs, doing })) as {
      data?: Array<{ embedding?: unknown; index?: unknown }>;
    };
    const data = Array.isArray(answer?.data) ? [...answer.data] : [];
    data.sort((a, b) => (typeof a.index === 'number' && typeof b.index === 'number' ? a.index - b.index : 0));
    const vectors = data.map((d) => d.embedding);
    const ok = vectors.length === texts.length && vectors.every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number'));
    if (!ok) throw this.error('bad-response', `${this.server} did not return ${texts.length} embeddings while ${doing}.`);
    return vectors as number[][];
  }

  async describeModel(signal?: AbortSignal): Promise<ModelDescription> {
    const models = await this.listModels(signal);
    const found = this.findModel(models);
    if (!found) throw this.missingModel(models);
    return this.description(found);
  }

  private description(found: { created?: unknown }): ModelDescription {
    const created = typeof found.created === 'number' && found.created > 0 ? new Date(found.created * 1000).toISOString() : undefined;
    // /v1/models says nothing about weights: no digest, family or quantisation.
    return { name: this.model, ...(created ? { modifiedAt: created } : {}) };
  }

  async health(signal?: AbortSignal, setting = 'name'): Promise<HealthReport> {
    let models: Array<{ id?: unknown; created?: unknown }>;
    try {
      models = await this.listModels(signal);
    } catch (err) {
      const error = err as ProviderError;
      if (error.kind === 'cancelled') throw error;
      return { ok: false, host: this.host, ...this.advice(error) };
    }
    const found = this.findModel(models);
    if (!found) {
      return {
        ok: false,
        host: this.host,
        modelAvailable: false,
        message: this.missingModel(models).message,
        hint: `Check \`${setting}\` in client.yaml against the models the server lists (GET ${this.host}/models), or load the model on the server.`,
      };
    }
    return { ok: true, host: this.host, modelAvailable: true, model: this.description(found) };
  }

  private async listModels(signal: AbortSignal | undefined): Promise<Array<{ id?: unknown; created?: unknown }>> {
    const doing = `listing its models (looking for ${this.model})`;
    const timeoutMs = Math.min(this.timeoutMs, METADATA_TIMEOUT_MS);
    const answer = (await this.call('GET', '/models', undefined, { signal, timeoutMs, doing })) as { data?: unknown };
    // Ollama's /v1 sends `"data": null` when it has no models (a Go nil slice).
    if (answer?.data === null) return [];
    if (!Array.isArray(answer?.data)) throw this.error('bad-response', `${this.server} answered /models without a model list while ${doing}.`);
    return answer.data as Array<{ id?: unknown; created?: unknown }>;
  }

  private findModel<T extends { id?: unknown }>(models: T[]): T | undefined {
    const exact = models.find((m) => m?.id === this.model);
    if (exact) return exact;
    // Ollama's /v1 lists "llama3.2:latest" for a model configured as "llama3.2".
    const wanted = normalizeOllamaModelName(this.model);
    return models.find((m) => typeof m?.id === 'string' && normalizeOllamaModelName(m.id) === wanted);
  }

  private missingModel(models: Array<{ id?: unknown }>): ProviderError {
    const ids = models.map((m) => m?.id).filter((id): id is string => typeof id === 'string');
    const listed = ids.length === 0 ? 'it lists no models' : `it lists ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`;
    return this.error('not-found', `${this.server} does not serve the model '${this.model}' (${listed}).`);
  }

  private advice(error: ProviderError): Pick<HealthReport, 'message' | 'hint'> {
    switch (error.kind) {
      case 'unreachable': {
        const code = networkCode(error.details.cause);
        return {
          message: `Cannot reach the OpenAI-compatible server at ${this.host}${code ? ` (${code})` : ''}.`,
          hint: 'Start the server (vLLM, llama.cpp, LM Studio, …) and check `host` in client.yaml: it is the API root, e.g. http://127.0.0.1:8000/v1.',
        };
      }
      case 'auth':
        return {
          message: error.message,
          hint: this.#apiKey
            ? 'Check the API key: the CLI reads it from the environment variable `apiKeyEnv` names in client.yaml; VS Code keeps it in its secret storage.'
            : 'No API key was sent: set `apiKeyEnv` in client.yaml to the environment variable holding it (VS Code keeps it in its secret storage).',
        };
      case 'bad-request':
        return { message: error.message, hint: 'Check that `host` in client.yaml is the API root of an OpenAI-compatible server (…/v1).' };
      default:
        return { message: error.message, hint: 'Check the server and its log, then try again.' };
    }
  }

  /** One request: JSON in, JSON out, every failure a ProviderError without the key in it. */
  private async call(method: 'GET' | 'POST', path: string, body: unknown, request: { signal?: AbortSignal; timeoutMs: number; doing: string }): Promise<unknown> {
    const { doing } = request;
    const scope = requestScope(request.signal, request.timeoutMs, doing);
    const url = new URL(this.baseUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`;
    try {
      const res = await this.fetchImpl(url.href, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: scope.signal,
      });
      const text = await res.text();
      if (!res.ok) throw this.fromStatus(res, text, doing);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw this.error('bad-response', `${this.server} sent an answer that is not valid JSON while ${doing}: ${snippet(this.redact(text), 80)}`);
      }
    } catch (err) {
      const classified = classifyTransportError(err, scope, { server: this.server, host: this.host, doing });
      if (classified) throw this.scrub(classified);
      const message = err instanceof Error ? err.message : String(err);
      throw this.error('bad-response', `${this.server} failed unexpectedly while ${doing}: ${snippet(this.redact(message))}`);
    } finally {
      scope.end();
    }
  }

  private fromStatus(res: Response, body: string, doing: string): ProviderError {
    const { status } = res;
    const said = readServerError(body, status, res.statusText);
    const text = snippet(this.redact(said.message));
    const details = { status, retryAfterMs: retryAfterMs(res.headers) };
    const failed = `${this.server} answered ${status} while ${doing}: ${text}`;
    if (status === 401 || status === 403 || said.code === 'insufficient_quota') {
      const key = this.#apiKey ? 'the API key was refused' : 'no API key was sent';
      return this.error('auth', `${failed} (${key}; the CLI reads it from the variable \`apiKeyEnv\` names in client.yaml).`, details);
    }
    if (status === 429) return this.error('rate-limited', failed, details);
    if (status === 408) return this.error('timeout', failed, details);
    if (status >= 500) return this.error('server', failed, details);
    if (status === 404 && (said.code === 'model_not_found' || /model/i.test(said.message))) {
      return this.error('not-found', `${this.server} does not serve the model '${this.model}' (${text}).`, details);
    }
    if (status === 404) return this.error('bad-request', `${failed} (is ${this.host} the API root of an OpenAI-compatible server?)`, details);
    return this.error('bad-request', failed, details);
  }

  private error(kind: ProviderErrorKind, message: string, details: { status?: number; retryAfterMs?: number; cause?: unknown } = {}): ProviderError {
    return new ProviderError(kind, this.redact(message), { ...details, host: this.host });
  }

  /** Re-makes a transport error with a scrubbed message (its cause is fetch's own error: no headers). */
  private scrub(error: ProviderError): ProviderError {
    const message = this.redact(error.message);
    return message === error.message ? error : new ProviderError(error.kind, message, error.details);
  }

  /** The key, and any bearer token, out of server-sent text. */
  private redact(text: string): string {
    return redact(text, this.#apiKey ? [this.#apiKey] : [], true);
  }
}
