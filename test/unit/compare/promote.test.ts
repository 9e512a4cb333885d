import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { compareCandidate } from '../../../src/core/compare/compareCandidate';
import { candidateConfig, previousProductionConfig, runsProductionConfig, writeProductionConfig } from '../../../src/core/compare/promote';
import { runClientEvalSet } from '../../../src/core/runner/runClientEvalSet';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

describe('promoting a candidate and rolling back', () => {
  let server: OllamaTestServer;
  let dir: string;
  const manifest = (url: string) => `# Acme's assistant.\nname: Acme\nmodel:\n  name: acme:v1   # the retrained tag goes here\n  host: ${url}\n\n# Keep the bar high.\nthresholds: { passRate: 0.5 }\n`;

  async function client() {
    return (await loadClient(dir, path.join(dir, 'acme'))).client;
  }

  beforeEach(async () => {
    server = await startOllamaServer({ script: { models: ['acme:v1', 'acme:v2'], defaultReply: 'ok' } });
    dir = await tempTree({ 'acme/client.yaml': manifest(server.url), 'acme/system-prompt.md': 'You are Acme.', 'acme/shorter.md': 'You are Acme, briefly.', 'acme/evals/smoke.yaml': setOf(3) });
  });

  afterEach(async () => {
    await server.close();
    await removeTree(dir);
  });

  it("writes the candidate's model into client.yaml keeping every comment and the layout, and its prompt into the prompt file", async () => {
    const { record } = await compareCandidate(await client(), { candidate: { name: 'acme:v2', systemPrompt: 'shorter.md' }, trigger: 'script' });
    const c = await client();
    const change = await writeProductionConfig(c, await candidateConfig(c, record));
    assert.deepStrictEqual(change, { changes: ['model acme:v1 → acme:v2', 'system prompt'], category: 'retrain' });
    const text = await fs.readFile(c.manifestFile, 'utf8');
    assert.strictEqual(text, manifest(server.url).replace('name: acme:v1 ', 'name: acme:v2 '));
    assert.strictEqual(await fs.readFile(c.systemPromptFile!, 'utf8'), 'You are Acme, briefly.');
    // Nothing left to change the second time.
    assert.deepStrictEqual((await writeProductionConfig(await client(), await candidateConfig(c, record))).changes, []);
  });

  it("once promoted, production runs the candidate run's configuration (model and prompt), and no longer the old production run's", async () => {
    const c = await client();
    const production = (await runClientEvalSet(c, c.evalSets[0], { trigger: 'script' })).record;
    const { runs, record } = await compareCandidate(c, { candidate: { name: 'acme:v2', systemPrompt: 'shorter.md' }, trigger: 'script' });
    const candidate = runs[0].candidate;
    assert.deepStrictEqual([await runsProductionConfig(c, production), await runsProductionConfig(c, candidate)], [true, false]);
    // The model alone is not enough: the prompt is part of the configuration.
    await writeProductionConfig(c, { model: { name: 'acme:v2' } });
    assert.strictEqual(await runsProductionConfig(await client(), candidate), false);
    await writeProductionConfig(await client(), await candidateConfig(c, record));
    const promoted = await client();
    assert.deepStrictEqual([await runsProductionConfig(promoted, production), await runsProductionConfig(promoted, candidate)], [false, true]);
  });

  it('a prompt-only candidate is a prompt change and leaves client.yaml byte for byte', async () => {
    const { record } = await compareCandidate(await client(), { candidate: { systemPrompt: 'shorter.md' }, trigger: 'script' });
    const c = await client();
    const before = await fs.readFile(c.manifestFile, 'utf8');
    assert.deepStrictEqual(await writeProductionConfig(c, await candidateConfig(c, record)), { changes: ['system prompt'], category: 'prompt' });
    assert.strictEqual(await fs.readFile(c.manifestFile, 'utf8'), before);
  });

  it('rolls back to what production ran before the current configuration, from the history', async () => {
    const c = await client();
    await runClientEvalSet(c, c.evalSets[0], { trigger: 'script' });
    assert.strictEqual(await previousProductionConfig(c), undefined, 'one configuration only: nothing to roll back to');
    // Promote v2 (no run on it yet): rolling back returns to v1, as production last ran.
    const { record } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    await writeProductionConfig(c, await candidateConfig(c, record));
    const promoted = await client();
    const previous = await previousProductionConfig(promoted);
    assert.strictEqual(previous?.config.model.name, 'acme:v1');
    assert.strictEqual(previous?.config.systemPrompt, undefined, 'the prompt did not change');
    // The candidate's own run (purpose candidate) is never what production "ran".
    assert.notStrictEqual(previous?.run.purpose, 'candidate');
    assert.deepStrictEqual((await writeProductionConfig(promoted, previous!.config)).changes, ['model acme:v2 → acme:v1']);
    assert.strictEqual(await fs.readFile(promoted.manifestFile, 'utf8'), manifest(server.url));
  });
});
