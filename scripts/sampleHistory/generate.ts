// `npm run sample:history`: writes the sample workspace's run history by running the real runner
// against the Ollama-compatible test server, with answers scripted by scenario.ts
// (test/fixtures/sampleAnswers.ts) and the clock set back to each review day. The result is
// illustrative: the models, answers and latencies come from the test server (answer times scaled
// down by --time-scale), not from real models.
import { promises as fs } from 'fs';
import * as path from 'path';
import { createEmbedder, createJudge } from '../../src/core/assertions';
import { createJudgeProvider, createProvider } from '../../src/core/providers';
import { runEvalSet } from '../../src/core/runner/runEvalSet';
import { loadWorkspace, type Client } from '../../src/core/workspace/loadWorkspace';
import { startOllamaServer, type OllamaTestServer } from '../../test/fixtures/ollamaServer';
import { caseRules, judgeRule, SAMPLE_MODELS } from '../../test/fixtures/sampleAnswers';
import { sampleComparison } from './comparison';
import { sampleHealth } from './health';
import { sampleReview } from './review';
import { removeStageRuns } from './stageRuns';
import { runDays, SCENARIOS, type Scenario } from './scenario';

const WORKSPACE = path.join(__dirname, '..', '..', '..', 'sample-workspace');

async function runDay(server: OllamaTestServer, client: Client, scenario: Scenario, day: string, timeScale: number): Promise<string[]> {
  const manifest = client.manifest!;
  const moment = scenario.at(day);
  const current = client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8') : '';
  const systemPrompt = moment.prompt ? moment.prompt(current) : current;
  const model = { ...manifest.model, name: moment.model ?? manifest.model.name, host: server.url };
  const factory = { clientDir: client.dir };
  const judgeProvider = createJudgeProvider({ model, judge: manifest.judge && { ...manifest.judge, host: server.url } }, factory);
  const written: string[] = [];
  let minute = 0;
  for (const set of client.evalSets) {
    if (moment.skip?.includes(set.name)) continue;
    const judgeName = manifest.judge?.name ?? 'llama3.1:8b';
    server.setScript({ models: SAMPLE_MODELS, rules: [judgeRule(judgeName, Object.values(scenario.badAnswer)), ...caseRules(set, scenario, moment, day, timeScale)] });
    // 10:30 in Brisbane is still the same calendar day in UTC, so run ids carry the review day.
    const start = Date.parse(`${day}T00:30:00Z`) + minute++ * 4 * 60_000;
    const realStart = Date.now();
    const outcome = await runEvalSet({
      client: { id: client.id, name: client.name, dir: client.dir },
      set,
      systemPrompt,
      model,
      provider: createProvider(model, factory),
      judge: judgeProvider && createJudge(judgeProvider),
      embedder: judgeProvider && manifest.judge?.embeddings ? createEmbedder(judgeProvider, manifest.judge.embeddings) : undefined,
      judgeInfo: manifest.judge && { name: manifest.judge.name, embeddings: manifest.judge.embeddings },
      trigger: 'script',
      concurrency: 16,
      retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 },
      clock: () => new Date(start + (Date.now() - realStart)),
      onProgress: (e) => void (e.kind === 'case' && moment.outageAfter === e.done && server.refuse()),
    });
    if (moment.outageAfter !== undefined) await server.resume();
    written.push(outcome.file);
  }
  return written;
}

async function main(): Promise<void> {
  const scaleArg = process.argv.indexOf('--time-scale');
  const timeScale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 0.25;
  // --only STAGE regenerates one stage (history, comparison, health) and leaves the others' files alone.
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
  const runs = (stage: string) => !only || only === stage;
  const model = await loadWorkspace([WORKSPACE]);
  // On Ollama's own port when it is free, so the records name the host the manifests do.
  const server = await startOllamaServer({ port: 11434 }).catch(() => startOllamaServer());
  try {
    const historyClients = (runs('history') ? SCENARIOS : []).map((scenario) => {
      const client = model.clients.find((c) => c.name === scenario.client);
      if (!client?.manifest) throw new Error(`no usable client '${scenario.client}' in ${WORKSPACE}`);
      // A set that does not load (dist/ not built, say) would lose its history without a word.
      const broken = client.brokenEvalSets.map((b) => `${b.id}: ${b.problem.message}`);
      if (broken.length) throw new Error(`${client.name} has eval sets that do not load, so no history is remade:\n${broken.join('\n')}`);
      return { scenario, client };
    });
    for (const { scenario, client } of historyClients) {
      await removeStageRuns(client.dir, 'production');
      let files = 0;
      for (const day of runDays()) files += (await runDay(server, client, scenario, day, timeScale)).length;
      console.log(`${client.name}: ${files} runs`);
    }
    const northwind = model.clients.find((c) => c.name === 'Northwind Legal');
    if (runs('comparison') && northwind) console.log(`Northwind Legal: ${await sampleComparison(server, northwind, timeScale)}`);
    const fernhill = model.clients.find((c) => c.name === 'Fernhill Outfitters');
    if (runs('health') && fernhill) console.log(`Fernhill Outfitters: ${await sampleHealth(fernhill)}`);
    if (runs('review') && fernhill) console.log(`Fernhill Outfitters: ${await sampleReview(fernhill)}`);
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
