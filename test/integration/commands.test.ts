import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commands';
import { upkeep, workspaceDir } from './helpers';

/** The one command table: every command registered from it, and a failure turned into a message and a log line. */
describe('Commands', () => {
  const broken = () => path.join(workspaceDir(), 'broken-run.json');

  after(async () => {
    await fs.rm(broken(), { force: true });
  });

  it('registers every command of the table, and every command of package.json is in it', async () => {
    await upkeep();
    const registered = new Set(await vscode.commands.getCommands(true));
    const table = Object.keys(COMMANDS);
    assert.deepStrictEqual(
      table.filter((id) => !registered.has(id)),
      [],
    );
    const ext = vscode.extensions.getExtension('upkeep.upkeep')!;
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepStrictEqual(
      contributed.filter((id) => !table.includes(id)),
      [],
    );
  });

  it('a command whose work throws shows a message and logs it, instead of rejecting', async () => {
    const { commandFailures } = await upkeep();
    await fs.writeFile(broken(), '{ "schemaVersion": 1, "id": ');
    const shown = await vscode.commands.executeCommand('upkeep.showResults', broken());
    assert.strictEqual(shown, undefined, 'the command resolved (it did not reject)');
    const failure = commandFailures[commandFailures.length - 1];
    assert.strictEqual(failure.command, 'upkeep.showResults');
    assert.match(failure.message, /^Show Results failed: broken-run\.json is /);
  });

  it('Set API Key on a client whose provider sends no key says so and asks nothing', async () => {
    const { ctx } = await upkeep();
    const result = await vscode.commands.executeCommand('upkeep.setApiKey', 'clients/acme-dental');
    assert.strictEqual(result, 'not-used');
    assert.strictEqual(await ctx.extension.secrets.get('upkeep.apiKey:clients/acme-dental'), undefined);
  });
});
