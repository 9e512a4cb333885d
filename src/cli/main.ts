import { WriteFailure } from '../core/store/writeFailure';
import { UsageError } from './args';
import { EXIT } from './exitCodes';
import { importCommand } from './import';
import { report } from './report';
import { run } from './run';
import { status } from './status';
import { validate } from './validate';

/**
 * `upkeep` — the engine without VS Code, for CI and scheduled checks.
 * Exit codes: 0 all good, 1 a threshold breached, 2 unusable input or unreachable model.
 */
const USAGE = `usage: upkeep <command> [options]

commands:
  run <clientDir> [--set NAME] [--case ID[,ID…]] [--concurrency N] [--max-answer-chars N] [--json] [--junit FILE]
                     run the client's eval sets (or some cases) against its model
  status <dir> [--json]
                     every client's health, last run, drift and hours this month
  validate <dir>     check every client.yaml, eval set and change log under <dir>
  report <dir> [--month YYYY-MM] [--format md,html,pdf] [--out DIR] [--json] [--time-zone ZONE]
                     the monthly client report (a workspace: every client and an agency summary)
  import promptfoo <promptfooconfig.yaml> --into <clientDir>
                     a promptfoo config's tests as an eval set of the client; prints what it left out

exit codes: 0 thresholds met · 1 a threshold breached · 2 unusable input or unreachable model
`;

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = { import: importCommand, report, run, status, validate };

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const handler = command ? COMMANDS[command] : undefined;
  if (!handler) {
    process.stderr.write(`${command ? `upkeep: unknown command '${command}'\n` : ''}${USAGE}`);
    return EXIT.unusable;
  }
  try {
    return await handler(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`upkeep ${command}: ${e.message}\n${USAGE}`);
      return EXIT.unusable;
    }
    if (e instanceof WriteFailure) {
      process.stderr.write(`upkeep: ${e.message}\n`);
      return EXIT.unusable;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`upkeep: ${(e as Error).stack ?? e}\n`);
      process.exit(EXIT.unusable);
    },
  );
}
