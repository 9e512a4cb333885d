// Runs a regex assertion's pattern so that a catastrophically backtracking one cannot freeze the
// process. The runner lives in VS Code's extension host (and the CLI), where one `^(a+)+$` on the
// wrong output would stop every extension. Patterns with star height ≤ 1 (safe-regex2's heuristic)
// run in-process, synchronously, as almost every pattern does; the rest run in one worker thread
// under a time limit, and a pattern that overruns it is an error on that output, not a hang.
import safeRegex from 'safe-regex2';
import { Worker } from 'worker_threads';
import { AssertionError } from './util';

export const REGEX_TIME_LIMIT_MS = 1000;

export type RegexEngine = 'in-process' | 'worker';

// Classifying parses the pattern, so it is done once per pattern and flags, not once per case.
// Patterns come from eval files, so the cache stays small; the bound only guards a long session.
const engines = new Map<string, RegexEngine>();
const ENGINE_CACHE_LIMIT = 500;

export function regexEngineFor(pattern: string, flags: string): RegexEngine {
  const key = `${flags}/${pattern}`; // flags never contain '/', so the key is unambiguous
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = safeRegex(forClassifier(pattern)) ? 'in-process' : 'worker';
    if (engines.size >= ENGINE_CACHE_LIMIT) engines.clear();
    engines.set(key, engine);
  }
  return engine;
}

/**
 * The pattern as safe-regex2 should judge it, without two false alarms that would send common
 * patterns to the worker. Its parser predates lookbehind and rejects it (which it reports as
 * unsafe), so `(?<=` and `(?<!` become `(?:`; the quantifiers inside still count. And it counts `?`
 * as a repetition, so `Dear( \w+)?` looks nested though an optional group is entered at most once:
 * the `?` of a top-level group is dropped (one inside another group is kept, as that group may repeat).
 */
function forClassifier(pattern: string): string {
  let out = '';
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
      if (pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i)) {
        out += '(?:';
        i += 3;
        continue;
      }
    } else if (c === ')') {
      depth--;
      if (depth === 0 && pattern[i + 1] === '?') {
        out += c;
        i += pattern[i + 2] === '?' ? 2 : 1; // `)?` or the lazy `)??`
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Whether `pattern` may backtrack catastrophically (nested quantifiers), for the eval-file warning. */
export function mayBacktrack(pattern: string, flags = ''): boolean {
  return regexEngineFor(pattern, flags) === 'worker';
}

/**
 * Whether `text` matches `/pattern/flags`: a boolean for a safe pattern, a promise for one that
 * runs in the worker. Throws (or rejects with) AssertionError for an invalid pattern or a time-out.
 */
export function testRegex(pattern: string, flags: string, text: string): boolean | Promise<boolean> {
  let re: RegExp;
  try {
    // Compiling does not backtrack, so even a dangerous pattern is checked here, with the same message.
    re = new RegExp(pattern, flags);
  } catch (e) {
    throw new AssertionError(`Invalid regular expression /${pattern}/${flags}: ${(e as Error).message}`);
  }
  if (regexEngineFor(pattern, flags) === 'in-process') return re.test(text);
  return new Promise((resolve, reject) => send({ id: nextId++, pattern, flags, text, resolve, reject }));
}

// The worker: CommonJS source evaluated by Node, so the bundles need no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
parentPort.on('message', ({ id, pattern, flags, text }) => {
  try {
    parentPort.postMessage({ id, matched: new RegExp(pattern, flags).test(text) });
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
  const w = new Worker(WORKER_SOURCE, { eval: true });
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
      `/${slow.pattern}/${slow.flags} took longer than ${REGEX_TIME_LIMIT_MS} ms on this output (catastrophic backtracking); rewrite the pattern without nested quantifiers.`,
    ),
  );
  // The requests queued behind it did nothing wrong: they go to a fresh worker, each with its own limit.
  for (const r of waiting) send(r);
}
