import { promises as fs } from 'fs';
import * as path from 'path';
import { breachLine } from '../core/analysis/figures';
import { breaches as thresholdBreaches } from '../core/analysis/series';
import { ModelUnavailableError, RunNotSaved } from '../core/runner/runEvalSet';
import type { RunRecord } from '../core/store/runRecord';
import { WriteFailure } from '../core/store/writeFailure';
import type { EvalSet } from '../core/workspace/evalSet';
import { loadClient } from '../core/workspace/loadWorkspace';
import { parseArgs, UsageError } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './printProblems';
import { describe, runOneSet, runRow, setsNamed, stopOnSignals, writeJUnit } from './runOneSet';
import { runWorkspace } from './runWorkspace';

/**
 * `upkeep run <clientDir|workspaceDir> [--set NAME] [--case ID[,ID…]] [--concurrency N] [--max-answer-chars N] [--json] [--junit FILE]`
 * Runs the client's eval sets (or one, or only some cases), prints a summary, and exits 0 when
 * every run meets the client's thresholds, 1 when one is breached, 2 for unusable input or an
 * unreachable model. A workspace runs every client (runWorkspace.ts).
 */
export async function run(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['set', 'case', 'concurrency', 'max-answer-chars', 'junit'], ['json']);
  if (positionals.length !== 1) throw new UsageError('run takes one folder: a client or a workspace');
  const dir = path.resolve(positionals[0]);
  // A folder without a client.yaml is a workspace: every client under it runs.
  const workspace = (await fs.stat(dir).catch(() => undefined))?.isDirectory() && !(await fs.stat(path.join(dir, 'client.yaml')).catch(() => undefined));
  const missing = workspace ? undefined : await notAClientFolder(dir);
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
  if (workspace) return runWorkspace(dir, options);
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
  const stopped = stopOnSignals(controller);
  const records: RunRecord[] = [];
  /** A record that ran but could not be saved: its summary is still printed, and the run exits 2. */
  let notSaved: RunNotSaved | WriteFailure | undefined;
  try {
    for (const set of sets) {
      const { record } = await runOneSet(client, set, options, controller.signal, { caseIds: cases && set.cases.filter((c) => cases.has(c.id)).map((c) => c.id) });
      records.push(record);
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
    stopped();
  }

  const breaches = records.flatMap((r) => thresholdBreaches(r.summary, client.manifest!.thresholds).map((b) => breachLine(r.evalSet.name, b)));
  const unsaved = notSaved instanceof RunNotSaved ? notSaved.record : undefined;
  if (options.get('json')) process.stdout.write(JSON.stringify({ runs: records.map((r) => runRow(r, r !== unsaved)), breaches }, null, 2) + '\n');
  else for (const r of records) process.stdout.write(`${r.evalSet.name}: ${describe(r)}\n`);
  for (const b of breaches) process.stderr.write(`breach: ${b}\n`);
  const junitFailed = !(await writeJUnit(junit, records));
  if (notSaved) process.stderr.write(`upkeep: ${notSaved.message}\n`);
  if (controller.signal.aborted || notSaved || junitFailed) return EXIT.unusable;
  return breaches.length > 0 || records.some((r) => r.status !== 'complete') ? EXIT.breach : EXIT.ok;
}

/** The case ids of `--case` (undefined without it), or the ones no set has, quoted, as a string. */
function selectedCases(option: string | true | undefined, sets: readonly EvalSet[]): Set<string> | string | undefined {
  if (typeof option !== 'string') return undefined;
  const ids = new Set(option.split(',').map((id) => id.trim()).filter(Boolean));
  if (ids.size === 0) throw new UsageError('--case needs at least one case id');
  const unknown = [...ids].filter((id) => !sets.some((s) => s.cases.some((c) => c.id === id)));
  return unknown.length > 0 ? unknown.map((id) => `'${id}'`).join(', ') : ids;
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
