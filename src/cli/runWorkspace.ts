import * as path from 'path';
import { breachLine } from '../core/analysis/figures';
import { everyClientJobs, runEveryClient } from '../core/runner/everyClient';
import { ModelUnavailableError, type RunOutcome } from '../core/runner/runEvalSet';
import { loadWorkspace } from '../core/workspace/loadWorkspace';
import { UsageError, type ParsedArgs } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './printProblems';
import { describe, runOneSet, runRow, setsNamed, stopOnSignals, writeJUnit } from './runOneSet';

/**
 * `upkeep run <workspaceDir>`: every eval set of every client under the folder (or the sets
 * `--set` names, in each client that has one), as Run Every Client does in VS Code: one set at a
 * time per server, servers side by side, a server that is down or lacks the model skipping that
 * client's other sets. A line per set as it ends, the summary of the breaches last. Exits 2 when
 * part of the book went unchecked (a client.yaml that does not validate, a set that could not run,
 * Ctrl-C), else 1 on any breach or unfinished run, else 0.
 */
export async function runWorkspace(dir: string, options: ParsedArgs['options']): Promise<number> {
  if (options.has('case')) throw new UsageError('--case needs a client folder: case ids belong to one client');
  const { clients, problems } = await loadWorkspace([dir]);
  printProblems(problems);
  const unusable = clients.filter((c) => !c.manifest);
  for (const c of unusable) process.stderr.write(`upkeep: ${path.relative(process.cwd(), c.manifestFile) || c.manifestFile} is not usable; ${c.name} is not run.\n`);
  const wanted = options.get('set');
  const jobs = everyClientJobs(clients).filter((j) => setsNamed([j.set], wanted).length > 0);
  if (jobs.length === 0) {
    const why = !clients.length
      ? `${dir} has no client.yaml, nor a client folder under it; give a client's folder (the one holding client.yaml) or a workspace of clients`
      : typeof wanted === 'string'
        ? `no client under ${dir} has an eval set '${wanted}'`
        : `no client under ${dir} has an eval set to run`;
    process.stderr.write(`upkeep: ${why}.\n`);
    return EXIT.unusable;
  }
  const controller = new AbortController();
  const stopped = stopOnSignals(controller);
  const run = await runEveryClient<RunOutcome>(jobs, {
    signal: controller.signal,
    run: ({ client, set }) => runOneSet(client, set, options, controller.signal, { label: `${client.name} / ${set.name}` }),
    whyNotRun: (e) => {
      const unavailable = e instanceof ModelUnavailableError;
      return { message: unavailable ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : (e as Error).message, unavailable };
    },
    onSettled: ({ client, set }, { notRun }) => notRun && process.stderr.write(`upkeep: ${client.name} / ${set.name} not run: ${notRun.message}\n`),
  }).finally(stopped);

  const records = run.outcomes.map((o) => o.record);
  const breaches = run.breaches.map((b) => `${b.client} · ${breachLine(b.set, b.breach)}`);
  if (options.get('json')) process.stdout.write(JSON.stringify({ runs: records.map((r) => runRow(r)), breaches, notRun: run.notRun, summary: run.message }, null, 2) + '\n');
  else process.stdout.write(`${records.map((r) => `${r.client.name} · ${r.evalSet.name}: ${describe(r)}\n`).join('')}${run.message}\n`);
  for (const b of breaches) process.stderr.write(`breach: ${b}\n`);
  const junitWritten = await writeJUnit(options.get('junit'), records);
  if (run.cancelled || run.notRun.length || unusable.length || !junitWritten) return EXIT.unusable;
  return breaches.length > 0 || records.some((r) => r.status !== 'complete') ? EXIT.breach : EXIT.ok;
}
