// Answers from a recorded JSONL transcript (client.yaml `model.transcript`), one recording a line:
//   {"input": "...", "output": "...", "timestamp"?: "ISO time", "latencyMs"?: 812, "model"?: "..."}
// For demos, offline work and tests of everything downstream of the model. A line that cannot be
// read is reported with its line and column, never skipped in silence.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { snippet } from './http';
import {
  ProviderError,
  type ChatMessage,
  type Completion,
  type CompletionRequest,
  type HealthReport,
  type ModelDescription,
  type Provider,
} from './types';

export interface TranscriptEntry {
  input: string;
  output: string;
  timestamp?: string;
  latencyMs?: number;
  model?: string;
  /** 1-based line in the file. */
  line: number;
}

/** 1-based line and column (UTF-16 code units, as editors count). */
export interface TranscriptProblem {
  line: number;
  column: number;
  message: string;
}

export interface Transcript {
  entries: TranscriptEntry[];
  problems: TranscriptProblem[];
  /** sha256 of the file's bytes, hex. */
  digest: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where and why `text` is not JSON (JSON.parse says why, but not always where). */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const here = (): string => (i >= text.length ? 'the line ends' : `unexpected ${JSON.stringify(text[i])}`);
  const fail = (expected: string): never => {
    throw new JsonSyntaxError(i, `${here()} where ${expected} was expected`);
  };
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const string = (): void => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else throw new JsonSyntaxError(i, 'invalid escape in a string');
        continue;
      }
      if (c < ' ') throw new JsonSyntaxError(i, 'control character in a string (write it as an escape, e.g. \\n)');
      i++;
    }
    throw new JsonSyntaxError(i, 'the line ends inside a string');
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail('a property name in double quotes');
          string();
          space();
          if (text[i] !== ':') fail("':'");
          i++;
        }
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail(`',' or '${close}'`);
      }
    }
    if (c === '"') return string();
    const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
    if (literal) {
      i += literal.length;
      return;
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.exec(text)) {
      i = number.lastIndex;
      return;
    }
    fail('a value');
  };
  try {
    value();
    space();
    if (i < text.length) throw new JsonSyntaxError(i, `${here()} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { offset: err.offset, message: err.message };
    throw err;
  }
}

function keyColumn(line: string, key: string): number {
  const at = line.search(new RegExp(`"${key}"\\s*:`));
  return at >= 0 ? at + 1 : 1;
}

/** Parses a JSONL transcript. Blank lines are allowed; every other unusable line is a problem. */
export function loadTranscript(content: string | Uint8Array): Transcript {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const digest = createHash('sha256').update(bytes).digest('hex');
  const text = (typeof content === 'string' ? content : new TextDecoder().decode(content)).replace(/^\uFEFF/, '');
  const entries: TranscriptEntry[] = [];
  const problems: TranscriptProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const problem = (column: number, message: string): void => void problems.push({ line, column, message });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      const where = locateJsonError(raw);
      problem((where?.offset ?? 0) + 1, `Not valid JSON: ${where?.message ?? (err as Error).message}.`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem(1, 'A transcript line must be a JSON object with "input" and "output".');
      return;
    }
    const record = value as Record<string, unknown>;
    let usable = true;
    for (const key of ['input', 'output'] as const) {
      if (typeof record[key] !== 'string') {
        problem(keyColumn(raw, key), record[key] === undefined ? `Missing "${key}" (a string).` : `"${key}" must be a string.`);
        usable = false;
      }
    }
    if (!usable) return;
    const entry: TranscriptEntry = { input: record.input as string, output: record.output as string, line };
    // Optional fields that are wrong are reported and left out; the recording itself still counts.
    if (record.timestamp !== undefined) {
      if (typeof record.timestamp === 'string' && !Number.isNaN(Date.parse(record.timestamp))) entry.timestamp = record.timestamp;
      else problem(keyColumn(raw, 'timestamp'), '"timestamp" must be an ISO 8601 time, e.g. "2025-06-01T09:00:00Z".');
    }
    if (record.latencyMs !== undefined) {
      if (typeof record.latencyMs === 'number' && Number.isFinite(record.latencyMs) && record.latencyMs >= 0) entry.latencyMs = record.latencyMs;
      else problem(keyColumn(raw, 'latencyMs'), '"latencyMs" must be a number of milliseconds, 0 or more.');
    }
    if (record.model !== undefined) {
      if (typeof record.model === 'string') entry.model = record.model;
      else problem(keyColumn(raw, 'model'), '"model" must be a string.');
    }
    entries.push(entry);
  });
  return { entries, problems, digest };
}

/** The looser match: Unicode-normalised, case-folded, runs of whitespace as one space. */
export function normalizeInput(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

interface Loaded extends Transcript {
  exact: Map<string, TranscriptEntry>;
  loose: Map<string, TranscriptEntry>;
}

function indexed(transcript: Transcript): Loaded {
  // A later recording of the same input wins: it is the more recent one.
  const exact = new Map<string, TranscriptEntry>();
  const loose = new Map<string, TranscriptEntry>();
  for (const entry of transcript.entries) {
    exact.set(entry.input, entry);
    loose.set(normalizeInput(entry.input), entry);
  }
  return { ...transcript, exact, loose };
}

export interface ReplayProviderOptions {
  /** Absolute path of the transcript (already checked to be inside the client folder). */
  transcriptPath: string;
  /** client.yaml `model.name`. */
  model: string;
  /** The transcript's contents, when the caller has them already: then the file is never read. */
  text?: string | Uint8Array;
  /** How `host` names the transcript, e.g. its path inside the client folder; default its file name. */
  label?: string;
}

export class ReplayProvider implements Provider {
  readonly kind = 'replay' as const;
  readonly host: string;
  readonly model: string;
  private readonly path: string;
  private readonly label: string;
  private readonly text: string | Uint8Array | undefined;
  private cache?: { key: string; loaded: Promise<Loaded> };

  constructor(opts: ReplayProviderOptions) {
    this.path = opts.transcriptPath;
    this.model = opts.model;
    this.text = opts.text;
    this.label = opts.label ?? basename(opts.transcriptPath);
    this.host = `replay:${this.label}`;
  }

  /** The lines that could not be used (empty when all could). */
  async problems(): Promise<TranscriptProblem[]> {
    return (await this.load()).problems;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    if (request.signal?.aborted) throw new ProviderError('cancelled', `Cancelled before replaying ${this.label}.`, { host: this.host });
    const transcript = await this.load();
    const input = lastUserMessage(request.messages);
    if (input === undefined) throw new ProviderError('bad-request', 'Replay needs a user message to look up.', { host: this.host });
    const entry = transcript.exact.get(input) ?? transcript.loose.get(normalizeInput(input));
    if (!entry) {
      const unread = transcript.problems.length > 0 ? ` (${transcript.problems.length} line(s) of it could not be read)` : '';
      throw new ProviderError('not-found', `No recorded answer in ${this.label} for "${snippet(input, 60)}"${unread}.`, { host: this.host });
    }
    // The recorded latency, or none: the time of a lookup is not how fast the model answered,
    // and would pass any latency assertion and pull the run's p50/p95 towards zero.
    return {
      output: entry.output,
      ...(entry.latencyMs !== undefined ? { latencyMs: entry.latencyMs } : {}),
      tokens: {},
    };
  }

  async embed(_texts: string[], _model: string, _signal?: AbortSignal): Promise<number[][]> {
    throw new ProviderError('bad-request', 'replay cannot embed; configure judge.embeddings', { host: this.host });
  }

  async describeModel(signal?: AbortSignal): Promise<ModelDescription> {
    if (signal?.aborted) throw new ProviderError('cancelled', `Cancelled before reading ${this.label}.`, { host: this.host });
    return this.description(await this.load());
  }

  private description(transcript: Loaded): ModelDescription {
    return { name: `replay:${basename(this.path)}`, digest: transcript.digest };
  }

  async health(signal?: AbortSignal): Promise<HealthReport> {
    if (signal?.aborted) throw new ProviderError('cancelled', `Cancelled before reading ${this.label}.`, { host: this.host });
    let transcript: Loaded;
    try {
      transcript = await this.load();
    } catch (err) {
      return {
        ok: false,
        host: this.host,
        message: (err as Error).message,
        hint: 'Record a transcript there, or fix `transcript` in client.yaml (a path inside the client folder).',
      };
    }
    const { entries, problems } = transcript;
    const first = problems[0];
    const unread = first
      ? `${problems.length} line(s) of ${this.label} could not be read; the first, line ${first.line} column ${first.column}: ${first.message}`
      : undefined;
    if (entries.length === 0) {
      return {
        ok: false,
        host: this.host,
        modelAvailable: false,
        message: unread ?? `The transcript ${this.label} has no recordings.`,
        hint: 'Each line of a transcript is {"input": "...", "output": "..."}.',
      };
    }
    return {
      ok: true,
      host: this.host,
      modelAvailable: true,
      model: this.description(transcript),
      ...(unread ? { message: unread, hint: 'Fix those lines: until then their recordings are not used.' } : {}),
    };
  }

  /** The transcript, read again whenever the file changed since the last read. */
  private async load(): Promise<Loaded> {
    if (this.text !== undefined) {
      this.cache ??= { key: 'text', loaded: Promise.resolve(indexed(loadTranscript(this.text))) };
      return this.cache.loaded;
    }
    let key: string;
    try {
      const info = await stat(this.path);
      key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (err) {
      throw this.unreadable(err);
    }
    if (this.cache?.key !== key) {
      const loaded = readFile(this.path).then(
        (bytes) => indexed(loadTranscript(bytes)),
        (err: unknown) => Promise.reject(this.unreadable(err)),
      );
      this.cache = { key, loaded };
      loaded.catch(() => {
        if (this.cache?.loaded === loaded) this.cache = undefined;
      });
    }
    return this.cache.loaded;
  }

  private unreadable(err: unknown): ProviderError {
    const code = (err as { code?: unknown }).code;
    const kind = code === 'ENOENT' ? 'not-found' : 'bad-request';
    const why = code === 'ENOENT' ? 'it does not exist' : typeof code === 'string' ? code : (err as Error).message;
    return new ProviderError(kind, `Cannot read the transcript ${this.label}: ${why}.`, { host: this.host, cause: err });
  }
}

function lastUserMessage(messages: ChatMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i].content;
  return undefined;
}
