import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestRunReport } from '../../src/extension/testing';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

/** CodeLens over the cases of eval files of a client of its own, against the Ollama-compatible test server. */
const CLIENT_ID = 'clients/zz-code-lens';
const MODEL = 'lens:v1';
const OURS = new Set(['upkeep.runCase', 'upkeep.showResults', 'upkeep.compareCaseWithPrevious']);

const SET = `# Lenses sit on each case's first line.
name: Lens cases
cases:
  - id: good
    input: Is it raining?
    assert: [{ type: icontains, value: umbrella }]

  - id: bad
    input: Is it sunny?
    expected: Yes, bring a hat.
    assert: [{ type: icontains, value: hat }]
  - id: down
    input: Is it snowing?
    assert: [{ type: icontains, value: snow }]
`;

const JSONL = [
  '// one case a line',
  '{"id": "first", "input": "Is it raining?", "assert": [{"type": "icontains", "value": "umbrella"}]}',
  '{"id": "second", "input": "Is it sunny?", "assert": [{"type": "icontains", "value": "hat"}]}',
].join('\n');

interface Lens {
  line: number;
  title: string;
  command: string;
  args: unknown[];
}

async function lensesOf(file: string): Promise<Lens[]> {
  // The command asks the editor's model of the file: the document must be open (not necessarily shown).
  await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(file))) ?? [];
  return lenses
    .filter((l) => l.command && OURS.has(l.command.command))
    .map((l) => ({ line: l.range.start.line, title: l.command!.title, command: l.command!.command, args: l.command!.arguments ?? [] }))
    .sort((a, b) => a.line - b.line);
}

function titlesByLine(lenses: Lens[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const l of lenses) (out[l.line] ??= []).push(l.title);
  return out;
}

describe('CodeLens on eval files', () => {
  let server: OllamaTestServer;
  let dir: string;
  let yamlFile: string;
  let jsonlFile: string;

  before(async () => {
    server = await startOllamaServer({
      script: {
        models: [MODEL],
        rules: [
          { match: 'Is it raining?', reply: 'Take an umbrella.' },
          { match: 'Is it sunny?', reply: 'Wear sunscreen.' },
          { match: 'Is it snowing?', reply: 'Snow is forecast.' },
        ],
      },
    });
    dir = path.join(workspaceDir(), CLIENT_ID);
    yamlFile = path.join(dir, 'evals', 'lens.yaml');
    jsonlFile = path.join(dir, 'evals', 'lines.jsonl');
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You talk about the weather.');
    await fs.writeFile(yamlFile, SET);
    await fs.writeFile(jsonlFile, JSONL);
    await fs.writeFile(path.join(dir, 'client.yaml'), `name: Lens Test\nmodel:\n  provider: ollama\n  host: ${server.url}\n  name: ${MODEL}\n`);
    const { ctx, testing } = await upkeep();
    await ctx.reload();
    await waitFor('the lens client to load', () => ctx.client(CLIENT_ID)?.evalSets.length === 2 && testing.caseItem(yamlFile, 'down'));
    await vscode.window.showTextDocument(vscode.Uri.file(yamlFile));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.close();
    await fs.rm(dir, { recursive: true, force: true });
    await (await upkeep()).ctx.reload();
  });

  it('offers only "▶ Run" on each case before it has run, on the line where the case starts', async () => {
    const lenses = await lensesOf(yamlFile);
    assert.deepStrictEqual(titlesByLine(lenses), { 3: ['▶ Run'], 7: ['▶ Run'], 11: ['▶ Run'] });
    assert.deepStrictEqual(titlesByLine(await lensesOf(jsonlFile)), { 1: ['▶ Run'], 2: ['▶ Run'] });
  });

  it('"▶ Run" runs that one case through the Test Explorer, and its result appears beside it', async () => {
    const { testing } = await upkeep();
    const run = (await lensesOf(yamlFile)).find((l) => l.line === 7)!;
    assert.deepStrictEqual(run.args, [yamlFile, 'bad']);
    const report = await vscode.commands.executeCommand<TestRunReport>(run.command, ...run.args);
    assert.deepStrictEqual(Object.keys(report.states), [testing.caseItem(yamlFile, 'bad')!.id]);
    assert.strictEqual(Object.values(report.states)[0].state, 'failed');
    assert.ok(testing.reports.includes(report), 'the Test Explorer reported it');
    assert.deepStrictEqual(titlesByLine(await lensesOf(yamlFile)), { 3: ['▶ Run'], 7: ['▶ Run', '✗ 0.00'], 11: ['▶ Run'] });
  });

  it('after two runs each case has Run, its last result and Compare with previous', async () => {
    const { testing } = await upkeep();
    const setItem = testing.caseItem(yamlFile, 'good')!.parent!;
    await testing.run(new vscode.TestRunRequest([setItem]));
    // The second time the model is down for the last case only: it errors.
    server.setFaults({ serverError: { status: 400, message: 'model is loading' }, paths: ['/api/chat'] });
    try {
      await testing.run(new vscode.TestRunRequest([testing.caseItem(yamlFile, 'down')!]));
    } finally {
      server.clearFaults();
    }
    await testing.run(new vscode.TestRunRequest([testing.caseItem(yamlFile, 'good')!]));
    const lenses = await lensesOf(yamlFile);
    assert.deepStrictEqual(titlesByLine(lenses), {
      3: ['▶ Run', '✓ 1.00', 'Compare with previous'],
      7: ['▶ Run', '✗ 0.00', 'Compare with previous'],
      11: ['▶ Run', '! error', 'Compare with previous'],
    });
    const result = lenses.find((l) => l.line === 11 && l.command === 'upkeep.showResults')!;
    assert.strictEqual(result.args[1], 'down');
    assert.match(String(result.args[0]), /runs[\\/][^\\/]*-lens-cases(-\d+)?\.json$/);
  });

  it('"Compare with previous" opens the two outputs in the diff editor', async () => {
    const compare = (await lensesOf(yamlFile)).find((l) => l.line === 11 && l.command === 'upkeep.compareCaseWithPrevious')!;
    await vscode.commands.executeCommand(compare.command, ...compare.args);
    const tab = await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === 'upkeep-run' ? input : undefined;
    });
    assert.strictEqual((await vscode.workspace.openTextDocument(tab.original)).getText(), 'Snow is forecast.');
    assert.match((await vscode.workspace.openTextDocument(tab.modified)).getText(), /^\(no output: .*model is loading/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('follows edits: lenses move with the unsaved text, and a new case is not runnable until saved', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(yamlFile));
    await editor.edit((e) => e.insert(new vscode.Position(3, 0), '  - id: fresh\n    input: Is it windy?\n    assert: [{ type: icontains, value: wind }]\n'));
    const titles = titlesByLine(await lensesOf(yamlFile));
    assert.deepStrictEqual(titles[3], undefined, 'an unsaved case cannot run yet');
    assert.deepStrictEqual(titles[6], ['▶ Run', '✓ 1.00', 'Compare with previous']);
    assert.deepStrictEqual(titles[14], ['▶ Run', '! error', 'Compare with previous']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.deepStrictEqual(Object.keys(titlesByLine(await lensesOf(yamlFile))), ['3', '7', '11']);
  });
});
