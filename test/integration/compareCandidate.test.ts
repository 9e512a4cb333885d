import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CompareOutcome } from '../../src/core/compare/compareCandidate';
import type { Promoted } from '../../src/extension/commands/promoteCandidate';
import { comparisonDetailSchema } from '../../src/protocol/results';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { removeTestClient, runSetOnce, upkeep, waitFor, workspaceDir } from './helpers';

/**
 * Compare Candidate in the real VS Code, against the test server serving two models that answer
 * differently: production (triage:v1) misses "burn" and "sting", the candidate (triage:v2) misses
 * "cut". So the comparison must find exactly the wins burn and sting and the loss cut, the view
 * must show them, and the candidate's run must leave the tree, the dashboard and drift alone.
 */
const CLIENT_ID = 'clients/zz-compare-candidate';
const CASES = ['ice', 'burn', 'cut', 'sting', 'bite'];
const SET = `name: Triage
cases:
${CASES.map((id) => `  - id: ${id}\n    input: What do I do about a ${id}?\n    assert: [{ type: icontains, value: doctor }]\n    tags: [first-aid]`).join('\n')}
`;
const wrong = (model: string, id: string) => ({ model, match: `What do I do about a ${id}?`, reply: 'Walk it off.' });
const SCRIPT = {
  models: ['triage:v1', 'triage:v2'],
  rules: [wrong('triage:v1', 'burn'), wrong('triage:v1', 'sting'), wrong('triage:v2', 'cut')],
  defaultReply: 'See a doctor if it gets worse.',
};
const MANIFEST = (url: string) => `# The triage assistant: keep this comment.
name: Compare Candidate
model:
  provider: ollama
  host: ${url}   # the clinic's server
  name: triage:v1
thresholds:
  passRate: 0.5
`;

