import { promises as fs } from 'fs';
import { configDifferences } from '../analysis/compareRuns';
import { shortDigest } from '../format/numbers';
import { countsAsScore, runFacts } from '../history/runsThatCount';
import { createProvider } from '../providers/factory';
import type { Provider } from '../providers/types';
import { runClientEvalSet, type ClientRunOptions } from '../runner/runClientEvalSet';
import { ModelUnavailableError, sha256, type RunProgress } from '../runner/runEvalSet';
import { readRunRecord } from '../store/readRuns';
import { listRunFiles } from '../store/runLookup';
import type { RunRecord } from '../store/runRecord';
import type { EvalSet } from '../workspace/evalSet';
import type { Client } from '../workspace/loadWorkspace';
import type { Candidate, ModelConfig } from '../workspace/schemas';
import { candidateModel, CandidateError, candidateOverrides, describeCandidate, readCandidatePrompt } from './candidate';
import { newComparisonId, saveComparison } from './comparisonStore';
import { DEFAULT_MARGIN, overallDecision } from './decision';
import { pairSides } from './pairSides';
import { ranConfiguration } from './promote';
import type { ComparisonRecord, SetComparison } from './types';

export type CompareProgress = { side: 'production' | 'candidate'; set: string; event: RunProgress } | { side: 'both'; set: string; message: string };

export interface CompareCandidateOptions extends Pick<ClientRunOptions, 'trigger' | 'signal' | 'log' | 'clock' | 'fetch' | 'maxAnswerChars' | 'retry'> {
  candidate: Candidate;
  /** The sets to compare (default: every set of the client). */
  sets?: readonly EvalSet[];
  /** Overrides `compare.margin` in client.yaml (default 0.02). */
  margin?: number;
  /** Every case this many times on both sides, over the sets' own `repeat`. */
  repeat?: number;
  /** Requests in flight over both sides together (default 4, half each). */
  concurrency?: number;
  /** Run production again even when its latest complete run could be reused. */
  rerunProduction?: boolean;
  apiKey?: string;
  candidateApiKey?: string;
  seed?: number;
  onProgress?: (e: CompareProgress) => void;
}

export interface CompareOutcome {
  record: ComparisonRecord;
  file: string;
  runs: { production: RunRecord; candidate: RunRecord }[];
}

/**
 * Production against a candidate on the same cases, set by set: both sides run at once, so time
 * and server load hit them alike (or production's latest complete run is reused when its model
 * digest, prompt, options and cases are what production would run now), then paired, tested and
 * decided. The candidate's run is recorded with purpose `candidate`, so it never counts as the
 * set's score. The comparison record is saved even when cancelled, over the cases both sides finished.
 */
