import { promises as fs } from 'fs';
import * as path from 'path';
import { caseResultCounts, runFacts, type RunFacts } from '../history/runsThatCount';
import { slugify } from '../workspace/scaffold';
import { readRunRecord } from './readRuns';
import type { Attempt, CaseResult, RunRecord } from './runRecord';

/**
 * One case's result in one run, reduced to what the Test Explorer, CodeLens and comparisons show:
 * its state and score, and for a case that did not pass, why (the failing assertions), what was
 * expected and what the model said, taken from the attempt that went wrong.
 */
export interface CaseOutcome {
  caseId: string;
  status: CaseResult['status'];
  score: number;
  /** Passed in some repeats and failed in others. */
  flaky: boolean;
  passRate: number;
  attempts: number;
  /** Index of the attempt `output`, `error` and `failures` come from: the first that did not pass, else the first. */
  attempt: number;
  /** Time the model took over all attempts, in milliseconds, when the server reported it. */
  durationMs?: number;
  output: string;
  /** Why the model could not be asked (errored attempts). */
  error?: string;
  expected?: string;
  /** The failing assertions of that attempt, as `type: reason`. */
  failures: string[];
  finishedAt: string;
  runFile: string;
  runId: string;
  /** The run selected only some cases (Test Explorer, `upkeep run --case`). */
  partial: boolean;
  runStatus: RunRecord['status'];
  trigger: RunRecord['trigger'];
}

/** A case's newest result and, when there is one, the result before it. */
export interface CaseHistory {
  last: CaseOutcome;
  previous?: CaseOutcome;
}

/** The result of a case as the history keeps it. `run` is the record's file and header. */
export function caseOutcome(result: CaseResult, run: { file: string; id: string; partial: boolean; status: RunRecord['status']; trigger: RunRecord['trigger'] }): CaseOutcome {
  const index = Math.max(0, result.attempts.findIndex((a) => !a.pass));
  const attempt: Attempt = result.attempts[index];
  const latencies = result.attempts.map((a) => a.latencyMs).filter((l): l is number => l !== undefined);
  return {
    caseId: result.id,
    status: result.status,
    score: result.score,
    flaky: result.flaky,
    passRate: result.passRate,
    attempts: result.attempts.length,
    attempt: index,
    durationMs: latencies.length ? latencies.reduce((a, b) => a + b, 0) : undefined,
    output: attempt.output,
    error: attempt.error,
    expected: result.expected,
    failures: attempt.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.error ?? a.reason}`),
    finishedAt: result.finishedAt,
    runFile: run.file,
    runId: run.id,
    partial: run.partial,
    runStatus: run.status,
    trigger: run.trigger,
  };
}

/** What the history needs of one record file: which set it is of, and its cases' outcomes. */
interface RecordDigest {
  setId: string;
  facts: RunFacts;
  outcomes: Map<string, CaseOutcome>;
}

/**
 * Digests of run records by file, so the history of a set is recomputed after every run without
 * reading again the records it already read. Records are written once (temporary file, then
 * rename); a file whose size or modification time changed is read again all the same.
 */
export class RunDigestCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; digest?: RecordDigest }>();

  async digest(file: string): Promise<RecordDigest | undefined> {
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) {
      this.entries.delete(file);
      return undefined;
    }
    const cached = this.entries.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.digest;
    const read = await readRunRecord(file);
    // A damaged or foreign file is remembered as such, so it is not parsed again and again.
    const digest = read.ok ? digestOf(file, read.record) : undefined;
    this.entries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, digest });
    return digest;
  }

  clear(): void {
    this.entries.clear();
  }
}

function digestOf(file: string, record: RunRecord): RecordDigest {
  const run = { file, id: record.id, partial: record.selectedCases !== undefined, status: record.status, trigger: record.trigger };
  return { setId: record.evalSet.id, facts: runFacts(record), outcomes: new Map(record.cases.map((c) => [c.id, caseOutcome(c, run)])) };
}

export interface CaseHistoryOptions {
  /** Only these cases matter: the walk stops once each has its results. Default: every case found. */
  caseIds?: readonly string[];
  /** How many results a case needs: 1 (its state) or 2 (also what it was before). Default 2. */
  depth?: 1 | 2;
  cache?: RunDigestCache;
}

/**
 * The latest result of every case of an eval set (and the one before it), walking the client's run
 * records newest first. Every production record of the set counts for the cases it holds
 * (`caseResultCounts`): a partial run (Test Explorer, `selectedCases`) for the cases it ran, a
 * cancelled or interrupted run for the cases that finished before it stopped; an outage's errors
 * can be a case's last result but never the previous one it is compared with. Candidate and
 * sample runs are not the production history of a case. Records of other sets, damaged files
 * and files that vanished are skipped, never thrown.
 *
 * `runFiles` is the client's listing, newest first (`Client.runFiles`). A run file's name ends with
 * its set's slug, so only those candidates are opened; the record's own `evalSet.id` decides.
 */
export async function caseHistory(runFiles: readonly string[], set: { id: string; name: string }, options: CaseHistoryOptions = {}): Promise<Map<string, CaseHistory>> {
  const depth = options.depth ?? 2;
  const cache = options.cache ?? new RunDigestCache();
  const wanted = options.caseIds ? new Set(options.caseIds) : undefined;
  const history = new Map<string, CaseHistory>();
  let complete = 0;
  for (const file of runFilesOfSet(runFiles, set.name)) {
    if (wanted && complete >= wanted.size) break;
    const digest = await cache.digest(file);
    if (!digest || digest.setId !== set.id) continue;
    const asLast = caseResultCounts(digest.facts, 'last');
    const asPrevious = caseResultCounts(digest.facts, 'previous');
    for (const [id, outcome] of digest.outcomes) {
      if (wanted && !wanted.has(id)) continue;
      const entry = history.get(id);
      if (!entry) {
        if (!asLast) continue;
        history.set(id, { last: outcome });
        if (depth === 1) complete++;
      } else if (!entry.previous && depth === 2 && asPrevious) {
        entry.previous = outcome;
        complete++;
      }
    }
  }
  return history;
}

/** The files among `runFiles` whose names say they are runs of a set called `setName`, in the same order. */
export function runFilesOfSet(runFiles: readonly string[], setName: string): string[] {
  const slug = slugify(setName) || 'set';
  const suffix = new RegExp(`-${slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-\\d+)?\\.json$`);
  return runFiles.filter((f) => suffix.test(path.basename(f)));
}
