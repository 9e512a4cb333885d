import * as path from 'path';
import { CandidateError } from '../core/compare/candidate';
import { compareCandidate } from '../core/compare/compareCandidate';
import type { SetComparison } from '../core/compare/types';
import { plural, signed } from '../core/format/numbers';
import { formatP } from '../core/analysis/mcnemar';
import { ModelUnavailableError, RunNotSaved } from '../core/runner/runEvalSet';
import { loadClient } from '../core/workspace/loadWorkspace';
import type { Candidate } from '../core/workspace/schemas';
import { parseArgs, positiveInt, UsageError } from './args';
import { EXIT } from './exitCodes';
import { printProblems } from './printProblems';
import { notAClientFolder } from './run';
import { setsNamed } from './runOneSet';

const PROVIDERS = ['ollama', 'openai'] as const;

/**
 * `upkeep compare <clientDir> --candidate MODEL [--candidate-host URL] [--candidate-provider ollama|openai]
 * [--candidate-prompt FILE] [--set NAME] [--repeat N] [--json]`: production against the candidate
 * on the same cases. Exit 0 promote, 1 reject or inconclusive, 2 unusable input or an unreachable model.
 */
export async function compare(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['candidate', 'candidate-host', 'candidate-provider', 'candidate-prompt', 'set', 'repeat', 'concurrency'], ['json']);
  if (positionals.length !== 1) throw new UsageError('compare takes one client folder');
  const provider = options.get('candidate-provider');
  if (provider !== undefined && !PROVIDERS.includes(provider as (typeof PROVIDERS)[number])) throw new UsageError('--candidate-provider is ollama or openai');
  const dir = path.resolve(positionals[0]);
  const missing = await notAClientFolder(dir);
  if (missing) return unusable(missing);
  const { client, problems } = await loadClient(path.dirname(dir), dir);
  printProblems(problems);
  if (!client.manifest || problems.some((p) => p.severity === 'error' && p.file === client.manifestFile)) return unusable(`${client.manifestFile} is not usable; fix the problems above.`);

  const given: Candidate = {
    ...(typeof options.get('candidate') === 'string' ? { name: options.get('candidate') as string } : {}),
    ...(typeof options.get('candidate-host') === 'string' ? { host: options.get('candidate-host') as string } : {}),
    ...(provider ? { provider: provider as Candidate['provider'] } : {}),
    ...(typeof options.get('candidate-prompt') === 'string' ? { systemPrompt: options.get('candidate-prompt') as string } : {}),
  };
  // Without flags, the candidate client.yaml names under compare.candidate.
  const candidate = Object.keys(given).length ? given : client.manifest.compare?.candidate;
  if (!candidate) throw new UsageError(`give --candidate MODEL (or --candidate-prompt FILE), or set compare.candidate in ${path.relative(process.cwd(), client.manifestFile)}`);
  const wanted = options.get('set');
  const sets = setsNamed(client.evalSets, wanted);
  if (sets.length === 0) return unusable(typeof wanted === 'string' ? `${client.name} has no eval set '${wanted}' (has: ${client.evalSets.map((s) => s.name).join(', ')})` : `${client.name} has no eval sets`);

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const apiKeyEnv = client.manifest.model.apiKeyEnv;
  try {
    const { record, file } = await compareCandidate(client, {
      candidate,
      sets,
      trigger: 'cli',
      signal: controller.signal,
      repeat: positiveInt(options.get('repeat'), 'repeat'),
      concurrency: positiveInt(options.get('concurrency'), 'concurrency'),
      apiKey: apiKeyEnv ? process.env[apiKeyEnv] : undefined,
      onProgress: (e) => {
        if (e.side === 'both') process.stderr.write(`${e.set}: ${e.message}\n`);
        else if (e.event.kind === 'started') process.stderr.write(`${e.set}: ${e.side}, ${e.event.total} cases\n`);
        else if (e.event.kind === 'notice') process.stderr.write(`upkeep: ${e.event.message}\n`);
      },
    });
    if (options.get('json')) {
      process.stdout.write(
        JSON.stringify(
          {
            comparison: record.id,
            file: path.relative(process.cwd(), file),
            status: record.status,
            candidate: record.candidate,
            decision: record.decision.outcome,
            rule: record.decision.rule,
            sets: record.sets.map(jsonOfSet),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      for (const s of record.sets) process.stdout.write(describeSet(s));
      process.stdout.write(`Decision: ${record.decision.outcome}. ${record.decision.rule}\n`);
    }
    process.stderr.write(`comparison → ${path.relative(process.cwd(), file)}\n`);
    if (controller.signal.aborted) return EXIT.unusable;
    return record.decision.outcome === 'promote' ? EXIT.ok : EXIT.breach;
  } catch (e) {
    if (e instanceof ModelUnavailableError) return unusable(`${e.message}${e.hint ? `\n  ${e.hint}` : ''}`);
    if (e instanceof CandidateError || e instanceof RunNotSaved) return unusable(e.message);
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function unusable(message: string): number {
  process.stderr.write(`upkeep: ${message}\n`);
  return EXIT.unusable;
}

function jsonOfSet(s: SetComparison) {
  return {
    evalSet: s.evalSet.name,
    productionRun: s.production.runId,
    candidateRun: s.candidate.runId,
    ...(s.reusedProduction ? { reusedProduction: s.reusedProduction } : {}),
    wins: s.counts.wins,
    losses: s.counts.losses,
    bothPass: s.counts.bothPass,
    bothFail: s.counts.bothFail,
    candidateErrored: s.candidateErrored,
    pValue: s.mcnemar.pValue,
    midPValue: s.mcnemar.midPValue,
    interval: { mean: s.interval.mean, low: s.interval.low, high: s.interval.high, level: s.interval.level, method: s.interval.method },
    deltas: s.deltas,
    decision: s.decision.outcome,
    reasons: s.decision.reasons,
    ...(s.decision.moreCases !== undefined ? { moreCases: s.decision.moreCases } : {}),
  };
}

function describeSet(s: SetComparison): string {
  const c = s.counts;
  const lines = [
    `${s.evalSet.name}: ${plural(c.wins, 'win')}, ${plural(c.losses, 'loss', 'losses')}, ${c.bothPass} both pass, ${c.bothFail} both fail${s.candidateErrored ? ` (${s.candidateErrored} errored on the candidate)` : ''}`,
    `  exact McNemar ${formatP(s.mcnemar.pValue)} (mid-p ${formatP(s.mcnemar.midPValue).replace('p = ', '')}) · score difference ${signed(s.interval.mean, 3)}, 95% interval ${signed(s.interval.low, 3)} to ${signed(s.interval.high, 3)}`,
    `  latency p50 ${delta(s.deltas.latencyP50Ms)} · p95 ${delta(s.deltas.latencyP95Ms)} · tokens ${signed(s.deltas.promptTokens, 0)} prompt, ${signed(s.deltas.completionTokens, 0)} completion`,
    ...(s.reusedProduction ? [`  ${s.reusedProduction}`] : []),
    `  ${s.decision.outcome}: ${s.decision.reasons.join(' ')}`,
  ];
  return lines.join('\n') + '\n';
}

function delta(x: number | undefined): string {
  return x === undefined ? 'unknown' : `${signed(x, 0)} ms`;
}

