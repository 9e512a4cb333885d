import { createHash } from 'crypto';
import * as path from 'path';
import { ASSERTION_KINDS, assertionsForCase, eachAssertion, evaluateAssertion, hasUnevaluated, parseAssertionType, scoreCase } from '../assertions';
import type { Embedder, Judge } from '../assertions/types';
import { DEFAULT_MAX_ANSWER_CHARS, firstChars } from '../providers/answerCap';
import { DEFAULT_TIMEOUT_MS } from '../providers/http';
import { redact, redactDeep } from '../providers/redact';
import { ProviderError, type ModelDescription, type Provider } from '../providers/types';
import { journalPath, RunJournal } from '../store/journal';
import { RUN_RECORD_VERSION } from '../store/runFormat';
import type { Attempt, CaseResult, RunHeader, RunPurpose, RunRecord } from '../store/runRecord';
import { summarize } from '../store/summary';
import { WriteFailure } from '../store/writeFailure';
import type { EvalCase, EvalSet } from '../workspace/evalSet';
import type { ModelConfig } from '../workspace/schemas';
import { caseInput, messagesForCase } from './messages';
import { runPool } from './pool';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';
import { makeRunId } from './runId';

export interface RunEvalSetOptions {
  client: { id: string; name: string; dir: string };
  set: EvalSet;
  /** Run only these cases (Test Explorer, `upkeep run --case`); all when absent. */
  caseIds?: readonly string[];
  systemPrompt: string;
  model: ModelConfig;
  provider: Provider;
  judge?: Judge;
  judgeInfo?: { name: string; embeddings?: string };
  embedder?: Embedder;
  /**
   * The servers behind `judge` and `embedder` (providers for judge.name and judge.embeddings),
   * asked before the first case, like the model, when the selected cases have assertions that
   * need them: a missing judge is one message and no record, not a run of errored cases.
   */
  graders?: { judge?: Provider; embeddings?: Provider };
  concurrency?: number;
  /** Keep at most this many characters of each answer (default 100,000); the record marks a cut answer. */
  maxAnswerChars?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  trigger: RunRecord['trigger'];
  /** Why the run is made; `production` unless given (candidates and review samples say so). */
  purpose?: RunPurpose;
  onProgress?: (event: RunProgress) => void;
  /** One line per request outcome, for the output channel or stderr. Never receives a secret. */
  log?: (line: string) => void;
  /** The API key(s) in use: redacted from everything the run writes (journal, record, log lines). */
  secrets?: readonly string[];
  /** Injected for back-dated sample history and for tests. */
  clock?: () => Date;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type RunProgress =
  | { kind: 'started'; runId: string; total: number }
  | { kind: 'case'; result: CaseResult; done: number; total: number; failed: number; errored: number }
  | { kind: 'retry'; caseId: string; attempt: number; delayMs: number; reason: string }
  /** Something a person should know that is not about one case: a damaged journal set aside. */
  | { kind: 'notice'; message: string };

export interface RunOutcome {
  record: RunRecord;
  file: string;
}

/**
 * The run ended but its record could not be written (a full disk, a folder that is a file). The
 * record is here, in memory, for the caller to report (the CLI's `--json` still prints it), and
 * the journal, when it was kept, holds the finished cases for the next run to recover.
 */
export class RunNotSaved extends Error {
  constructor(
    readonly failure: WriteFailure,
    readonly record: RunRecord,
    readonly journal?: string,
  ) {
    const kept = `${record.cases.length} finished case${record.cases.length === 1 ? '' : 's'}`;
    super(`${failure.message} The ${kept} ${journal ? `are kept in ${journal}, and the next run of ${record.client.name} recovers them` : 'could not be saved'}.`, { cause: failure });
    this.name = 'RunNotSaved';
  }
}

/** The server could not be reached (or lacks the model) before the run began: one clear message, no record. */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly host: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

export const DEFAULT_CONCURRENCY = 4;
/**
 * This many cases in a row failing to reach the server, or getting no answer within the time-out,
 * stops the run: the server is gone or hung. With time-outs retried once, a hung server costs a
 * run at most about 2 × timeoutMs × ⌈3 / concurrency⌉, whatever the size of the set.
 */
const UNREACHABLE_STREAK_LIMIT = 3;

/**
 * Runs an eval set against the client's model: every selected case (times its repeats) is sent
 * with bounded concurrency and retries, graded by its assertions, and journalled as it finishes.
 * The run record is committed at the end, whether the run completed, was cancelled, or stopped
 * because the server went away.
 */
export async function runEvalSet(o: RunEvalSetOptions): Promise<RunOutcome> {
  const clock = o.clock ?? (() => new Date());
  const secrets = o.secrets ?? [];
  const log = (line: string): void => o.log?.(redact(line, secrets));
  const cases = selectCases(o.set, o.caseIds);
  const model = await preflight(o.provider, o.signal);
  await preflightGraders(o, cases);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry };

