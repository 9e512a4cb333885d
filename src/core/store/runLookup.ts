import { promises as fs } from 'fs';
import * as path from 'path';
import { isPreviousOf, runFacts } from '../history/runsThatCount';
import { readBaselines, type BaselinePin } from './baselines';
import { runFilesOfSet } from './caseHistory';
import { readRunRecord } from './readRuns';
import type { RunRecord } from './runRecord';

/**
 * Finding runs around a run: its client folder, the other runs of its set, and the run it is
 * compared with. Works from the files alone (no VS Code), so a record the tree has not seen yet
 * (just written) is found too.
 */

export interface LoadedRun {
  file: string;
  record: RunRecord;
}

export interface Counterpart extends LoadedRun {
  kind: 'previous' | 'baseline';
}

/** Records live in `<client>/runs/`. */
export function clientDirOf(runFile: string): string {
  return path.dirname(path.dirname(runFile));
}

export function runFileOf(clientDir: string, runId: string): string {
  return path.join(clientDir, 'runs', `${runId}.json`);
}

/** Run record files of a client, newest first (by run id, so `…Z-set.json` precedes `…Z-set-2.json`). */
export async function listRunFiles(clientDir: string): Promise<string[]> {
  const names = await fs.readdir(path.join(clientDir, 'runs')).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort()
    .reverse()
    .map((id) => runFileOf(clientDir, id));
}

/** Reads a record or throws an error that names the file and what is wrong with it. */
export async function loadRun(file: string): Promise<LoadedRun> {
  const read = await readRunRecord(file);
  if (!read.ok) throw new Error(`${path.basename(file)} is ${read.message}`);
  return { file, record: read.record };
}

/** The pin of a set, if the client's baselines.json has one (a damaged file counts as none). */
export async function baselineOf(clientDir: string, evalSetId: string): Promise<BaselinePin | undefined> {
  const { baselines } = await readBaselines(clientDir);
  return Object.prototype.hasOwnProperty.call(baselines, evalSetId) ? baselines[evalSetId] : undefined;
}

/**
 * The run a record is compared with: its set's pinned baseline (unless that is this run, or its
 * file is gone), else the newest earlier run of the set that was not cancelled.
 */
export async function findCounterpart(run: LoadedRun, baseline: BaselinePin | undefined): Promise<Counterpart | undefined> {
  const clientDir = clientDirOf(run.file);
  if (baseline && baseline.runId !== run.record.id) {
    const read = await readRunRecord(runFileOf(clientDir, baseline.runId));
    if (read.ok && read.record.evalSet.id === run.record.evalSet.id) return { kind: 'baseline', file: runFileOf(clientDir, baseline.runId), record: read.record };
  }
  const previous = await previousRun(run);
  return previous && { kind: 'previous', ...previous };
}

/**
 * The run started before this one that it is compared with by default (`isPreviousOf`): for a
 * whole-set run the set's previous score, for a re-run of some cases the last earlier run that
 * ran them.
 */
export async function previousRun(run: LoadedRun): Promise<LoadedRun | undefined> {
  const files = await listRunFiles(clientDirOf(run.file));
  const older = files.filter((f) => path.basename(f, '.json') < run.record.id);
  const head = { partial: run.record.selectedCases !== undefined, caseIds: run.record.cases.map((c) => c.id) };
  // File names end with the set's slug: try those first, and only open the rest when none fits
  // (a set renamed since).
  const likely = runFilesOfSet(older, run.record.evalSet.name);
  for (const candidates of [likely, older.filter((f) => !likely.includes(f))]) {
    for (const file of candidates) {
      const read = await readRunRecord(file);
      const r = read.ok ? read.record : undefined;
      if (r && r.evalSet.id === run.record.evalSet.id && isPreviousOf({ ...runFacts(r), caseIds: new Set(r.cases.map((c) => c.id)) }, head)) return { file, record: r };
    }
  }
  return undefined;
}

/** What a picker shows of a run, without keeping its cases. */
export interface RunSummaryItem {
  file: string;
  id: string;
  clientDir: string;
  evalSet: { id: string; name: string };
  client: { id: string; name: string };
  startedAt: string;
  status: RunRecord['status'];
  partial: boolean;
  purpose: RunRecord['purpose'];
  errored: number;
  model: string;
  digest?: string;
  score: number;
  passed: number;
  total: number;
}

/** The newest `limit` runs of a client (of one set when given), newest first. */
export type ListRuns = (clientDir: string, evalSetId?: string, limit?: number) => Promise<RunSummaryItem[]>;

/** The newest `limit` readable runs of a client (of one set when given), newest first, by reading every record until there are enough. */
export async function readRunList(clientDir: string, evalSetId?: string, limit = 200): Promise<RunSummaryItem[]> {
  const out: RunSummaryItem[] = [];
  for (const file of await listRunFiles(clientDir)) {
    if (out.length >= limit) break;
    const read = await readRunRecord(file);
    if (!read.ok || (evalSetId && read.record.evalSet.id !== evalSetId)) continue;
    const r = read.record;
    out.push({
      file,
      id: r.id,
      clientDir,
      evalSet: r.evalSet,
      client: r.client,
      startedAt: r.startedAt,
      status: r.status,
      partial: r.selectedCases !== undefined,
      purpose: r.purpose,
      errored: r.summary.errored,
      model: r.model.name,
      digest: r.model.digest,
      score: r.summary.score,
      passed: r.summary.passed,
      total: r.summary.total,
    });
  }
  return out;
}
