import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { diagnosticsOf, upkeep, workspaceDir } from './helpers';

describe('Create Client', () => {
  it('scaffolds a valid client beside the others, shows it in the tree and opens its manifest', async () => {
    const { ctx, clientsTree } = await upkeep();
    const dir = await vscode.commands.executeCommand<string>('upkeep.createClient', 'Bluegum Veterinary');
    assert.strictEqual(dir, path.join(workspaceDir(), 'clients', 'bluegum-veterinary'));
    for (const f of ['client.yaml', 'system-prompt.md', 'evals/smoke.yaml', 'runbooks/model-down.md', 'CHANGELOG.md']) {
      await fs.access(path.join(dir, f));
    }
    const labels = (await clientsTree.getChildren()).map((n) => clientsTree.getTreeItem(n).label);
    assert.ok(labels.includes('Bluegum Veterinary'));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dir, 'client.yaml'));
    // A load of the files as they are on disk now: the scaffold must produce no problems at all.
    await ctx.reload();
    for (const f of ['client.yaml', 'evals/smoke.yaml', 'CHANGELOG.md']) assert.deepStrictEqual(diagnosticsOf(path.join(dir, f)), []);
  });

  it('refuses a name whose folder already exists, changing nothing', async () => {
    const manifest = path.join(workspaceDir(), 'clients', 'acme-dental', 'client.yaml');
    const before = await fs.readFile(manifest, 'utf8');
    const result = await vscode.commands.executeCommand<string | undefined>('upkeep.createClient', 'Acme Dental');
    assert.strictEqual(result, undefined);
    assert.strictEqual(await fs.readFile(manifest, 'utf8'), before);
  });

  it('contributes every command under the Upkeep category', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['upkeep.createClient', 'upkeep.refresh', 'upkeep.openSystemPrompt', 'upkeep.openChangelog', 'upkeep.openRunbook']) {
      assert.ok(all.includes(id), id);
    }
  });
});
