// A multi-root workspace (book.code-workspace: folders east and west, each a copy of
// sample-workspace, so both hold clients/acme-dental): the tree, Run Every Client, the index's
// status rows and the monthly report see every folder's clients and keep the two Acmes apart.
import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EveryClientOutcome } from '../../../src/extension/commands/runEveryClient';
import type { PreviewedReport } from '../../../src/extension/report/reportPreview';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { sampleScript } from '../../fixtures/sampleAnswers';
import { upkeep, waitFor } from '../helpers';

const SAMPLE = ['clients/acme-dental', 'clients/fernhill-outfitters', 'clients/northwind-legal'];

function folder(name: string): string {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  assert.ok(f, `no workspace folder ${name}`);
  return f.uri.fsPath;
}

describe('Multi-root workspace', () => {
  let server: OllamaTestServer;

  before(async () => {
    assert.deepStrictEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['east', 'west']);
    const { ctx } = await upkeep();
    const clients = (await ctx.ready()).clients;
    server = await startOllamaServer({ script: sampleScript(clients, new Date().toISOString().slice(0, 10), 0.02) });
    for (const c of clients) await fs.writeFile(c.manifestFile, (await fs.readFile(c.manifestFile, 'utf8')).replace(/host: http:\/\/127\.0\.0\.1:\d+/g, `host: ${server.url}`));
    await waitFor('every client to talk to the test server', async () => (await ctx.reload()).clients.every((c) => c.manifest?.model.host === server.url));
  });

  after(() => server?.close());

  it("the tree lists every folder's clients, each id starting with its folder", async () => {
    const { clientsTree } = await upkeep();
    const ids = (await clientsTree.getChildren()).map((n) => n.client.id);
    assert.deepStrictEqual(ids.sort(), [...SAMPLE.map((c) => `east/${c}`), ...SAMPLE.map((c) => `west/${c}`)].sort());
    const west = (await clientsTree.getChildren()).find((n) => n.client.id === 'west/clients/acme-dental')!;
    assert.strictEqual(west.client.dir, path.join(folder('west'), 'clients', 'acme-dental'));
    assert.match(String((clientsTree.getTreeItem(west).tooltip as vscode.MarkdownString).value), /Folder: west\/clients\/acme\\?-dental/);
  });

  it("Run Every Client runs every folder's sets, each record in its own folder, and the status rows follow", async () => {
    const { ctx, history } = await upkeep();
    const clients = (await ctx.ready()).clients;
    const result = await vscode.commands.executeCommand<EveryClientOutcome>('upkeep.runEveryClient');
    assert.ok(result);
    assert.deepStrictEqual(result.notRun, []);
    assert.strictEqual(result.outcomes.length, clients.reduce((n, c) => n + c.evalSets.length, 0));
    for (const o of result.outcomes) {
      const client = clients.find((c) => c.id === o.record.client.id)!;
      assert.strictEqual(path.dirname(o.file), path.join(client.dir, 'runs'), `${o.record.client.id}'s record is in its own folder`);
    }
    assert.match(result.message, new RegExp(`^${result.outcomes.length} sets of 6 clients: `));
    // The history index has a status row for every client, each with its own newest run.
    await waitFor('the index to have every new run', () =>
      clients.every((c) => {
        const newest = result.outcomes.filter((o) => o.record.client.id === c.id).map((o) => o.record.startedAt).sort().at(-1);
        const row = history.row(c.id);
        return row && newest && row.lastRunAt && row.lastRunAt >= newest;
      }),
    );
    assert.strictEqual(history.overview().length, 6);
  });

  it("the monthly report of west's Acme is written in west's folder, not east's", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const west = path.join(folder('west'), 'clients', 'acme-dental');
    const east = path.join(folder('east'), 'clients', 'acme-dental');
    await fs.rm(path.join(east, 'reports', `${month}.md`), { force: true });
    const report = await vscode.commands.executeCommand<PreviewedReport>('upkeep.generateReport', 'west/clients/acme-dental', month);
    assert.ok(report, `no report: ${JSON.stringify((await upkeep()).commandFailures)}`);
    assert.strictEqual(report.clientId, 'west/clients/acme-dental');
    assert.strictEqual(report.files.md, path.join(west, 'reports', `${month}.md`));
    assert.ok(existsSync(report.files.md!));
    assert.ok(!existsSync(path.join(east, 'reports', `${month}.md`)), "east's Acme got no report");
  });
});
