import { promises as fs } from 'fs';
import * as path from 'path';
import { breachLine, runFigures } from '../core/analysis/figures';
import { breaches as thresholdBreaches } from '../core/analysis/series';
import { toJUnit } from '../core/report/junit';
import { runClientEvalSet } from '../core/runner/runClientEvalSet';
import { ModelUnavailableError, RunNotSaved } from '../core/runner/runEvalSet';
import type { RunRecord } from '../core/store/runRecord';
import { WriteFailure, whyNotWritten } from '../core/store/writeFailure';
import type { EvalSet } from '../core/workspace/evalSet';
import { loadClient } from '../core/workspace/loadWorkspace';
import { parseArgs, positiveInt, UsageError } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './validate';

/**
 * `upkeep run <clientDir> [--set NAME] [--case ID[,ID…]] [--concurrency N] [--max-answer-chars N] [--json] [--junit FILE]`
 * Runs the client's eval sets (or one, or only some cases), prints a summary, and exits 0 when
 * every run meets the client's thresholds, 1 when one is breached, 2 for unusable input or an
 * unreachable model.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['set', 'case', 'concurrency', 'max-answer-chars', 'junit'], ['json']);
  if (positionals.length !== 1) throw new UsageError('run takes one client folder');
  const dir = path.resolve(positionals[0]);
  const missing = await notAClientFolder(dir);
  if (missing) {
    process.stderr.write(`upkeep: ${missing}\n`);
    return EXIT.unusable;
  }
  const junit = options.get('junit');
  // Checked before anything runs: a JUnit file that cannot be written should not cost a run.
  const junitProblem = typeof junit === 'string' ? await notWritableFolder(path.dirname(path.resolve(junit))) : undefined;
  if (junitProblem) {
    process.stderr.write(`upkeep: --junit ${junit}: ${junitProblem}\n`);
    return EXIT.unusable;
  }
  const { client, problems } = await loadClient(path.dirname(dir), dir);
  printProblems(problems);
  if (!client.manifest || problems.some((p) => p.severity === 'error' && p.file === client.manifestFile)) {
    process.stderr.write(`upkeep: ${client.manifestFile} is not usable; fix the problems above.\n`);
    return EXIT.unusable;
  }
  const wanted = options.get('set');
  const named = setsNamed(client.evalSets, wanted);
  if (named.length === 0) {
    process.stderr.write(typeof wanted === 'string' ? `upkeep: ${client.name} has no eval set '${wanted}' (has: ${client.evalSets.map((s) => s.name).join(', ')})\n` : `upkeep: ${client.name} has no eval sets\n`);
    return EXIT.unusable;
  }
  const cases = selectedCases(options.get('case'), named);
  if (typeof cases === 'string') {
    process.stderr.write(`upkeep: ${typeof wanted === 'string' ? `${client.name} / ${wanted}` : client.name} has no case ${cases}\n`);
    return EXIT.unusable;
  }
  // With --case, only the sets that have one of the cases run, and only those cases.
  const sets = cases ? named.filter((s) => s.cases.some((c) => cases.has(c.id))) : named;

  // Ctrl-C (or a CI cancel) ends the run cleanly: finished cases are kept in a cancelled record.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const apiKeyEnv = client.manifest.model.apiKeyEnv;
  const records: RunRecord[] = [];
  /** A record that ran but could not be saved: its summary is still printed, and the run exits 2. */
  let notSaved: RunNotSaved | WriteFailure | undefined;
  try {
    for (const set of sets) {
      process.stderr.write(`${client.name} / ${set.name}: ${set.cases.length} cases against ${client.manifest.model.name}\n`);
      const { record, file } = await runClientEvalSet(client, set, {
        trigger: 'cli',
        caseIds: cases && set.cases.filter((c) => cases.has(c.id)).map((c) => c.id),
        concurrency: positiveInt(options.get('concurrency'), 'concurrency'),
        maxAnswerChars: positiveInt(options.get('max-answer-chars'), 'max-answer-chars'),
        signal: controller.signal,
        apiKey: apiKeyEnv ? process.env[apiKeyEnv] : undefined,
        onProgress: (e) => {
          if (e.kind === 'notice') process.stderr.write(`upkeep: ${e.message}\n`);
          if (e.kind === 'case' && e.result.status !== 'passed') process.stderr.write(`  ${e.result.status === 'errored' ? '!' : '✗'} ${e.result.id} (${e.done}/${e.total})\n`);
        },
      });
      records.push(record);
      process.stderr.write(`  ${describe(record)} → ${path.relative(process.cwd(), file)}\n`);
      if (record.status === 'interrupted' && record.stopReason) process.stderr.write(`  ${record.stopReason}\n`);
      if (controller.signal.aborted) break;
    }
  } catch (e) {
    if (e instanceof ModelUnavailableError) {
      process.stderr.write(`upkeep: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}\n`);
      return EXIT.unusable;
    }
    if (!(e instanceof RunNotSaved || e instanceof WriteFailure)) throw e;
    // The disk is full, or runs/ is a file: say so once, and still report what finished.
    notSaved = e;
    if (e instanceof RunNotSaved) records.push(e.record);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }

  const breaches = records.flatMap((r) => thresholdBreaches(r.summary, client.manifest!.thresholds).map((b) => breachLine(r.evalSet.name, b)));
  const unsaved = notSaved instanceof RunNotSaved ? notSaved.record : undefined;
  if (options.get('json')) {
    const summary = records.map((r) => ({
      client: r.client.name,
      evalSet: r.evalSet.name,
      runId: r.id,
      status: r.status,
      ...(r === unsaved ? { saved: false } : {}),
      model: r.model.name,
      digest: r.model.digest,
      ...r.summary,
    }));
    process.stdout.write(JSON.stringify({ runs: summary, breaches }, null, 2) + '\n');
  } else {
    for (const r of records) process.stdout.write(`${r.evalSet.name}: ${describe(r)}\n`);
  }
  for (const b of breaches) process.stderr.write(`breach: ${b}\n`);
  // Written after the summary, so a JUnit file that cannot be written loses nothing else.
  let junitFailed = false;
  if (typeof junit === 'string') {
    try {
      await fs.writeFile(junit, toJUnit(records));
    } catch (e) {
      process.stderr.write(`upkeep: could not write --junit ${junit}: ${whyNotWritten(e, path.resolve(junit))}.\n`);
      junitFailed = true;
    }
  }
  if (notSaved) process.stderr.write(`upkeep: ${notSaved.message}\n`);
  if (controller.signal.aborted || notSaved || junitFailed) return EXIT.unusable;
  return breaches.length > 0 || records.some((r) => r.status !== 'complete') ? EXIT.breach : EXIT.ok;
}

