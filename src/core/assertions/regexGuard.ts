// Runs a regex assertion's pattern so that no pattern can freeze the process. The runner lives in
// VS Code's extension host (and the CLI), where one `^(a|a)+$` on the wrong output would stop every
// extension, and a check that tells slow patterns from fast ones by their look is a heuristic that
// is wrong both ways. So a pattern runs in-process only when a proven upper bound on its
// backtracking on this output is small (regexBound.ts: most patterns on most answers, in
// microseconds, with none of the worker's round trip); every other runs in one worker thread
// under a time limit: a pattern that overruns it is an error on that output, not a hang, and
// cancelling a run stops its patterns at once.
import type { Worker } from 'worker_threads';
import { stepBound, type StepBound } from './regexBound';
import { backtrackingRisk } from './regexRisk';
import { AssertionError } from './util';

export const REGEX_TIME_LIMIT_MS = 1000;

// The risk check parses the pattern, so it is done once per pattern and flags, not once per case.
// Patterns come from eval files, so the cache stays small; the bound only guards a long session.
const risks = new Map<string, string | undefined>();
const RISK_CACHE_LIMIT = 500;

/** Why `pattern` may backtrack catastrophically (for the eval-file warning), or undefined when it looks safe. */
export function backtrackingReason(pattern: string, flags = ''): string | undefined {
  const key = `${flags}/${pattern}`; // flags never contain '/', so the key is unambiguous
  if (!risks.has(key)) {
    if (risks.size >= RISK_CACHE_LIMIT) risks.clear();
    risks.set(key, backtrackingRisk(pattern, flags));
  }
  return risks.get(key);
}

/** Whether `pattern` may backtrack catastrophically, for the eval-file warning. */
export function mayBacktrack(pattern: string, flags = ''): boolean {
  return backtrackingReason(pattern, flags) !== undefined;
}

/**
 * At most this many backtracking steps run in-process: a millisecond or so at worst, far less
 * than the bound in practice (it is loose), and far less than a worker's round trip costs a run.
 */
export const INLINE_STEP_LIMIT = 1_000_000;

/** Compiled patterns and their step bounds (undefined: none), by flags and pattern; patterns come from eval files, so the cache stays small. */
const inProcess = new Map<string, { re: RegExp; bound: StepBound | undefined }>();

/** Whether `/pattern/flags` is tested in-process on a text of `length` characters (else in the worker). */
export function testsInProcess(pattern: string, flags: string, length: number): boolean {
  return fitsInProcess(compiled(pattern, flags).bound, length);
}

const fitsInProcess = (bound: StepBound | undefined, length: number): boolean => bound !== undefined && bound(length) <= INLINE_STEP_LIMIT;

function compiled(pattern: string, flags: string): { re: RegExp; bound: StepBound | undefined } {
  const key = `${flags}/${pattern}`;
  let entry = inProcess.get(key);
  if (!entry) {
    // Compiling does not backtrack: an invalid pattern throws here, with its own message.
    const re = new RegExp(pattern, flags);
    if (inProcess.size >= RISK_CACHE_LIMIT) inProcess.clear();
    inProcess.set(key, (entry = { re, bound: stepBound(pattern, flags) }));
  }
  return entry;
}

/**
 * Whether `text` matches `/pattern/flags`: at once when its step bound on this text is within
 * INLINE_STEP_LIMIT, else decided in the worker within REGEX_TIME_LIMIT_MS. Rejects with
 * AssertionError for an invalid pattern, a time-out, or a cancelled run.
 */
export function testRegex(pattern: string, flags: string, text: string, signal?: AbortSignal): boolean | Promise<boolean> {
  let entry: { re: RegExp; bound: StepBound | undefined };
  try {
    entry = compiled(pattern, flags);
  } catch (e) {
    return Promise.reject(new AssertionError(`Invalid regular expression /${pattern}/${flags}: ${(e as Error).message}`));
  }
  if (signal?.aborted) return Promise.reject(cancelled(pattern, flags));
  if (fitsInProcess(entry.bound, text.length)) {
    entry.re.lastIndex = 0; // g and y flags make test() start where the last one stopped
    return entry.re.test(text);
  }
  if (signal) watch(signal);
  return new Promise((resolve, reject) => send({ id: nextId++, pattern, flags, text, signal, resolve, reject }));
}

/** One listener per run's signal (not one per request): on abort it cancels that run's requests. */
const watched = new WeakSet<AbortSignal>();

function watch(signal: AbortSignal): void {
  if (watched.has(signal)) return;
  watched.add(signal);
  signal.addEventListener('abort', () => cancel(signal), { once: true });
}

const cancelled = (pattern: string, flags: string): AssertionError => new AssertionError(`/${pattern}/${flags} was stopped: the run was cancelled.`);

