import { promises as fs } from 'fs';
import * as path from 'path';
import { runFigures } from '../core/analysis/figures';
import { toJUnit } from '../core/report/junit';
import { runClientEvalSet } from '../core/runner/runClientEvalSet';
import type { RunOutcome } from '../core/runner/runEvalSet';
import type { RunRecord } from '../core/store/runRecord';
import { whyNotWritten } from '../core/store/writeFailure';
import type { EvalSet } from '../core/workspace/evalSet';
import type { Client } from '../core/workspace/loadWorkspace';
import { positiveInt, type ParsedArgs } from './args';

/** Ctrl-C (or a CI cancel) ends a run cleanly: finished cases are kept in a cancelled record. Returns the way to stop listening. */
export function stopOnSignals(controller: AbortController): () => void {
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/**
 * One set through the runner as every `upkeep run` runs it: its options, the API key from the
 * environment, a line when it starts, each failing case and the summary on stderr. With `label`
 * (a workspace run, where sets of several servers interleave) each case line names its set.
 */
export async function runOneSet(client: Client, set: EvalSet, options: ParsedArgs['options'], signal: AbortSignal, o: { caseIds?: string[]; label?: string } = {}): Promise<RunOutcome> {
  const model = client.manifest!.model;
  const label = o.label ? `${o.label} · ` : '';
  process.stderr.write(`${client.name} / ${set.name}: ${set.cases.length} cases against ${model.name}\n`);
  const outcome = await runClientEvalSet(client, set, {
    trigger: 'cli',
    caseIds: o.caseIds,
    concurrency: positiveInt(options.get('concurrency'), 'concurrency'),
    maxAnswerChars: positiveInt(options.get('max-answer-chars'), 'max-answer-chars'),
    signal,
    apiKey: model.apiKeyEnv ? process.env[model.apiKeyEnv] : undefined,
    onProgress: (e) => {
      if (e.kind === 'notice') process.stderr.write(`upkeep: ${e.message}\n`);
      if (e.kind === 'case' && e.result.status !== 'passed') process.stderr.write(`  ${e.result.status === 'errored' ? '!' : '✗'} ${label}${e.result.id} (${e.done}/${e.total})\n`);
    },
  });
  const { record, file } = outcome;
  process.stderr.write(`  ${label}${describe(record)} → ${path.relative(process.cwd(), file)}\n`);
  if (record.status === 'interrupted' && record.stopReason) process.stderr.write(`  ${record.stopReason}\n`);
  return outcome;
}

/** A run as `--json` lists it. */
export function runRow(r: RunRecord, saved = true) {
  return { client: r.client.name, evalSet: r.evalSet.name, runId: r.id, status: r.status, ...(saved ? {} : { saved: false }), model: r.model.name, digest: r.model.digest, ...r.summary };
}

/** Writes `--junit` after the summary, so a file that cannot be written loses nothing else; false when it could not. */
export async function writeJUnit(junit: string | true | undefined, records: readonly RunRecord[]): Promise<boolean> {
  if (typeof junit !== 'string') return true;
  try {
    await fs.writeFile(junit, toJUnit(records));
    return true;
  } catch (e) {
    process.stderr.write(`upkeep: could not write --junit ${junit}: ${whyNotWritten(e, path.resolve(junit))}.\n`);
    return false;
  }
}

export function describe(r: RunRecord): string {
  const s = r.summary;
  const parts = [runFigures(s)];
  if (s.flaky) parts.push(`${s.flaky} flaky`);
  if (s.latencyP95Ms !== undefined) parts.push(`p95 ${Math.round(s.latencyP95Ms)} ms`);
  if (r.status !== 'complete') parts.push(r.status);
  return parts.join(' · ');
}

/** The sets `--set` names (by name, id or file name), or every set without it. */
export function setsNamed(sets: readonly EvalSet[], wanted: string | true | undefined): EvalSet[] {
  return typeof wanted === 'string' ? sets.filter((s) => s.name === wanted || s.id === wanted || path.basename(s.file) === wanted) : [...sets];
}