function describe(r: RunRecord): string {
  const s = r.summary;
  const parts = [runFigures(s)];
  if (s.flaky) parts.push(`${s.flaky} flaky`);
  if (s.latencyP95Ms !== undefined) parts.push(`p95 ${Math.round(s.latencyP95Ms)} ms`);
  if (r.status !== 'complete') parts.push(r.status);
  return parts.join(' · ');
}

/** The case ids of `--case` (undefined without it), or the ones no set has, quoted, as a string. */
function selectedCases(option: string | true | undefined, sets: readonly EvalSet[]): Set<string> | string | undefined {
  if (typeof option !== 'string') return undefined;
  const ids = new Set(option.split(',').map((id) => id.trim()).filter(Boolean));
  if (ids.size === 0) throw new UsageError('--case needs at least one case id');
  const unknown = [...ids].filter((id) => !sets.some((s) => s.cases.some((c) => c.id === id)));
  return unknown.length > 0 ? unknown.map((id) => `'${id}'`).join(', ') : ids;
}

/** The sets `--set` names (by name, id or file name), or every set without it. */
export function setsNamed(sets: readonly EvalSet[], wanted: string | true | undefined): EvalSet[] {
  return typeof wanted === 'string' ? sets.filter((s) => s.name === wanted || s.id === wanted || path.basename(s.file) === wanted) : [...sets];
}

/** Why `dir` cannot be run as a client, in one sentence, or undefined when it can. */
export async function notAClientFolder(dir: string): Promise<string | undefined> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat) return `${dir} does not exist.`;
  if (!stat.isDirectory()) return `${dir} is not a folder; give the client's folder (the one holding client.yaml).`;
  if (!(await fs.stat(path.join(dir, 'client.yaml')).catch(() => undefined))?.isFile()) return `${dir} has no client.yaml; give the client's folder (the one holding it).`;
  return undefined;
}

/** Why a file cannot be written into `folder`, or undefined when it can. */
async function notWritableFolder(folder: string): Promise<string | undefined> {
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat) return `the folder ${folder} does not exist.`;
  if (!stat.isDirectory()) return `${folder} is a file, not a folder.`;
  return undefined;
}
