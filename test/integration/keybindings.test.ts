// The keybindings: contributed for commands that exist, taken up by VS Code with their `when`
// clauses, clashing with none of VS Code's own where they act, and doing what they say when run
// as the key runs them (the command with the keybinding's args, in the editor they act in).
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DashboardMode } from '../../src/extension/dashboard/dashboardPanel';
import type { AnnouncedOutcome } from '../../src/extension/commands/runEvalSet';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { sampleScript } from '../fixtures/sampleAnswers';
import { upkeep, waitFor, workspaceDir } from './helpers';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
  args?: unknown;
}

function contributed(): Keybinding[] {
  const ext = vscode.extensions.getExtension('upkeep.upkeep');
  assert.ok(ext);
  return (ext.packageJSON.contributes.keybindings ?? []) as Keybinding[];
}

/** VS Code's own list of default keybindings (extensions' included), as the Keyboard Shortcuts editor has it. */
async function defaultKeybindings(): Promise<Keybinding[]> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  const text = await waitFor('the default keybindings', () => vscode.window.activeTextEditor?.document.getText());
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  const json = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return JSON.parse(json) as Keybinding[];
}

const FERNHILL = 'clients/fernhill-outfitters';

describe('Keybindings', () => {
  let server: OllamaTestServer;
  let manifest: { file: string; text: string };

  before(async () => {
    const { ctx } = await upkeep();
    const clients = (await ctx.ready()).clients;
    server = await startOllamaServer({ script: sampleScript(clients, new Date().toISOString().slice(0, 10), 0.02) });
    const file = path.join(workspaceDir(), FERNHILL, 'client.yaml');
    manifest = { file, text: await fs.readFile(file, 'utf8') };
    await fs.writeFile(file, manifest.text.replace(/host: http:\/\/127\.0\.0\.1:\d+/g, `host: ${server.url}`));
    await waitFor('Fernhill to talk to the test server', async () => (await ctx.reload()).clients.find((c) => c.id === FERNHILL)?.manifest?.model.host === server.url);
  });

  after(async () => {
    await fs.writeFile(manifest.file, manifest.text);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  it('binds Run Eval Set in eval files and Open Dashboard in client files and the Clients view, as contributed commands', async () => {
    const bindings = contributed();
    assert.deepStrictEqual(bindings.map((b) => [b.command, b.when]), [
      ['upkeep.runEvalSet', 'editorTextFocus && resourcePath in upkeep.evalFiles'],
      ['upkeep.openDashboard', 'editorTextFocus && resourcePath in upkeep.clientFiles'],
      ['upkeep.openDashboard', 'focusedView == upkeep.clients'],
    ]);
    const commands = new Set(await vscode.commands.getCommands(true));
    const titled = new Set((vscode.extensions.getExtension('upkeep.upkeep')!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command));
    for (const b of bindings) {
      assert.ok(commands.has(b.command), `${b.command} is registered`);
      assert.ok(titled.has(b.command), `${b.command} is a contributed command`);
    }
  });

  it("VS Code takes them up with their when clauses, and none of its own keys is the same outside the terminal", async () => {
    const defaults = await defaultKeybindings();
    for (const b of contributed()) {
      // VS Code writes the clause back with its names quoted: `resourcePath in 'upkeep.evalFiles'`.
      const taken = defaults.find((d) => d.command === b.command && d.key === b.key && d.when?.replace(/'/g, '') === b.when);
      assert.ok(taken, `VS Code lists ${b.key} → ${b.command} when ${b.when}`);
      assert.deepStrictEqual(taken.args, b.args);
      // Ours need an editor's text focus or the Clients view; a terminal's key cannot be pressed there.
      const others = defaults.filter((d) => d.key === b.key && !d.command.startsWith('upkeep.'));
      for (const d of others) assert.match(d.when ?? '', /terminalFocus/, `${b.key} is also ${d.command} when ${d.when}`);
    }
  });

  it('in an eval file, the run key runs that file: one record of its set', async () => {
    const file = path.join(workspaceDir(), FERNHILL, 'evals', 'returns-policy.yaml');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const binding = contributed().find((b) => b.command === 'upkeep.runEvalSet')!;
    const outcome = await vscode.commands.executeCommand<AnnouncedOutcome>(binding.command, binding.args);
    assert.ok(outcome, 'nothing ran');
    assert.strictEqual(outcome.record.evalSet.id, 'evals/returns-policy.yaml');
    assert.strictEqual(path.dirname(outcome.file), path.join(workspaceDir(), FERNHILL, 'runs'));
    await fs.rm(outcome.file);
  });

  it("in a client's file, the dashboard key opens that client's dashboard, though there are several clients", async () => {
    const { ctx } = await upkeep();
    assert.ok((await ctx.ready()).clients.length > 1);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceDir(), 'clients', 'northwind-legal', 'CHANGELOG.md')));
    const binding = contributed().find((b) => b.command === 'upkeep.openDashboard' && b.when?.includes('clientFiles'))!;
    const mode = await vscode.commands.executeCommand<DashboardMode>(binding.command, binding.args);
    assert.deepStrictEqual(mode, { kind: 'client', clientId: 'clients/northwind-legal' });
  });
});
