import * as path from 'path';
import { checkClientHealth, DEFAULT_EVERY_MINUTES, prometheusText, recordSamples, sampleOf, type HealthCheck } from '../core/health';
import { loadWorkspace } from '../core/workspace/loadWorkspace';
import { parseArgs, positiveInt, UsageError } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './printProblems';

/**
 * `upkeep health <dir> [--json] [--format prometheus] [--record] [--every MINUTES] [--probe-timeout-ms N]`:
 * checks every client under <dir> at once. Exit 0 every client up, 1 any degraded or down (each
 * named on stderr with its model, host and reason), 2 unusable input. `--record` appends each
 * check to `<client>/health/YYYY-MM.jsonl` (`--every`: how often the timer runs it, so a longer
 * silence reads as not monitored).
 */
export async function health(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['format', 'every', 'probe-timeout-ms'], ['json', 'record']);
  const format = options.get('format');
  if (format !== undefined && format !== 'prometheus') throw new UsageError(`--format takes prometheus, not '${String(format)}'`);
  if (format && options.get('json')) throw new UsageError('--json and --format prometheus are two outputs: choose one');
  const every = positiveInt(options.get('every'), 'every') ?? DEFAULT_EVERY_MINUTES;
  const probeTimeoutMs = positiveInt(options.get('probe-timeout-ms'), 'probe-timeout-ms');
  const dir = path.resolve(positionals[0] ?? '.');
  const model = await loadWorkspace([dir]);
  const errors = model.problems.filter((p) => p.severity === 'error');
  printProblems(errors);
  if (model.clients.length === 0) {
    process.stderr.write(`upkeep: no client.yaml under ${dir}\n`);
    return EXIT.unusable;
  }
  const usable = model.clients.filter((c) => c.manifest);
  const checks = await Promise.all(
    usable.map((c) => checkClientHealth(c, { probeTimeoutMs, apiKey: c.manifest!.model.apiKeyEnv ? process.env[c.manifest!.model.apiKeyEnv] : undefined })),
  );
  if (options.get('record')) await Promise.all(checks.map((check, i) => recordSamples(usable[i].dir, [sampleOf(check, every)])));
  if (format === 'prometheus') process.stdout.write(prometheusText(checks));
  else if (options.get('json')) process.stdout.write(JSON.stringify({ clients: checks }, null, 2) + '\n');
  else process.stdout.write(table(checks));
  for (const c of checks) if (c.status !== 'up') process.stderr.write(`${c.status}: ${c.clientName} (${c.model} at ${c.host}): ${c.summary}\n`);
  for (const c of model.clients) if (!c.manifest) process.stderr.write(`unusable: ${c.name}: ${path.relative(process.cwd(), c.manifestFile)} has problems; it was not checked.\n`);
  if (usable.length < model.clients.length) return EXIT.unusable;
  return checks.some((c) => c.status !== 'up') ? EXIT.breach : EXIT.ok;
}

function table(checks: readonly HealthCheck[]): string {
  const mark = { up: '✓', degraded: '⚠', down: '✗' } as const;
  return checks.map((c) => `${mark[c.status]} ${c.clientName}: ${c.status} · ${c.summary}\n`).join('');
}
