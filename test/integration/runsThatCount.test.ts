import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { runClientEvalSet } from '../../src/core/runner/runClientEvalSet';
import type { RunOutcome } from '../../src/core/runner/runEvalSet';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * Which runs count, as a person sees it in the real VS Code: a candidate run (newer, much worse)
 * and an outage (the server stops answering mid-run) never become the set's score in the tree
 * or the dashboard. A client of its own, against the Ollama-compatible test server.
 */
const CLIENT_ID = 'clients/zz-runs-count';
const MODEL = 'count:v1';
const CASES = ['ice', 'burn', 'cut', 'sting'];
const SET = `name: Safety
cases:
${CASES.map((id) => `  - id: ${id}\n    input: What do I do about a ${id}?\n    assert: [{ type: icontains, value: doctor }]`).join('\n')}
`;
const GOOD = { models: [MODEL], rules: [], defaultReply: 'See a doctor if it gets worse.' };

describe('Runs that count in VS Code', () => {
  let server: OllamaTestServer;
  let dir: string;
  let setFile: string;

  async function setItem(): Promise<vscode.TreeItem> {
    const { clientsTree } = await upkeep();
    const client = (await clientsTree.getChildren()).find((n) => n.client.id === CLIENT_ID)!;
    const sets = (await clientsTree.getChildren(client)).find((n) => n.kind === 'evalSets')!;
    const node = (await clientsTree.getChildren(sets)).find((n) => n.kind === 'evalSet' && n.set.name === 'Safety')!;
    return clientsTree.getTreeItem(node);
  }

  /** What the tree and the dashboard say of the set: the figures a candidate or an outage must not move. */
  async function figures() {
    const { ctx, history } = await upkeep();
    await history.sync();
    const d = await history.dashboard(ctx.client(CLIENT_ID)!);
    const set = d.sets.find((s) => s.name === 'Safety')!;
    const row = history.row(CLIENT_ID)!;
    return {
      tree: String((await setItem()).description),
      series: set.series.map((p) => [p.runId, p.passRate]),
      latest: set.latest?.runId,
      drift: set.drift.status,
      health: d.health,
      breaches: d.breaches.length,
      overview: [row.health, row.breaches, row.trend],
    };
  }

  async function runFiles(): Promise<number> {
    return (await fs.readdir(path.join(dir, 'runs'))).filter((f) => f.endsWith('.json')).length;
  }

  before(async function () {
    this.timeout(60000);
    server = await startOllamaServer({ script: GOOD });
    dir = path.join(workspaceDir(), CLIENT_ID);
    setFile = path.join(dir, 'evals', 'safety.yaml');
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You give first-aid advice.');
    await fs.writeFile(setFile, SET);
    await fs.writeFile(
      path.join(dir, 'client.yaml'),
      `name: Runs Count\nmodel:\n  provider: ollama\n  host: ${server.url}\n  name: ${MODEL}\n  timeoutMs: 1000\nthresholds:\n  passRate: 0.9\n`,
    );
    const { ctx } = await upkeep();
    await waitFor('the client to load', () => ctx.client(CLIENT_ID)?.evalSets.length === 1);
    for (let i = 0; i < 2; i++) {
      const outcome = await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', setFile);
      assert.strictEqual(outcome.record.summary.passRate, 1);
    }
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.close();
    await fs.rm(dir, { recursive: true, force: true });
    await (await upkeep()).ctx.reload();
  });

  it('a candidate run, newer and much worse, changes neither the tree nor the dashboard', async () => {
    const before = await figures();
    assert.strictEqual(before.tree, '4 cases · pass 100% (4/4) → · score 1.00');
    assert.strictEqual(before.health, 'ok');

    // A candidate: the same set against another model that gets every case wrong.
    server.setScript({ models: [MODEL, 'candidate:v2'], rules: [], defaultReply: 'Walk it off.' });
    const { ctx, history } = await upkeep();
    const client = ctx.client(CLIENT_ID)!;
    const candidate = { ...client, manifest: { ...client.manifest!, model: { ...client.manifest!.model, name: 'candidate:v2' } } };
    const { record } = await runClientEvalSet(candidate, client.evalSets[0], { trigger: 'script', purpose: 'candidate' });
    assert.strictEqual(record.purpose, 'candidate');
    assert.strictEqual(record.summary.passRate, 0);
    await waitFor('the candidate run to load', async () => (await ctx.reload()).clients.find((c) => c.id === CLIENT_ID)?.runFiles.length === 3);

    assert.deepStrictEqual(await figures(), before);
    const d = await history.dashboard(ctx.client(CLIENT_ID)!);
    const listed = d.recentRuns.find((r) => r.runId === record.id);
    assert.ok(listed, 'the candidate is listed among the recent runs');
    assert.strictEqual(listed.purpose, 'candidate');
    assert.deepStrictEqual(listed.breaches, [], 'a candidate is not judged against the thresholds');
    server.setScript(GOOD);
  });

  it('an outage (the server stops answering mid-run) never becomes the score: the tree says what it was', async () => {
    const before = await figures();
    const count = await runFiles();
    // Every chat request hangs: each case times out (1 s, retried once) and the run stops after three.
    // The time-out also bounds every answer of the good runs, so it is a second, not 300 ms that a
    // loaded machine's round trip could miss.
    server.setFaults({ hang: {}, paths: ['/api/chat'] });
    let outcome: RunOutcome;
    try {
      outcome = await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', setFile);
    } finally {
      server.clearFaults();
    }
    assert.strictEqual(outcome.record.status, 'interrupted', outcome.record.stopReason);
    assert.match(outcome.record.stopReason ?? '', /stopped answering/);
    const errored = outcome.record.summary.errored;
    assert.ok(errored >= 3);
    await waitFor('the outage record to load', async () => (await upkeep()).ctx.client(CLIENT_ID)?.runFiles.length === count + 1);

    const after = await figures();
    const outage = `outage: ${errored} of ${outcome.record.summary.total} errored`;
    assert.strictEqual(after.tree, `${before.tree} · ${outage}`, 'the last real score stays, the outage beside it');
    assert.doesNotMatch(after.tree, /↓/);
    const tooltip = (await setItem()).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString && /stopped(&nbsp;| )answering/.test(tooltip.value), 'the tooltip gives the stop reason');
    assert.deepStrictEqual({ ...after, tree: before.tree }, before, 'the dashboard, drift and overview are unchanged');

    const { ctx, history, dashboard } = await upkeep();
    const d = await history.dashboard(ctx.client(CLIENT_ID)!);
    assert.strictEqual(d.sets[0].stopped?.runId, outcome.record.id, 'the dashboard shows the outage beside the score');
    await dashboard.showClient(CLIENT_ID);
    // What was posted to the dashboard's view, as its front end received it.
    const sent = await waitFor('the dashboard to be posted', () =>
      dashboard.lastPosted?.method === 'showClient' && dashboard.lastPosted.params.dashboard.client.id === CLIENT_ID ? dashboard.lastPosted.params.dashboard : undefined,
    );
    assert.strictEqual(sent.sets[0].stopped?.runId, outcome.record.id);
    assert.strictEqual(sent.sets[0].latest?.runId, before.latest);
    assert.strictEqual(sent.recentRuns[0].runId, outcome.record.id);
    assert.deepStrictEqual(sent.recentRuns[0].breaches, [], 'an outage is not judged against the thresholds');
  });

  it('"Compare with previous" after a one-case re-run compares with the last earlier run that ran the case, not the outage or the candidate', async () => {
    const { ctx, results } = await upkeep();
    const files = ctx.client(CLIENT_ID)!.runFiles.map((f) => path.basename(f, '.json'));
    // Newest first: the outage, the candidate, then the two production runs.
    const lastGood = await waitFor('the last production run', async () => {
      for (const id of files) {
        const r = JSON.parse(await fs.readFile(path.join(dir, 'runs', `${id}.json`), 'utf8'));
        if (r.status === 'complete' && r.purpose === 'production') return id;
      }
      return undefined;
    });
    assert.notStrictEqual(files[0], lastGood, 'newer runs than the last production run exist');

    await vscode.workspace.openTextDocument(vscode.Uri.file(setFile));
    await vscode.commands.executeCommand('upkeep.runCase', setFile, 'ice');
    const rerun = await waitFor('the re-run to load', () => {
      const newest = ctx.client(CLIENT_ID)!.runFiles[0];
      return path.basename(newest, '.json') !== files[0] ? newest : undefined;
    });

    // CodeLens over the case: the re-run beside the last production run that ran it.
    const compare = await waitFor('Compare with previous on the case', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(setFile))) ?? [];
      const lens = lenses.find((l) => l.command?.command === 'upkeep.compareCaseWithPrevious' && l.command.arguments?.[2] === 'ice');
      return lens?.command?.arguments?.[1] === rerun ? lens.command.arguments : undefined;
    });
    assert.strictEqual(path.basename(String(compare[0]), '.json'), lastGood);

    // The results view of the re-run: compared with the same run.
    await results.runs.showRun(rerun);
    const shown = results.runs.current;
    assert.ok(shown?.kind === 'run');
    assert.strictEqual(shown.view.comparedWith?.kind, 'previous');
    assert.strictEqual(shown.view.comparedWith?.id, lastGood);
  });
});
