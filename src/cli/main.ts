import * as path from 'path';
import { loadWorkspace } from '../core/workspace/loadWorkspace';
import { formatProblem } from '../core/workspace/problems';

/**
 * `upkeep` — the engine without VS Code, for CI and scheduled checks.
 * Exit codes: 0 all good, 1 a threshold breached, 2 unusable input or unreachable model.
 */
const USAGE = `usage: upkeep <command> [options]

commands:
  validate <dir>     check every client.yaml, eval set and change log under <dir>
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest);
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default:
      process.stderr.write(`upkeep: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

async function validate(args: string[]): Promise<number> {
  const dir = path.resolve(args[0] ?? '.');
  const model = await loadWorkspace([dir]);
  for (const p of model.problems) process.stderr.write(formatProblem({ ...p, file: path.relative(process.cwd(), p.file) || p.file }) + '\n');
  const errors = model.problems.filter((p) => p.severity === 'error').length;
  const warnings = model.problems.length - errors;
  const cases = model.clients.reduce((n, c) => n + c.evalSets.reduce((m, s) => m + s.cases.length, 0), 0);
  process.stdout.write(`${model.clients.length} clients, ${cases} cases; ${errors} errors, ${warnings} warnings\n`);
  return errors > 0 || model.clients.length === 0 ? 2 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`upkeep: ${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