describe('Compare Candidate in VS Code', () => {
  let server: OllamaTestServer;
  let dir: string;
  let outcome: CompareOutcome;
  let productionRun: string;

  async function setItem(): Promise<vscode.TreeItem> {
    const { clientsTree } = await upkeep();
    const client = (await clientsTree.getChildren()).find((n) => n.client.id === CLIENT_ID)!;
    const sets = (await clientsTree.getChildren(client)).find((n) => n.kind === 'evalSets')!;
    const node = (await clientsTree.getChildren(sets)).find((n) => n.kind === 'evalSet' && n.set.name === 'Triage')!;
    return clientsTree.getTreeItem(node);
  }

  /** The tree's score, the dashboard's series and latest run, and drift: what a candidate must not move. */
  async function figures() {
    const { ctx, history } = await upkeep();
    await history.sync();
    const d = await history.dashboard(ctx.client(CLIENT_ID)!);
    const set = d.sets.find((s) => s.name === 'Triage')!;
    return { tree: String((await setItem()).description), series: set.series.map((p) => [p.runId, p.passRate]), latest: set.latest?.runId, drift: set.drift.status, health: d.health };
  }

  before(async function () {
    this.timeout(60000);
    server = await startOllamaServer({ script: SCRIPT });
    dir = path.join(workspaceDir(), CLIENT_ID);
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You give first-aid advice.');
    await fs.writeFile(path.join(dir, 'evals', 'triage.yaml'), SET);
    await fs.writeFile(path.join(dir, 'client.yaml'), MANIFEST(server.url));
    const { ctx } = await upkeep();
    await waitFor('the client to load', () => ctx.client(CLIENT_ID)?.evalSets.length === 1);
    // A production run to reuse: its digest and prompt are unchanged, so only the candidate runs.
    const run = await runSetOnce(CLIENT_ID, path.join(dir, 'evals', 'triage.yaml'));
    assert.strictEqual(run.record.summary.passed, 3);
    productionRun = path.join(dir, 'runs', `${run.record.id}.json`);
  });

  after(async () => {
    await server.close();
    await removeTestClient(dir);
  });

  it('finds exactly the wins and losses the script implies, and the candidate run moves neither the tree, the dashboard nor drift', async () => {
    const before = await figures();
    assert.strictEqual(before.tree, '5 cases · pass 60% (3/5) · score 0.60');
    outcome = await vscode.commands.executeCommand<CompareOutcome>('upkeep.compareCandidate', CLIENT_ID, { name: 'triage:v2' });
    assert.ok(outcome, 'the comparison ran');
    const set = outcome.record.sets[0];
    assert.deepStrictEqual(set.counts, { wins: 2, losses: 1, bothPass: 2, bothFail: 0, unpaired: 0 });
    assert.deepStrictEqual(set.pairs.filter((p) => p.outcome === 'win').map((p) => p.id), ['burn', 'sting']);
    assert.deepStrictEqual(set.pairs.filter((p) => p.outcome === 'loss').map((p) => p.id), ['cut']);
    assert.match(set.reusedProduction ?? '', /^Production: reused /);
    assert.strictEqual(outcome.runs[0].candidate.purpose, 'candidate');
    assert.ok((await fs.readdir(path.join(dir, 'comparisons'))).includes(path.basename(outcome.file)));

    const { ctx } = await upkeep();
    await waitFor('the candidate run to load', async () => (await ctx.reload()).clients.find((c) => c.id === CLIENT_ID)?.runFiles.length === 2);
    assert.deepStrictEqual(await figures(), before);
  });

  it('the comparison view shows the decision, the wins and losses, and each case side by side with the word diff', async () => {
    const { candidate } = await upkeep();
    await waitFor('the candidate view to say ready', () => candidate.isLoaded, 30000);
    const shown = candidate.current!;
    assert.strictEqual(shown.file, outcome.file);
    assert.strictEqual(shown.view.record.decision.outcome, outcome.record.decision.outcome);
    assert.deepStrictEqual(shown.view.tags.burn, ['first-aid']);
    assert.ok(candidate.outgoing.includes('notification showComparison'));
    const setId = shown.record.sets[0].evalSet.id;
    const received = await candidate.dispatch({ type: 'request', id: 9001, method: 'caseDetail', params: { setId, caseId: 'burn' } });
    assert.ok(received.ok && received.reply?.type === 'response', JSON.stringify(received));
    const detail = comparisonDetailSchema.parse(received.reply.result);
    assert.deepStrictEqual([detail.base, detail.head], ['Walk it off.', 'See a doctor if it gets worse.']);
    assert.ok(detail.diff?.segments.some((s) => s.kind === 'added'));
    // Messages that do not fit the protocol are dropped, never handled.
    const bad = await candidate.dispatch({ type: 'request', id: 9002, method: 'caseDetail', params: { setId, caseId: 'burn', extra: 1 } });
    assert.strictEqual(bad.ok, false);
  });

  it('Promote rewrites client.yaml keeping its comments and logs a retrain entry; Roll Back restores it, logged too', async () => {
    const manifest = path.join(dir, 'client.yaml');
    const before = await fs.readFile(manifest, 'utf8');
    const promoted = await vscode.commands.executeCommand<Promoted>('upkeep.promoteCandidate', outcome.file, { hours: 1.5, confirm: true, pinBaseline: false });
    assert.deepStrictEqual(promoted, { changes: ['model triage:v1 → triage:v2'], category: 'retrain' });
    assert.strictEqual(await fs.readFile(manifest, 'utf8'), before.replace('name: triage:v1', 'name: triage:v2'));
    const changelog = await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^## \d{4}-\d{2}-\d{2} · retrain · 1\.5 h · Promoted triage:v2$/m);
    const { ctx } = await upkeep();
    await waitFor('the promoted model to load', () => ctx.client(CLIENT_ID)?.manifest?.model.name === 'triage:v2');

    const rolled = await vscode.commands.executeCommand<{ changes: string[] }>('upkeep.rollBack', CLIENT_ID, { hours: 0.25, confirm: true });
    assert.deepStrictEqual(rolled?.changes, ['model triage:v2 → triage:v1']);
    assert.strictEqual(await fs.readFile(manifest, 'utf8'), before);
    assert.match(await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8'), /^## \d{4}-\d{2}-\d{2} · retrain · 0\.25 h · Rolled back to triage:v1$/m);
    await waitFor('the rolled-back model to load', () => ctx.client(CLIENT_ID)?.manifest?.model.name === 'triage:v1');
  });

  it("Promote's offer pins the candidate's run as the baseline, which the results view then compares with; the tree, the dashboard and drift stay production's", async () => {
    const candidateRun = outcome.runs[0].candidate;
    const setId = candidateRun.evalSet.id;
    const { ctx, results } = await upkeep();
    // Before the promotion production does not run its configuration: Pin as Baseline refuses it.
    const refused = await vscode.commands.executeCommand('upkeep.pinBaseline', path.join(dir, 'runs', `${candidateRun.id}.json`));
    assert.strictEqual(refused, undefined);
    await assert.rejects(fs.access(path.join(dir, 'baselines.json')), 'nothing pinned');
    const before = await figures();

    const promoted = await vscode.commands.executeCommand<Promoted>('upkeep.promoteCandidate', outcome.file, { hours: 0.5, confirm: true, pinBaseline: true });
    assert.deepStrictEqual(promoted?.pinned, [{ evalSetId: setId, runId: candidateRun.id }]);
    const pins = JSON.parse(await fs.readFile(path.join(dir, 'baselines.json'), 'utf8'));
    assert.strictEqual(pins.baselines[setId].runId, candidateRun.id);
    await waitFor('the pin to load', async () => (await ctx.reload()).clients.find((c) => c.id === CLIENT_ID)?.baselines[setId] === candidateRun.id);

    // "Compare with baseline": production's run is compared with the pinned candidate run.
    const view = await results.runs.showRun(productionRun);
    assert.strictEqual(view.comparedWith?.kind, 'baseline');
    assert.strictEqual(view.comparedWith?.id, candidateRun.id);
    assert.deepStrictEqual(view.cases.filter((c) => c.change === 'regressed').map((c) => c.id), ['burn', 'sting'], 'v1 misses what the baseline (v2) passed');
    assert.deepStrictEqual(await figures(), before);

    // Back to v1 for the test below, and no pin left behind.
    await vscode.commands.executeCommand('upkeep.rollBack', CLIENT_ID, { hours: 0.25, confirm: true });
    await vscode.commands.executeCommand('upkeep.unpinBaseline', productionRun);
    await waitFor('the rolled-back model to load', () => ctx.client(CLIENT_ID)?.manifest?.model.name === 'triage:v1');
  });

  it('a comparison written under an older id of its client (as the CLI wrote them before it shared the id rule) still promotes', async () => {
    const record = JSON.parse(await fs.readFile(outcome.file, 'utf8')) as { id: string; client: { id: string } };
    const olderId = path.basename(CLIENT_ID);
    const file = path.join(path.dirname(outcome.file), `${record.id}-older.json`);
    await fs.writeFile(file, JSON.stringify({ ...record, id: `${record.id}-older`, client: { ...record.client, id: olderId } }));
    const { ctx } = await upkeep();
    try {
      assert.strictEqual(ctx.client(olderId), undefined, 'no loaded client has the older id');
      const promoted = await vscode.commands.executeCommand<Promoted>('upkeep.promoteCandidate', file, { hours: 0.25, confirm: true, pinBaseline: false });
      assert.deepStrictEqual(promoted, { changes: ['model triage:v1 → triage:v2'], category: 'retrain' }, 'the client is the one whose folder holds the record');
      await waitFor('the promoted model to load', () => ctx.client(CLIENT_ID)?.manifest?.model.name === 'triage:v2');
    } finally {
      await fs.rm(file, { force: true });
      await vscode.commands.executeCommand('upkeep.rollBack', CLIENT_ID, { hours: 0.25, confirm: true });
      await waitFor('the rolled-back model to load', () => ctx.client(CLIENT_ID)?.manifest?.model.name === 'triage:v1');
    }
  });

  it('a candidate its server does not have is one message before anything runs', async () => {
    const { ctx } = await upkeep();
    const runs = ctx.client(CLIENT_ID)!.runFiles.length;
    const chats = server.requests.filter((r) => r.path === '/api/chat').length;
    const result = await vscode.commands.executeCommand<CompareOutcome | undefined>('upkeep.compareCandidate', CLIENT_ID, { name: 'triage:v9' });
    assert.strictEqual(result, undefined);
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, chats);
    assert.strictEqual((await ctx.reload()).clients.find((c) => c.id === CLIENT_ID)!.runFiles.length, runs);
  });
});
