// Run Every Client on the sample workspace: every set of every client through the one run path,
// one set at a time per server and servers side by side, a summary of the breaches, and Cancel.
// Acme Dental and Northwind Legal share one test server, Fernhill Outfitters has another; both
// answer with the sample history's answers (the demo model server's), so the breaches are real.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Client } from '../../src/core/workspace/loadWorkspace';
import type { EveryClientOutcome } from '../../src/extension/commands/runEveryClient';
import { startOllamaServer, type OllamaTestServer, type Script } from '../fixtures/ollamaServer';
import { sampleScript } from '../fixtures/sampleAnswers';
import { upkeep, waitFor, workspaceDir } from './helpers';

const SHARED = ['clients/acme-dental', 'clients/northwind-legal'];
const OWN = 'clients/fernhill-outfitters';

describe('Run Every Client', () => {
  let shared: OllamaTestServer;
  let own: OllamaTestServer;
  /** What both servers answer: the sample history's answers. */
  let answers: Script;
  const manifests = new Map<string, string>();
  const written: string[] = [];

  /** The client's run records; none yet for a client that never ran (it has no runs/ folder). */
  async function runFiles(client: string): Promise<string[]> {
    const files = await fs.readdir(path.join(workspaceDir(), client, 'runs')).catch(() => []);
    return files.filter((f) => f.endsWith('.json')).sort();
  }

  /** The clients this suite pointed at its servers (other suites may have added clients of their own). */
  async function usableClients(): Promise<Client[]> {
    const { ctx } = await upkeep();
    return (await ctx.ready()).clients.filter((c) => c.manifest && c.evalSets.length > 0 && manifests.has(c.manifestFile));
  }

  /** Runs the command and remembers the records it wrote, so that `after` can take them away again. */
  async function runEveryClient(token?: vscode.CancellationToken): Promise<EveryClientOutcome> {
    const result = await vscode.commands.executeCommand<EveryClientOutcome>('upkeep.runEveryClient', token);
    assert.ok(result, 'the command returned nothing');
    written.push(...result.outcomes.map((o) => o.file));
    return result;
  }

  before(async () => {
    const { ctx } = await upkeep();
    const clients = (await ctx.ready()).clients;
    // Every client's model on a test server, so no set waits on a port nobody listens on.
    const models = clients.flatMap((c) => [c.manifest?.model.name, c.manifest?.judge?.name, c.manifest?.judge?.embeddings]).filter((m): m is string => !!m);
    answers = sampleScript(clients, new Date().toISOString().slice(0, 10), 0.02);
    answers.models = [...new Set([...(answers.models ?? []), ...models])];
    shared = await startOllamaServer({ script: answers });
    own = await startOllamaServer({ script: answers });
    for (const client of clients) {
      const text = await fs.readFile(client.manifestFile, 'utf8');
      const url = client.id === OWN ? own.url : shared.url;
      const redirected = text.replace(/(host:\s*["']?)http:\/\/(127\.0\.0\.1|localhost):\d+/g, `$1${url}`);
      if (redirected === text) continue;
      manifests.set(client.manifestFile, text);
      await fs.writeFile(client.manifestFile, redirected);
    }
    await waitFor('the sample clients to talk to a test server', async () =>
      (await ctx.reload()).clients.every((c) => !manifests.has(c.manifestFile) || !c.manifest || c.manifest.model.host?.startsWith(c.id === OWN ? own.url : shared.url)),
    );
  });

  after(async () => {
    for (const [file, text] of manifests) await fs.writeFile(file, text);
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    const { ctx } = await upkeep();
    await ctx.reload();
    await Promise.all([shared?.close(), own?.close()]);
  });

  it('writes one record per set of every client, one set at a time per server, and sums up the breaches', async () => {
    const clients = await usableClients();
    const before = new Map(await Promise.all(clients.map(async (c) => [c.id, await runFiles(c.id)] as const)));
    shared.clearRequests();
    own.clearRequests();

    const result = await runEveryClient();

    assert.strictEqual(result.cancelled, false);
    const ours = new Set(clients.map((c) => c.name));
    assert.deepStrictEqual(result.notRun.filter((n) => ours.has(n.client)), []);
    for (const client of clients) {
      const added = (await runFiles(client.id)).filter((f) => !before.get(client.id)!.includes(f));
      const records = await Promise.all(added.map(async (f) => JSON.parse(await fs.readFile(path.join(workspaceDir(), client.id, 'runs', f), 'utf8'))));
      const sets = records.map((r: { evalSet: { id: string } }) => r.evalSet.id).sort();
      assert.deepStrictEqual(sets, client.evalSets.map((s) => s.id).sort(), `${client.name}: one new record per set`);
    }
    for (const id of [...SHARED, OWN]) assert.ok(result.outcomes.some((o) => o.record.client.id === id), `${id} ran`);

    // Two clients' sets on one server never sent more at once than one run does.
    const concurrency = vscode.workspace.getConfiguration('upkeep').get<number>('run.concurrency', 4);
    assert.ok(shared.maxInFlight <= concurrency, `the shared server had ${shared.maxInFlight} requests at once`);
    assert.ok(shared.maxInFlight > 1, 'a set still sends its cases side by side');
    // The two servers worked at the same time.
    const chats = (s: OllamaTestServer) => s.requests.filter((r) => r.path === '/api/chat').map((r) => r.time);
    assert.ok(Math.min(...chats(own)) < Math.max(...chats(shared)) && Math.min(...chats(shared)) < Math.max(...chats(own)), 'the servers were asked side by side');

    // The breaches are every run's breaches, each named with its client and set in the figures' words.
    const breaching = result.outcomes.filter((o) => {
      const thresholds = clients.find((c) => c.id === o.record.client.id)!.manifest!.thresholds;
      return thresholds?.passRate !== undefined && o.record.summary.passRate < thresholds.passRate;
    });
    assert.ok(breaching.length > 0, 'the demo answers breach at least one set');
    for (const o of breaching) {
      assert.ok(result.breaches.some((b) => b.client === o.record.client.name && b.set === o.record.evalSet.name && b.breach.metric === 'passRate'), `${o.record.evalSet.name} is in the breaches`);
    }
    const ran = new Set(result.outcomes.map((o) => o.record.client.id)).size;
    assert.match(result.message, new RegExp(`^${result.outcomes.length} sets of ${ran} clients: ${result.breaches.length} breach(es)?\\. `));
    const { name, thresholds } = clients.find((c) => c.id === breaching[0].record.client.id)!.manifest!;
    const line = `${name} · ${breaching[0].record.evalSet.name}: pass rate ${Number((breaching[0].record.summary.passRate * 100).toFixed(1))}% < ${thresholds!.passRate! * 100}% threshold`;
    assert.ok(result.message.includes(line), `the summary has "${line}": ${result.message}`);
    // In the order of the tree: client by client, set by set.
    const order = clients.flatMap((c) => c.evalSets.map((s) => `${c.name}/${s.name}`));
    const listed = result.breaches.map((b) => order.indexOf(`${b.client}/${b.set}`));
    assert.deepStrictEqual(listed, [...listed].sort((a, b) => a - b));

    // The summary offers the sets that need attention, a breach first; the pick leads with the
    // worst, so accepting it as it opens (Enter) shows that set's results.
    const worst = result.attention[0];
    assert.strictEqual(worst.reason, 'breach');
    assert.ok(result.attention.length > 1, `several sets need attention: ${JSON.stringify(result.attention)}`);
    assert.deepStrictEqual(result.actions, ['Show Results…', 'Show Log']);
    for (const b of result.breaches) assert.ok(result.attention.some((a) => a.client === b.client && a.set === b.set && a.reason === 'breach'), `${b.client} · ${b.set} is offered`);
    let chosen = false;
    const choosing = result.choose('Show Results…').then(() => (chosen = true));
    await waitFor('the pick to be accepted', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return chosen;
    });
    await choosing;
    const { results } = await upkeep();
    const shown = results.runs.current;
    assert.ok(shown?.kind === 'run', 'the results view shows a run');
    assert.strictEqual(shown.view.id, result.outcomes.find((o) => o.file === worst.file)!.record.id, "the worst set's run");
    results.runs.dispose();
  });

  it('Cancel stops every server: the sets running end as cancelled and no other set starts', async () => {
    const clients = await usableClients();
    const before = new Map(await Promise.all(clients.map(async (c) => [c.id, await runFiles(c.id)] as const)));
    // Every answer is held until the test ends, so each server is still on its first set when the
    // cancel comes, however loaded the machine.
    const release = new AbortController();
    const held = new Promise((resolve) => release.signal.addEventListener('abort', resolve, { once: true }));
    const holding = { ...answers, rules: (answers.rules ?? []).map((r) => ({ ...r, holdUntil: held })), defaultReply: undefined };
    holding.rules.push({ match: () => true, reply: answers.defaultReply ?? '', holdUntil: held });
    shared.setScript(holding);
    own.setScript(holding);
    const source = new vscode.CancellationTokenSource();
    try {
      const asked = (s: OllamaTestServer) => s.requests.filter((r) => r.path === '/api/chat').length;
      const [sharedBefore, ownBefore] = [asked(shared), asked(own)];
      const running = runEveryClient(source.token);
      await waitFor('both servers to be asked', () => asked(shared) > sharedBefore && asked(own) > ownBefore);
      source.cancel();
      const result = await running;

      assert.strictEqual(result.cancelled, true);
      assert.strictEqual(result.outcomes.length, 2, 'only the set each server was running wrote a record');
      assert.deepStrictEqual(result.outcomes.map((o) => o.record.status), ['cancelled', 'cancelled']);
      let added = 0;
      for (const client of clients) added += (await runFiles(client.id)).filter((f) => !before.get(client.id)!.includes(f)).length;
      assert.strictEqual(added, 2);
      assert.match(result.message, /Cancelled before every set had run$/);
    } finally {
      release.abort();
      shared.setScript(answers);
      own.setScript(answers);
      source.dispose();
    }
  });
});
