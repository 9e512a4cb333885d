import * as path from 'path';
import { findSqlWasm, HistoryIndex } from '../core/history';
import { unreadableRunProblem } from '../core/store/readRuns';
import { loadWorkspace, type Client } from '../core/workspace/loadWorkspace';
import type { Problem } from '../core/workspace/problems';
import { parseArgs } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './printProblems';
import { indexFile } from './status';

/** `upkeep validate <dir>`: every problem as `file:line:column`, exit 2 when any is an error. */
export async function validate(argv: readonly string[]): Promise<number> {
  const { positionals } = parseArgs(argv, [], []);
  const dir = path.resolve(positionals[0] ?? '.');
  const model = await loadWorkspace([dir]);
  model.problems.push(...(await runRecordProblems(dir, model.clients)));
  printProblems(model.problems);
  const errors = model.problems.filter((p) => p.severity === 'error').length;
  const cases = model.clients.reduce((n, c) => n + c.evalSets.reduce((m, s) => m + s.cases.length, 0), 0);
  process.stdout.write(`${model.clients.length} clients, ${cases} cases; ${errors} errors, ${model.problems.length - errors} warnings\n`);
  if (model.clients.length === 0) process.stderr.write(`upkeep: no client.yaml under ${dir}\n`);
  return errors > 0 || model.clients.length === 0 ? EXIT.unusable : EXIT.ok;
}

/** Run records that cannot be read, found through the history index `status` keeps, so only new or changed files are read. */
async function runRecordProblems(dir: string, clients: readonly Client[]): Promise<Problem[]> {
  if (!clients.some((c) => c.runFiles.length)) return [];
  const index = await HistoryIndex.open({ file: await indexFile(dir), wasmPath: findSqlWasm(__dirname) });
  try {
    await index.sync(clients);
    await index.save();
    const runFiles = new Set(clients.flatMap((c) => c.runFiles));
    return index.failures().filter((f) => runFiles.has(f.file)).map((f) => unreadableRunProblem(f.file, f.message));
  } finally {
    index.close();
  }
}