// The worker: CommonJS source evaluated by Node, so the bundles need no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
const compiled = new Map();
parentPort.on('message', ({ id, pattern, flags, text }) => {
  try {
    const key = flags + '/' + pattern;
    let re = compiled.get(key);
    if (!re) {
      if (compiled.size >= 500) compiled.clear();
      compiled.set(key, (re = new RegExp(pattern, flags)));
    }
    re.lastIndex = 0; // g and y flags make test() start where the last one stopped
    parentPort.postMessage({ id, matched: re.test(text) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Request {
  id: number;
  pattern: string;
  flags: string;
  text: string;
  signal?: AbortSignal;
  resolve: (matched: boolean) => void;
  reject: (error: Error) => void;
}

type Answer = { id: number; matched: boolean } | { id: number; error: string };

let nextId = 1;
let worker: Worker | undefined;
/** Requests sent to the current worker, in the order it answers them (one thread, first in first out). */
const pending = new Map<number, Request>();
let timer: NodeJS.Timeout | undefined;

function send(request: Request): void {
  if (!worker) worker = startWorker();
  pending.set(request.id, request);
  worker.postMessage({ id: request.id, pattern: request.pattern, flags: request.flags, text: request.text });
  if (pending.size === 1) startClock();
}

function startWorker(): Worker {
  // Required here, not at the top: most runs never need the worker, and the CLI starts faster without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker: WorkerThread } = require('worker_threads') as typeof import('worker_threads');
  const w = new WorkerThread(WORKER_SOURCE, { eval: true });
  // Starting a thread takes tens of milliseconds (more on a busy machine): not the pattern's time.
  w.once('online', () => {
    if (w === worker && pending.size > 0) restartClock();
  });
  w.on('message', (answer: Answer) => {
    if (w !== worker) return;
    const request = pending.get(answer.id);
    if (!request) return;
    pending.delete(answer.id);
    restartClock();
    if ('error' in answer) request.reject(new AssertionError(`Could not run /${request.pattern}/${request.flags}: ${answer.error}`));
    else request.resolve(answer.matched);
  });
  // A crashed or exited worker answers nothing more: fail what it held, and let the next request start another.
  const lost = (why: string): void => {
    if (w !== worker) return;
    worker = undefined;
    clearTimeout(timer);
    timer = undefined;
    const lostRequests = [...pending.values()];
    pending.clear();
    for (const r of lostRequests) r.reject(new AssertionError(`The regular expression worker stopped (${why}) while running /${r.pattern}/${r.flags}.`));
  };
  w.on('error', (e) => lost(e.message));
  w.on('exit', (code) => lost(`exit code ${code}`));
  // An idle worker must never keep the CLI alive; while a request waits, the (ref'd) timer does.
  // After the listeners: adding a 'message' listener refs the worker again.
  w.unref();
  return w;
}

/**
 * A cancelled run's requests stop at once: the worker (which may be working on one of them, or
 * have them queued in its thread) is replaced, and the other runs' requests go to the new one.
 */
function cancel(signal: AbortSignal): void {
  const mine = [...pending.values()].filter((r) => r.signal === signal);
  if (mine.length === 0) return;
  const others = [...pending.values()].filter((r) => r.signal !== signal);
  const stuck = worker;
  worker = undefined;
  clearTimeout(timer);
  timer = undefined;
  pending.clear();
  if (stuck) void stuck.terminate();
  for (const r of mine) r.reject(cancelled(r.pattern, r.flags));
  for (const r of others) send(r);
}

// The clock times only the request the worker is working on (the oldest unanswered one), so each
// output gets the whole limit however many requests queue behind it.
function startClock(): void {
  timer = setTimeout(timeOut, REGEX_TIME_LIMIT_MS);
}

function restartClock(): void {
  clearTimeout(timer);
  timer = undefined;
  if (pending.size > 0) startClock();
}

function timeOut(): void {
  timer = undefined;
  const slow = pending.values().next().value;
  if (!worker || !slow) return;
  // A thread stuck in a regex cannot be interrupted any other way; terminate() stops it at once.
  const stuck = worker;
  worker = undefined;
  void stuck.terminate();
  pending.delete(slow.id);
  const waiting = [...pending.values()];
  pending.clear();
  slow.reject(
    new AssertionError(
      `/${slow.pattern}/${slow.flags} took longer than ${REGEX_TIME_LIMIT_MS} ms on this output (catastrophic backtracking); rewrite the pattern so no part of the text can be matched in more than one way (no repeat inside a repeat, no overlapping choices or repeats in a row).`,
    ),
  );
  // The requests queued behind it did nothing wrong: they go to a fresh worker, each with its own limit.
  for (const r of waiting) send(r);
}