  const startedAt = clock();
  const runsDir = path.join(o.client.dir, 'runs');
  const proposed: RunHeader = {
    schemaVersion: RUN_RECORD_VERSION,
    id: makeRunId(startedAt, o.set.name),
    client: { id: o.client.id, name: o.client.name },
    evalSet: { id: o.set.id, name: o.set.name },
    startedAt: startedAt.toISOString(),
    trigger: o.trigger,
    purpose: o.purpose ?? 'production',
    provider: { kind: o.provider.kind, host: o.provider.host },
    model: {
      name: o.model.name,
      digest: model.digest,
      family: model.family,
      parameterSize: model.parameterSize,
      quantization: model.quantization,
      options: o.model.options,
      format: o.model.format,
      keepAlive: o.model.keepAlive,
    },
    judge: o.judgeInfo,
    systemPrompt: { sha256: sha256(o.systemPrompt), text: o.systemPrompt },
    settings: {
      concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
      // What the provider enforces on each request, not what client.yaml may have left unset.
      timeoutMs: o.provider.timeoutMs ?? o.model.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: retry.maxRetries,
      maxTimeoutRetries: retry.maxTimeoutRetries,
      maxAnswerChars: o.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS,
    },
    selectedCases: o.caseIds ? cases.map((c) => c.id) : undefined,
  };
  const journal = await RunJournal.open(runsDir, redactDeep(proposed, secrets));
  const header = journal.header;
  o.onProgress?.({ kind: 'started', runId: header.id, total: cases.length });

  const results: CaseResult[] = [];
  let failed = 0;
  let errored = 0;
  let unreachableStreak = 0;
  let stopReason: string | undefined;
  let journalFailure: Error | undefined;

  const runCase = async (c: EvalCase) => {
    const repeats = c.repeat ?? o.set.defaults.repeat ?? 1;
    const attempts: Attempt[] = [];
    for (let i = 0; i < repeats && !o.signal?.aborted; i++) {
      const attempt = await runAttempt(o, c, retry, log);
      if (attempt === 'cancelled') return;
      attempts.push(attempt);
    }
    if (attempts.length < repeats) return; // cancelled between repeats: the case did not finish
    // An answer (or a judge's reason) that echoes the API key is kept without it.
    const result = redactDeep(caseResult(c, attempts, clock()), secrets);
    const unreachable = attempts.every((a) => a.error?.startsWith('unreachable:') || a.error?.startsWith('timeout:'));
    unreachableStreak = unreachable ? unreachableStreak + 1 : 0;
    if (unreachableStreak >= UNREACHABLE_STREAK_LIMIT && !stopReason) {
      const why = (attempts[0].error ?? '').replace(/\.$/, '');
      stopReason = attempts[0].error?.startsWith('timeout:')
        ? `Stopped: ${o.provider.host} stopped answering: ${UNREACHABLE_STREAK_LIMIT} cases in a row got no answer within ${seconds(header.settings.timeoutMs)} (each tried ${1 + retry.maxTimeoutRetries} times; ${why}).`
        : `Stopped: ${o.provider.host} stopped answering (${why}).`;
    }
    results.push(result);
    if (result.status === 'failed') failed++;
    if (result.status === 'errored') errored++;
    await journal.append(result).catch((e: Error) => {
      // A full disk: stop sending cases; what finished stays in memory for the record.
      journalFailure ??= e;
      stopReason ??= `Stopped: ${e.message}`;
    });
    o.onProgress?.({ kind: 'case', result, done: results.length, total: cases.length, failed, errored });
  };

