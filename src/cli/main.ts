import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { WriteFailure } from '../core/store/writeFailure';
import { UsageError } from './args';
import { EXIT } from './exitCodes';

/**
 * `upkeep` — the engine without VS Code, for CI and scheduled checks.
 * Exit codes: 0 all good, 1 a threshold breached, 2 unusable input or unreachable model.
 */
/** Each command's synopsis and what it does: the usage text and `upkeep help <command>`. */
const HELP: Record<string, { synopsis: string; summary: string }> = {
  run: {
    synopsis: 'run <clientDir|workspaceDir> [--set NAME] [--case ID[,ID…]] [--concurrency N] [--max-answer-chars N] [--json] [--junit FILE]',
    summary:
      "run the client's eval sets (or some cases) against its model; a workspace (a folder without client.yaml) runs every set of every client, one set at a time per server and servers side by side, and ends with the breaches (exit 2 when a set could not run)",
  },
  compare: {
    synopsis: 'compare <clientDir> --candidate MODEL [--candidate-host URL] [--candidate-provider ollama|openai] [--candidate-prompt FILE] [--set NAME] [--repeat N] [--json]',
    summary: 'production against a candidate on the same cases: wins, losses, McNemar, a bootstrap interval and a decision (exit 0 promote, 1 reject or inconclusive)',
  },
  status: {
    synopsis: 'status <dir> [--month YYYY-MM] [--time-zone ZONE] [--json]',
    summary: "every client's health, last run, drift and hours this month (a past month: its hours, uptime and incidents, the rest as at its end)",
  },
  health: {
    synopsis: 'health <dir> [--json] [--format prometheus] [--record] [--every MINUTES] [--probe-timeout-ms N]',
    summary: 'check every client: server, model, judge, digest and a generation probe (exit 1: any degraded or down)',
  },
  validate: { synopsis: 'validate <dir>', summary: 'check every client.yaml, eval set and change log under <dir>' },
  report: {
    synopsis: 'report <dir> [--month YYYY-MM] [--format md,html,pdf] [--out DIR] [--json] [--time-zone ZONE]',
    summary: 'the monthly client report (a workspace: every client and an agency summary)',
  },
  sample: {
    synopsis: 'sample <clientDir> [--from FILE] [--size N] [--seed S] [--stratify FIELD] [--since DATE] [--until DATE] [--time-zone ZONE] [--json]',
    summary: "draw the month's production review sample into reviews/YYYY-MM.sample.json and grade it",
  },
  import: {
    synopsis: 'import promptfoo <promptfooconfig.yaml> --into <clientDir>',
    summary: "a promptfoo config's tests as an eval set of the client; prints what it left out",
  },
};
const EXIT_CODES = 'exit codes: 0 thresholds met · 1 a threshold breached · 2 unusable input or unreachable model\n';
const USAGE = `usage: upkeep <command> [options]   ·   upkeep help <command>   ·   upkeep --version

commands:
${Object.values(HELP)
  .map((h) => `  ${h.synopsis}\n                     ${h.summary}\n`)
  .join('')}
${EXIT_CODES}`;

/** The version in the package.json above this file (out/src/cli/ in a build, dist/ in the bundle). */
function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'upkeep' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

type Command = (argv: readonly string[]) => Promise<number>;
/**
 * Each command's module, required when that command runs: a process runs one command, and
 * evaluating every other command's modules (their schemas, their libraries) was part of each start.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => Command> = {
  compare: () => (require('./compare') as typeof import('./compare')).compare,
  health: () => (require('./health') as typeof import('./health')).health,
  import: () => (require('./import') as typeof import('./import')).importCommand,
  report: () => (require('./report') as typeof import('./report')).report,
  run: () => (require('./run') as typeof import('./run')).run,
  sample: () => (require('./sample') as typeof import('./sample')).sample,
  status: () => (require('./status') as typeof import('./status')).status,
  validate: () => (require('./validate') as typeof import('./validate')).validate,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`upkeep ${version()}\n`);
    return EXIT.ok;
  }
  if (command === 'help') {
    const help = rest[0] === undefined ? undefined : HELP[rest[0]];
    if (rest[0] !== undefined && !help) {
      process.stderr.write(`upkeep help: unknown command '${rest[0]}'\n${USAGE}`);
      return EXIT.unusable;
    }
    process.stdout.write(help ? `usage: upkeep ${help.synopsis}\n\n${help.summary}\n\n${EXIT_CODES}` : USAGE);
    return EXIT.ok;
  }
  const handler = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command]() : undefined;
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

/** The process around main: its exit code, and a crash as one message and exit 2. */
export function runCli(argv: readonly string[] = process.argv.slice(2)): void {
  main(argv).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`upkeep: ${(e as Error).stack ?? e}\n`);
      process.exit(EXIT.unusable);
    },
  );
}

// `node out/src/cli/main.js` (the tests); the bundle is started by dist/cli.js (src/cli/bin.ts).
if (require.main === module) runCli();