export async function compareCandidate(client: Client, o: CompareCandidateOptions): Promise<CompareOutcome> {
  const manifest = client.manifest;
  if (!manifest) throw new CandidateError(`${client.manifestFile} has problems; fix them before comparing.`);
  const model = candidateModel(manifest.model, o.candidate);
  if (candidateOverrides(manifest.model, model, o.candidate).length === 0) {
    throw new CandidateError(`The candidate is ${client.name}'s production configuration; give it another model, host, provider, options or system prompt.`);
  }
  const candidatePrompt = o.candidate.systemPrompt ? await readCandidatePrompt(client.dir, o.candidate.systemPrompt) : undefined;
  const productionPrompt = client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8') : '';
  const sets = (o.sets ?? client.evalSets).map((s) => withRepeat(s, o.repeat));
  if (sets.length === 0) throw new CandidateError(`${client.name} has no eval sets to compare.`);
  const margin = o.margin ?? manifest.compare?.margin ?? DEFAULT_MARGIN;

  // Both servers are asked before anything runs: a missing candidate is one message, not a half comparison.
  const factory = { clientDir: client.dir, fetch: o.fetch };
  const candidateProvider = createProvider(model, { ...factory, apiKey: o.candidateApiKey ?? o.apiKey });
  await ask(candidateProvider, 'The candidate', o.signal);
  const productionProvider = createProvider(manifest.model, { ...factory, apiKey: o.apiKey });
  const productionDigest = (await ask(productionProvider, 'Production', o.signal)).digest;

  const startedAt = (o.clock ?? (() => new Date()))();
  const perSide = Math.max(1, Math.ceil((o.concurrency ?? 4) / 2));
  const common = { trigger: o.trigger, signal: o.signal, log: o.log, clock: o.clock, fetch: o.fetch, maxAnswerChars: o.maxAnswerChars, retry: o.retry, concurrency: perSide };
  const results: SetComparison[] = [];
  const runs: CompareOutcome['runs'] = [];
  for (const set of sets) {
    if (o.signal?.aborted) break;
    const reusable = o.rerunProduction ? undefined : await reusableProductionRun(client, set, manifest.model, productionDigest, productionPrompt, startedAt, o.repeat);
    if (reusable) o.onProgress?.({ side: 'both', set: set.name, message: reusable.why });
    const progress = (side: 'production' | 'candidate') => (event: RunProgress) => o.onProgress?.({ side, set: set.name, event });
    const [production, candidate] = await settleBoth(
      reusable ? Promise.resolve({ record: reusable.run }) : runClientEvalSet(client, set, { ...common, apiKey: o.apiKey, purpose: 'production', onProgress: progress('production') }),
      runClientEvalSet(client, set, { ...common, apiKey: o.candidateApiKey ?? o.apiKey, purpose: 'candidate', model, systemPrompt: candidatePrompt, onProgress: progress('candidate') }),
    );
    runs.push({ production: production.record, candidate: candidate.record });
    results.push(pairSides(production.record, candidate.record, { thresholds: manifest.thresholds, margin, reusedProduction: reusable?.why, seed: o.seed }));
  }

  const first = runs[0];
  const record: ComparisonRecord = {
    schemaVersion: 1,
    id: await newComparisonId(client.dir, startedAt, model.name),
    client: { id: client.id, name: client.name },
    createdAt: startedAt.toISOString(),
    status: o.signal?.aborted || results.some((r) => !r.complete) ? 'cancelled' : 'complete',
    margin,
    candidate: describeCandidate(model, candidateProvider.host, o.candidate),
    config: first ? configDifferences(first.production, first.candidate).map((d) => ({ field: d.field, production: d.base, candidate: d.head })) : [],
    sets: results,
    decision: overallDecision(results.map((r) => ({ name: r.evalSet.name, decision: r.decision })), margin),
  };
  return { record, file: await saveComparison(client.dir, record), runs };
}

/** The server is asked for the model first, as a run does; the error names the side. */
async function ask(provider: Provider, side: string, signal?: AbortSignal) {
  const health = await provider.health(signal);
  if (!health.ok || health.modelAvailable === false) {
    const why = health.message ?? `${provider.host} is not answering.`;
    throw new ModelUnavailableError(`${side}: ${why}`, provider.host, health.hint);
  }
  return provider.describeModel(signal).catch(() => ({ name: provider.model, digest: undefined }));
}

/** Both sides to their end (a cancelled run still writes its record), then the first failure, if any. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
  return [x.value, y.value];
}

function withRepeat(set: EvalSet, repeat: number | undefined): EvalSet {
  if (!repeat) return set;
  return { ...set, defaults: { ...set.defaults, repeat }, cases: set.cases.map((c) => ({ ...c, repeat })) };
}

/**
 * The latest production run that is the set's score (started before the comparison), when it is what production would answer
 * now: the same configuration (model name, provider, host, options, system prompt) and digest, every case of the set as it
 * is now, each as many times as it would run. Otherwise production runs again beside the candidate.
 */
async function reusableProductionRun(client: Client, set: EvalSet, model: ModelConfig, digest: string | undefined, prompt: string, before: Date, repeat?: number): Promise<{ run: RunRecord; why: string } | undefined> {
  for (const file of await listRunFiles(client.dir)) {
    const read = await readRunRecord(file);
    // Runs after the comparison's own clock (a back-dated comparison) are not its past.
    if (!read.ok || read.record.evalSet.id !== set.id || !countsAsScore(runFacts(read.record)) || Date.parse(read.record.startedAt) > before.getTime()) continue;
    const run = read.record;
    const ids = new Set(set.cases.map((c) => c.id));
    const sameCases = run.cases.length === ids.size && run.cases.every((c) => ids.has(c.id) && c.attempts.length === (repeat ?? set.cases.find((s) => s.id === c.id)?.repeat ?? set.defaults.repeat ?? 1));
    const same = ranConfiguration(run, model, sha256(prompt)) && !!digest && run.model.digest === digest && sameCases;
    return same ? { run, why: `Production: reused ${run.id}, the latest complete production run (digest ${shortDigest(digest)} and system prompt unchanged), instead of running it again.` } : undefined;
  }
  return undefined;
}