  await runPool(cases, header.settings.concurrency, runCase, () => !!o.signal?.aborted || !!stopReason);

  // Results arrive in completion order; the record keeps the eval file's order.
  const order = new Map(cases.map((c, i) => [c.id, i]));
  results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const record: RunRecord = {
    ...header,
    endedAt: clock().toISOString(),
    status: o.signal?.aborted ? 'cancelled' : stopReason ? 'interrupted' : 'complete',
    stopReason: o.signal?.aborted ? 'Cancelled by the user.' : stopReason && redact(stopReason, secrets),
    cases: results,
    summary: summarize(results),
  };
  let file: string;
  try {
    file = await journal.commit(record);
  } catch (e) {
    if (!(e instanceof WriteFailure)) throw e;
    throw new RunNotSaved(e, record, journalFailure ? undefined : journalPath(runsDir, header.id));
  }
  return { record, file };
}

/**
 * Asks the server before sending a single case, so "server down" is one message, not one per case.
 * The model list alone says whether the model is there and which weights it is: one request.
 */
async function preflight(provider: Provider, signal?: AbortSignal): Promise<ModelDescription> {
  const health = await provider.health(signal, undefined, { serverVersion: false });
  if (!health.ok) throw new ModelUnavailableError(health.message ?? `${provider.host} is not answering.`, provider.host, health.hint);
  if (health.modelAvailable === false) {
    throw new ModelUnavailableError(health.message ?? `${provider.host} does not have the model '${provider.model}'.`, provider.host, health.hint);
  }
  return health.model ?? provider.describeModel(signal).catch(() => ({ name: provider.model }));
}

/** Which of the judge and the embedding model the selected cases' assertions need. */
export function gradersNeeded(set: EvalSet, cases: readonly EvalCase[]): Set<'judge' | 'embeddings'> {
  const needs = new Set<'judge' | 'embeddings'>();
  for (const a of eachAssertion([...set.defaults.assert, ...cases.flatMap((c) => c.assert ?? [])])) {
    const base = parseAssertionType(a.type)?.base;
    const need = base && (ASSERTION_KINDS[base] as { needs?: 'judge' | 'embeddings' }).needs;
    if (need) needs.add(need);
  }
  return needs;
}

