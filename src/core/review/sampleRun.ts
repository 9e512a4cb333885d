import * as path from 'path';
import { eachAssertion, parseAssertionType } from '../assertions/catalogue';
import { ReplayProvider } from '../providers/replay';
import { runClientEvalSet, type ClientRunOptions } from '../runner/runClientEvalSet';
import type { RunOutcome } from '../runner/runEvalSet';
import type { RunRecord } from '../store/runRecord';
import type { EvalSet } from '../workspace/evalSet';
import type { Client } from '../workspace/loadWorkspace';
import { START_OF_FILE } from '../workspace/problems';
import type { Assertion } from '../workspace/schemas';
import { toPosix } from '../workspace/paths';
import { sampleFile } from './reviewFiles';
import { pickId, type StoredSample } from './sampleStore';
import type { SamplePick } from './sample';

/** Types that compare with an expected answer when they have no value: a production line has none. */
const NEED_EXPECTED = new Set(['levenshtein', 'similar', 'bleu', 'gleu', 'rouge-n']);

function needsExpected(a: Assertion): boolean {
  const base = parseAssertionType(a.type)?.base;
  return base !== undefined && NEED_EXPECTED.has(base) && a.value === undefined && [...eachAssertion([a])].length === 1;
}

/**
 * The assertions every sampled answer is graded with: client.yaml's `production.assert`, or else
 * the eval sets' `defaults.assert` (each once) without those that need an expected answer.
 */
export function productionAssertions(client: Client): Assertion[] {
  const configured = client.manifest?.production?.assert;
  if (configured) return configured;
  const seen = new Set<string>();
  const found: Assertion[] = [];
  for (const set of client.evalSets) {
    for (const a of set.defaults.assert) {
      const key = JSON.stringify(a);
      if (seen.has(key) || needsExpected(a)) continue;
      seen.add(key);
      found.push(a);
    }
  }
  return found;
}

/** The sample as an eval set whose cases are the picks, graded by `assertions`. */
export function sampleEvalSet(client: Client, month: string, picks: readonly SamplePick[], assertions: Assertion[]): EvalSet {
  const file = sampleFile(client.dir, month);
  return {
    id: toPosix(path.relative(client.dir, file)),
    file,
    name: `Production sample ${month}`,
    format: 'jsonl',
    defaults: { assert: assertions },
    cases: picks.map((p) => ({
      id: pickId(p),
      input: p.input,
      ...(p.stratum !== undefined ? { tags: [p.stratum] } : {}),
      range: START_OF_FILE,
    })),
    declaredCases: picks.length,
  };
}

/** The picks as a replay transcript, so the runner grades the recorded answers and asks no model. */
export function sampleTranscript(picks: readonly SamplePick[]): string {
  return picks.map((p) => JSON.stringify({ input: p.input, output: p.output, ...(p.latencyMs !== undefined ? { latencyMs: p.latencyMs } : {}) })).join('\n');
}

/**
 * Grades the sample's recorded answers with the production assertions as a `sample` run (never a
 * score of any eval set), or returns undefined when the client has no assertions to grade with.
 */
export async function gradeSample(client: Client, sample: StoredSample, o: Omit<ClientRunOptions, 'purpose' | 'provider'>): Promise<RunOutcome | undefined> {
  const assertions = productionAssertions(client);
  if (assertions.length === 0 || sample.picks.length === 0 || !client.manifest) return undefined;
  const set = sampleEvalSet(client, sample.month, sample.picks, assertions);
  const provider = new ReplayProvider({ transcriptPath: set.file, model: client.manifest.model.name, text: sampleTranscript(sample.picks), label: set.id });
  return runClientEvalSet(client, set, { ...o, purpose: 'sample', provider });
}

/** The automatic grade of each pick by case id, from the sample run's record. */
export function gradesById(record: RunRecord | undefined): Map<string, RunRecord['cases'][number]> {
  return new Map((record?.cases ?? []).map((c) => [c.id, c]));
}
