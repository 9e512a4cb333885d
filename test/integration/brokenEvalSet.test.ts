import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/extension/clientsTree';
import { upkeep, waitFor, workspaceDir } from './helpers';

/** A client of its own, so the sample clients other suites read stay as they are. */
const CLIENT_ID = 'clients/zz-broken-set';
const GOOD = 'name: Intake\ncases:\n  - id: greeting\n    input: Hello\n  - id: hours\n    input: When are you open?\n';
const BROKEN = 'name: Intake\ncases:\n  - id: greeting\n    input: Note: bring your card\n  - id: hours\n    input: When are you open?\n';

describe('An eval set with a YAML syntax error', () => {
  let dir: string;
  let file: string;

  before(async () => {
    dir = path.join(workspaceDir(), CLIENT_ID);
    file = path.join(dir, 'evals', 'intake.yaml');
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You answer questions.');
    await fs.writeFile(file, GOOD);
    await fs.writeFile(path.join(dir, 'client.yaml'), 'name: Broken Set Test\nmodel:\n  provider: ollama\n  name: broken:v1\n');
    const { ctx, testing } = await upkeep();
    await ctx.reload();
    await waitFor('the set and its cases in the Testing view', () => testing.item(`${CLIENT_ID}/evals/intake.yaml/hours`));
  });

  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await (await upkeep()).ctx.reload();
  });

  it('stays in the tree with its error, keeps its last known cases in the Testing view and CodeLens, and says what to do', async () => {
    const { ctx, clientsTree, testing } = await upkeep();
    await fs.writeFile(file, BROKEN);
    await ctx.reload();
    const broken = await waitFor('the set to be reported broken', () => ctx.workspace.clients.find((c) => c.id === CLIENT_ID)?.brokenEvalSets[0]);
    assert.match(broken.problem.message, /Put the whole value in quotes, e\.g\. input: "Note: bring your card"/);
    assert.doesNotMatch(broken.problem.message, /Nested mappings/);

    const client = (await clientsTree.getChildren()).find((n) => n.client.id === CLIENT_ID)!;
    const evalSets = (await clientsTree.getChildren(client)).find((n) => n.kind === 'evalSets')!;
    const [row] = await clientsTree.getChildren(evalSets);
    assert.strictEqual(row.kind, 'brokenEvalSet');
    const item = clientsTree.getTreeItem(row as TreeNode);
    assert.strictEqual(item.label, 'Intake');
    assert.strictEqual(item.description, 'error on line 4');
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.strictEqual((item.command?.arguments?.[0] as vscode.Uri).fsPath, file, 'clicking it opens the file at the error');
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Line 4, column 12: This value contains ": ".*Put the whole value in quotes/);

    const setItem = testing.item(`${CLIENT_ID}/evals/intake.yaml`)!;
    assert.match(String(setItem.error), /^Line 4: This value contains ": "/);
    const cases: string[] = [];
    setItem.children.forEach((c) => void cases.push(c.label));
    assert.deepStrictEqual(cases.sort(), ['greeting', 'hours']);

    const document = await vscode.workspace.openTextDocument(file);
    const lenses = await waitFor('CodeLens over the last known cases', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      return found?.length === 2 ? found : undefined;
    });
    assert.deepStrictEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [
      [2, '⚠ Does not load (line 4): fix it to run'],
      [4, '⚠ Does not load (line 4): fix it to run'],
    ], 'each last known case keeps its lens, and none offers to run');

    await fs.writeFile(file, GOOD);
    await ctx.reload();
    await waitFor('the set to load again', () => ctx.workspace.clients.find((c) => c.id === CLIENT_ID)?.evalSets.length === 1);
    assert.strictEqual(testing.item(`${CLIENT_ID}/evals/intake.yaml`)?.error, undefined);
  });
});