/** The judge and the embedding model, asked as the model is when the cases need them. */
async function preflightGraders(o: RunEvalSetOptions, cases: readonly EvalCase[]): Promise<void> {
  const needed = gradersNeeded(o.set, cases);
  for (const role of ['judge', 'embeddings'] as const) {
    const provider = o.graders?.[role];
    if (!needed.has(role) || !provider) continue;
    const setting = role === 'judge' ? 'judge.name' : 'judge.embeddings';
    const health = await provider.health(o.signal, setting, { serverVersion: false });
    if (health.ok && health.modelAvailable !== false) continue;
    const what = role === 'judge' ? `The judge model '${provider.model}'` : `The embedding model '${provider.model}'`;
    const uses = role === 'judge' ? 'llm-rubric' : 'similar';
    throw new ModelUnavailableError(
      `${what} that ${o.set.name}'s ${uses} assertions need is not available: ${health.message ?? `${provider.host} is not answering.`}`,
      provider.host,
      health.hint,
    );
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

async function runAttempt(o: RunEvalSetOptions, c: EvalCase, retry: RetryPolicy, log: (line: string) => void): Promise<Attempt | 'cancelled'> {
  const input = caseInput(c);
  const messages = messagesForCase(o.systemPrompt, c);
  const maxAnswerChars = o.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS;
  // Counted as they happen, so an attempt that still fails records the retries it made.
  let retriesMade = 0;
  try {
    const { value: completion, retries } = await withRetries(
      () => o.provider.complete({ messages, options: o.model.options, format: o.model.format as 'json' | Record<string, unknown> | undefined, signal: o.signal, maxAnswerChars }),
      retry,
      {
        random: o.random,
        sleep: o.sleep,
        signal: o.signal,
        onRetry: (error, attempt, delayMs) => {
          retriesMade = attempt;
          log(`${c.id}: ${error.kind} (${error.message}); retry ${attempt} in ${Math.round(delayMs)} ms`);
          o.onProgress?.({ kind: 'retry', caseId: c.id, attempt, delayMs, reason: error.message });
        },
      },
    );
    // Providers that stream keep no more than the cap; one that hands over a whole answer (replay) is cut here.
    const cutFrom = completion.outputChars ?? (completion.output.length > maxAnswerChars ? completion.output.length : undefined);
    const output = firstChars(completion.output, maxAnswerChars);
    const kept = cutFrom ? `; kept ${output.length} of its ${cutFrom} characters` : '';
    log(`${c.id}: answered${completion.latencyMs !== undefined ? ` in ${Math.round(completion.latencyMs)} ms` : ''}${retries ? ` after ${retries} retries` : ''}${kept}`);
    const assertions = await Promise.all(
      assertionsForCase(o.set.defaults.assert, c.assert).map((a) =>
        evaluateAssertion(a, {
          output,
          input,
          expected: c.expected,
          latencyMs: completion.latencyMs,
          doneReason: completion.doneReason,
          tokens: completion.tokens,
          price: o.model.price,
          judge: o.judge,
          embedder: o.embedder,
          signal: o.signal,
        }),
      ),
    );
    // Cancelled while grading: the judge's and the regexes' answers were cut short, so no verdict.
    if (o.signal?.aborted) return 'cancelled';
    const { score, pass } = scoreCase(assertions, c.threshold ?? o.set.defaults.threshold);
    return {
      output,
      ...(cutFrom ? { outputChars: cutFrom } : {}),
      latencyMs: completion.latencyMs,
      firstTokenMs: completion.firstTokenMs,
      ...(completion.serverTimings ? { serverTimings: completion.serverTimings } : {}),
      ...(completion.doneReason ? { doneReason: completion.doneReason } : {}),
      tokens: completion.tokens,
      assertions,
      score,
      pass,
      retries,
    };
  } catch (e) {
    if (o.signal?.aborted) return 'cancelled';
    const error = e instanceof ProviderError ? `${e.kind}: ${e.message}` : `error: ${(e as Error).message}`;
    log(`${c.id}: failed${retriesMade ? ` after ${retriesMade} ${retriesMade === 1 ? 'retry' : 'retries'}` : ''}: ${error}`);
    return { output: '', tokens: {}, assertions: [], score: 0, pass: false, error, retries: retriesMade };
  }
}

/**
 * A case's verdict over its attempts: errored when an attempt could not be graded (no answer, or
 * an assertion that could not be evaluated), since then nothing says whether it passed or failed;
 * otherwise passed when every attempt passed, else failed.
 */
function caseResult(c: EvalCase, attempts: Attempt[], finishedAt: Date): CaseResult {
  const passed = attempts.filter((a) => a.pass).length;
  const errored = attempts.some((a) => a.error !== undefined || hasUnevaluated(a.assertions));
  const status = errored ? 'errored' : passed === attempts.length ? 'passed' : 'failed';
  return {
    id: c.id,
    input: c.input,
    messages: c.messages,
    expected: c.expected,
    tags: c.tags,
    attempts,
    status,
    score: attempts.reduce((s, a) => s + a.score, 0) / attempts.length,
    pass: status === 'passed',
    flaky: passed > 0 && passed < attempts.length,
    passRate: passed / attempts.length,
    finishedAt: finishedAt.toISOString(),
  };
}

function selectCases(set: EvalSet, ids?: readonly string[]): EvalCase[] {
  if (!ids) return set.cases;
  const unknown = ids.filter((id) => !set.cases.some((c) => c.id === id));
  if (unknown.length) throw new Error(`${set.name} has no case ${unknown.map((u) => `'${u}'`).join(', ')}.`);
  return set.cases.filter((c) => ids.includes(c.id));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
