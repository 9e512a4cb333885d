// The sample-history stage `comparison`: Northwind's v1 → v2 retrain on 12 August 2026 as one
// finished Compare Candidate (CHANGELOG 2026-08-12): v2 tried as the candidate against v1 on
// Intake classification, production's run of 10 August reused (same digest and prompt), so the
// stage writes one candidate run and the comparison record and touches no production history.
import { promises as fs } from 'fs';
import * as path from 'path';
import { compareCandidate } from '../../src/core/compare/compareCandidate';
import { COMPARISONS_DIR } from '../../src/core/compare/comparisonStore';
import type { Client } from '../../src/core/workspace/loadWorkspace';
import type { OllamaTestServer } from '../../test/fixtures/ollamaServer';
import { caseRules, judgeRule, SAMPLE_MODELS } from '../../test/fixtures/sampleAnswers';
import { SCENARIOS } from './scenario';
import { removeStageRuns } from './stageRuns';

const DAY = '2026-08-12';
const SET = 'Intake classification';

export async function sampleComparison(server: OllamaTestServer, client: Client, timeScale: number): Promise<string> {
  const scenario = SCENARIOS.find((s) => s.client === client.name)!;
  const manifest = client.manifest!;
  const set = client.evalSets.find((s) => s.name === SET)!;
  // What this stage wrote before: the comparison records and the candidate runs.
  await fs.rm(path.join(client.dir, COMPARISONS_DIR), { recursive: true, force: true });
  await removeStageRuns(client.dir, 'candidate');
  const judge = manifest.judge && { ...manifest.judge, host: server.url };
  const candidate = scenario.at(DAY);
  server.setScript({
    models: [...SAMPLE_MODELS, ...(judge ? [judge.name] : [])],
    rules: [
      ...(judge ? [judgeRule(judge.name, Object.values(scenario.badAnswer))] : []),
      ...caseRules(set, scenario, candidate, `${DAY}|candidate`, timeScale).map((r) => ({ ...r, model: 'northwind-intake:v2' })),
    ],
  });
  // Production as it was that morning: v1, on the server the sample history ran against.
  const production: Client = { ...client, manifest: { ...manifest, model: { ...manifest.model, name: 'northwind-intake:v1', host: server.url }, judge } };
  const start = Date.parse(`${DAY}T00:10:00Z`);
  const realStart = Date.now();
  const { record, file } = await compareCandidate(production, {
    candidate: { name: 'northwind-intake:v2', host: server.url },
    sets: [set],
    trigger: 'script',
    concurrency: 16,
    retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 },
    clock: () => new Date(start + (Date.now() - realStart)),
  });
  if (!record.sets[0].reusedProduction) throw new Error(`the comparison ran production again instead of reusing its run of ${SET}`);
  return `${path.relative(client.dir, file)}: ${record.decision.outcome}`;
}
