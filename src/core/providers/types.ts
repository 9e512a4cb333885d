/**
 * What the runner needs from a model server. One interface for Ollama, any OpenAI-compatible
 * server and recorded transcripts, so assertions and the runner never know which one answered.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Sampling options, Ollama names (temperature, seed, num_ctx, …). */
  options?: Record<string, unknown>;
  /** "json" or a JSON schema the answer must follow. */
  format?: 'json' | Record<string, unknown>;
  /** Cancels the request (the run was cancelled, or the per-request time-out fired). */
  signal?: AbortSignal;
  /** Keep at most this many characters of the answer (default DEFAULT_MAX_ANSWER_CHARS); the rest is counted, not kept. */
  maxAnswerChars?: number;
}

export interface TokenCounts {
  /** Undefined when the server did not say: unknown is not zero. */
  prompt?: number;
  completion?: number;
}

export interface Completion {
  output: string;
  /** The whole answer's length in characters, when `output` keeps only its first maxAnswerChars. */
  outputChars?: number;
  /**
   * Wall-clock time from sending the request to the whole answer, measured by us. Undefined when
   * nothing was measured: a replayed answer whose transcript recorded no latency.
   */
  latencyMs?: number;
  /** Time to the first streamed token, when the answer was streamed. */
  firstTokenMs?: number;
  tokens: TokenCounts;
  /** The server's own timings, in milliseconds, when it reports them (Ollama does, in nanoseconds). */
  serverTimings?: { totalMs?: number; loadMs?: number; promptEvalMs?: number; evalMs?: number };
  doneReason?: string;
}

/** Exactly which weights answered, recorded in every run. */
export interface ModelDescription {
  name: string;
  digest?: string;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  format?: string;
  modifiedAt?: string;
}

export interface HealthReport {
  ok: boolean;
  host: string;
  serverVersion?: string;
  /** Whether the configured model is on the server; undefined when that could not be asked. */
  modelAvailable?: boolean;
  /** What went wrong, in one sentence, and what to try. */
  message?: string;
  hint?: string;
  /** The model as the server describes it, when it has it (what describeModel says, without asking again). */
  model?: ModelDescription;
}

/** What a health check asks besides the model list. */
export interface HealthQuestions {
  /** Default true. A run's preflight needs only the model list: one request. */
  serverVersion?: boolean;
}

export interface Provider {
  readonly kind: 'ollama' | 'openai' | 'replay';
  /** Where requests go (for messages and run records); never carries a secret. */
  readonly host: string;
  readonly model: string;
  /** The time-out enforced on each answer, in milliseconds; undefined when nothing is asked over a network. */
  readonly timeoutMs?: number;
  complete(request: CompletionRequest): Promise<Completion>;
  embed(texts: string[], model: string, signal?: AbortSignal): Promise<number[][]>;
  describeModel(signal?: AbortSignal): Promise<ModelDescription>;
  /** `setting` names the client.yaml field that holds the model's name, for the hint (default `name`). */
  health(signal?: AbortSignal, setting?: string, ask?: HealthQuestions): Promise<HealthReport>;
}

export type ProviderErrorKind =
  | 'unreachable' // connection refused, DNS, reset before an answer
  | 'timeout'
  | 'cancelled'
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'not-found' // unknown model
  | 'auth' // 401/403
  | 'bad-request' // other 4xx
  | 'bad-response'; // an answer that does not parse, a cut stream

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['unreachable', 'timeout', 'rate-limited', 'server', 'bad-response']);

/** A failure talking to a model, classified so the runner knows whether to retry. */
export class ProviderError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; host?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ProviderError';
    this.retryable = RETRYABLE.has(kind);
  }
}
