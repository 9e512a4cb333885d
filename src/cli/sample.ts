import * as path from 'path';
import { UnmappableLog } from '../core/review/logReader';
import { drawMonthlySample } from '../core/review/monthlySample';
import { UnusableSample } from '../core/review/sample';
import { pickId } from '../core/review/sampleStore';
import { ModelUnavailableError } from '../core/runner/runEvalSet';
import { loadClient } from '../core/workspace/loadWorkspace';
import { parseArgs, positiveInt, UsageError } from './args';
import { EXIT } from './exitCodes';
import { notAClientFolder } from './run';
import { printProblems } from './printProblems';

/**
 * `upkeep sample <clientDir> [--from FILE] [--size N] [--seed S] [--stratify FIELD] [--since DATE]
 * [--until DATE] [--time-zone ZONE] [--json]`: draws the month's review sample from the production
 * log and writes it to `reviews/YYYY-MM.sample.json`, graded as a `sample` run when the client has
 * production assertions. Exit 0 written, 2 unusable input.
 */
export async function sample(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['from', 'size', 'seed', 'stratify', 'since', 'until', 'time-zone'], ['json']);
  if (positionals.length !== 1) throw new UsageError('sample takes one client folder');
  const dir = path.resolve(positionals[0]);
  const unusable = (message: string): number => {
    process.stderr.write(`upkeep sample: ${message}\n`);
    return EXIT.unusable;
  };
  const missing = await notAClientFolder(dir);
  if (missing) return unusable(missing);
  const { client, problems } = await loadClient(path.dirname(dir), dir);
  printProblems(problems);
  if (!client.manifest) return unusable(`${client.manifestFile} is not usable; fix the problems above.`);
  const text = (name: string) => options.get(name) as string | undefined;
  try {
    const { sample: drawn, file, graded } = await drawMonthlySample(client, {
      from: text('from'),
      size: positiveInt(options.get('size'), 'size'),
      seed: text('seed'),
      stratify: text('stratify'),
      since: text('since'),
      until: text('until'),
      timeZone: text('time-zone'),
      run: { trigger: 'cli' },
    });
    for (const p of drawn.problems.first) process.stderr.write(`${p.file}:${p.line}:${p.column}: skipped: ${p.message}\n`);
    if (drawn.problems.count > drawn.problems.first.length) process.stderr.write(`… and ${drawn.problems.count - drawn.problems.first.length} more lines skipped\n`);
    const grades = new Map((graded?.record.cases ?? []).map((c) => [c.id, c]));
    if (options.get('json')) {
      const picks = drawn.picks.map((p) => {
        const grade = grades.get(pickId(p));
        return { file: p.file, line: p.line, fields: p.fields, ...(p.stratum !== undefined ? { stratum: p.stratum } : {}), flagged: p.flagged, ...(grade ? { grade: { status: grade.status, score: grade.score } } : {}) };
      });
      const { picks: _picks, ...about } = drawn;
      process.stdout.write(`${JSON.stringify({ file: path.relative(process.cwd(), file), ...about, ...(graded ? { runId: graded.record.id } : {}), picks }, null, 2)}\n`);
    } else {
      const strata = drawn.strata ? ` · ${Object.entries(drawn.strata).map(([name, s]) => `${name} ${s.picks}/${s.lines}`).join(', ')}` : '';
      process.stderr.write(`${client.name}: ${drawn.picks.length} of ${drawn.population.inRange} lines from ${drawn.since} to ${drawn.until} (seed ${drawn.seed})${strata} → ${path.relative(process.cwd(), file)}\n`);
      if (graded) {
        const s = graded.record.summary;
        process.stderr.write(`  graded: ${s.failed} failed, ${s.errored} errored of ${s.total} (run ${graded.record.id})\n`);
      } else process.stderr.write('  not graded: the client has no production assertions (production.assert or the eval sets\' defaults.assert)\n');
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UnusableSample || e instanceof UnmappableLog || e instanceof ModelUnavailableError) return unusable(e.message);
    throw e;
  }
}
