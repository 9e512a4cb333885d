import * as z from 'zod';

/**
 * The message pattern of every Upkeep webview, whatever it shows: requests that get exactly one
 * response (matched by id) and notifications that get none. A protocol names, for each direction,
 * its methods with the zod schemas of their parameters (and results); the extension and the
 * webview import the same definition, and each validates what it RECEIVES, so a message that does
 * not fit is dropped at the edge and never reaches a handler.
 *
 * Nothing here imports 'vscode' or the DOM: the same Endpoint runs on both sides.
 */

export interface RequestDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  kind: 'request';
  params: P;
  result: R;
}

export interface NotificationDef<P extends z.ZodType = z.ZodType> {
  kind: 'notification';
  params: P;
}

export type MethodDefs = Record<string, RequestDef | NotificationDef>;

export function request<P extends z.ZodType, R extends z.ZodType>(params: P, result: R): RequestDef<P, R> {
  return { kind: 'request', params, result };
}

export function notification<P extends z.ZodType>(params: P): NotificationDef<P> {
  return { kind: 'notification', params };
}

/** The methods the webview may call on the extension (toHost) and the reverse (toView). */
export interface Protocol<ToHost extends MethodDefs = MethodDefs, ToView extends MethodDefs = MethodDefs> {
  name: string;
  toHost: ToHost;
  toView: ToView;
}

export function defineProtocol<H extends MethodDefs, V extends MethodDefs>(protocol: Protocol<H, V>): Protocol<H, V> {
  return protocol;
}

/** A parameterless notification, e.g. `ready`. Strict, so a stray field is an error too. */
export const noParams = z.object({}).strict();

// ---------------------------------------------------------------------------------------------
// The envelope every message travels in

const methodName = z.string().min(1).max(100);
const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const envelopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: requestId, method: methodName, params: z.unknown() }).strict(),
  z.object({ type: z.literal('response'), id: requestId, result: z.unknown().optional(), error: z.string().max(10_000).optional() }).strict(),
  z.object({ type: z.literal('notification'), method: methodName, params: z.unknown() }).strict(),
]);

export type Envelope = z.infer<typeof envelopeSchema>;

// ---------------------------------------------------------------------------------------------
// Types derived from a protocol's definitions

export type RequestsOf<D extends MethodDefs> = { [K in keyof D]: D[K] extends RequestDef ? K : never }[keyof D] & string;
export type NotificationsOf<D extends MethodDefs> = { [K in keyof D]: D[K] extends NotificationDef ? K : never }[keyof D] & string;
/** What a sender passes (the schema's input) and what a handler gets (its output). */
export type ParamsIn<D extends MethodDefs, K extends keyof D> = z.input<D[K]['params']>;
export type ParamsOut<D extends MethodDefs, K extends keyof D> = z.output<D[K]['params']>;
export type ResultOf<D extends MethodDefs, K extends keyof D> = D[K] extends RequestDef<z.ZodType, infer R> ? z.output<R> : never;

export type Handlers<D extends MethodDefs> = {
  [K in keyof D]: D[K] extends RequestDef<infer P, infer R>
    ? (params: z.output<P>) => z.input<R> | Promise<z.input<R>>
    : D[K] extends NotificationDef<infer P>
      ? (params: z.output<P>) => void | Promise<void>
      : never;
};

/** What receiving one message did: handled (with the response sent, for a request), or dropped and why. */
export type Received = { ok: true; method?: string; reply?: Envelope } | { ok: false; error: string };

export interface EndpointOptions {
  /** A message that did not validate, after it was dropped. */
  onInvalid?: (error: string, raw: unknown) => void;
  /** A handler of a notification threw (a request's handler error goes back as its response). */
  onError?: (method: string, error: unknown) => void;
  /** How long a request waits for its response; default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * One side of a webview conversation: sends requests and notifications of `Out`, receives and
 * validates those of `In` (and the responses to its own requests) and calls the handlers.
 */
export class Endpoint<In extends MethodDefs, Out extends MethodDefs> {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly incoming: In,
    private readonly outgoing: Out,
    private readonly post: (message: Envelope) => void,
    private readonly handlers: Handlers<In>,
    private readonly options: EndpointOptions = {},
  ) {}

  notify<K extends NotificationsOf<Out>>(method: K, params: ParamsIn<Out, K>): void {
    this.post({ type: 'notification', method, params });
  }

  request<K extends RequestsOf<Out>>(method: K, params: ParamsIn<Out, K>): Promise<ResultOf<Out, K>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no response within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.post({ type: 'request', id, method, params });
    });
  }

  /** Validates one message from the other side and handles it. Never throws. */
  async receive(raw: unknown): Promise<Received> {
    const envelope = envelopeSchema.safeParse(raw);
    if (!envelope.success) return this.invalid(`not a message: ${describeIssues(envelope.error)}`, raw);
    const message = envelope.data;

    if (message.type === 'response') return this.settle(message, raw);

    const def = Object.prototype.hasOwnProperty.call(this.incoming, message.method) ? this.incoming[message.method] : undefined;
    if (!def || def.kind !== message.type) {
      return this.refuse(message, `unknown ${message.type} '${message.method}'`, raw);
    }
    const params = def.params.safeParse(message.params);
    if (!params.success) return this.refuse(message, `invalid parameters of '${message.method}': ${describeIssues(params.error)}`, raw);

    const handler = this.handlers[message.method] as (params: unknown) => unknown;
    if (message.type === 'notification') {
      try {
        await handler(params.data);
      } catch (e) {
        this.options.onError?.(message.method, e);
      }
      return { ok: true, method: message.method };
    }
    let reply: Envelope;
    try {
      reply = { type: 'response', id: message.id, result: await handler(params.data) };
    } catch (e) {
      reply = { type: 'response', id: message.id, error: e instanceof Error ? e.message : String(e) };
    }
    this.post(reply);
    return { ok: true, method: message.method, reply };
  }

  /** Fails every request still waiting, e.g. when the panel closes. */
  dispose(reason = 'the view was closed'): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`${p.method}: ${reason}`));
      this.pending.delete(id);
    }
  }

  private get timeoutMs(): number {
    return this.options.requestTimeoutMs ?? 30_000;
  }

  private settle(message: Extract<Envelope, { type: 'response' }>, raw: unknown): Received {
    const waiting = this.pending.get(message.id);
    if (!waiting) return this.invalid(`a response to request ${message.id}, which is not waiting`, raw);
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.error !== undefined) {
      waiting.reject(new Error(message.error));
      return { ok: true, method: waiting.method };
    }
    const def = this.outgoing[waiting.method] as RequestDef;
    const result = def.result.safeParse(message.result);
    if (!result.success) {
      const error = `invalid result of '${waiting.method}': ${describeIssues(result.error)}`;
      waiting.reject(new Error(error));
      return this.invalid(error, raw);
    }
    waiting.resolve(result.data);
    return { ok: true, method: waiting.method };
  }

  /** Drops a message; a request still gets its (error) response, so the caller does not wait forever. */
  private refuse(message: Extract<Envelope, { type: 'request' | 'notification' }>, error: string, raw: unknown): Received {
    if (message.type === 'request') this.post({ type: 'response', id: message.id, error });
    return this.invalid(error, raw);
  }

  private invalid(error: string, raw: unknown): Received {
    this.options.onInvalid?.(error, raw);
    return { ok: false, error };
  }
}

/** The first few issues of a failed parse, as "path: message" (a message's text is never echoed). */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}
