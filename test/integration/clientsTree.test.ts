import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { TreeNode } from '../../src/extension/clientsTree';
import { removeTestClient, upkeep, waitFor, workspaceDir } from './helpers';

const SAMPLE_CLIENTS = ['Acme Dental', 'Fernhill Outfitters', 'Northwind Legal'];

/** Label, description and opened file of each child of `node`, as VS Code would render them. */
async function rows(node?: TreeNode) {
  const { clientsTree } = await upkeep();
  const children = await clientsTree.getChildren(node);
  return children.map((child) => {
    const item = clientsTree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    const opens = (item.command?.arguments?.[0] as vscode.Uri | undefined)?.fsPath;
    return { node: child, label, description: item.description, opens, icon: (item.iconPath as vscode.ThemeIcon).id };
  });
}

describe('Clients tree', () => {
  it('lists the three sample clients by name', async () => {
    const labels = (await rows()).map((r) => r.label).filter((l) => SAMPLE_CLIENTS.includes(l!));
    assert.deepStrictEqual(labels.sort(), SAMPLE_CLIENTS);
  });

  it('shows under a client its model, system prompt, eval sets, runbooks, change log, runs and reports', async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const dir = path.join(workspaceDir(), 'clients', 'acme-dental');
    const manifest = parse(await fs.readFile(path.join(dir, 'client.yaml'), 'utf8'));
    const children = await rows(acme.node);
    assert.deepStrictEqual(children.map((c) => c.node.kind), ['model', 'systemPrompt', 'evalSets', 'runbooks', 'changelog', 'runs', 'reports']);
    const [model, prompt] = children;
    assert.strictEqual(model.label, manifest.model.name);
    assert.match(String(model.description), new RegExp(manifest.model.host.replace(/[.]/g, '\\.')));
    assert.strictEqual(prompt.opens, path.join(dir, 'system-prompt.md'));
  });

  it('gives each eval set the number of cases its file holds, and opens the file', async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const evalSets = (await rows(acme.node)).find((r) => r.node.kind === 'evalSets')!;
    const sets = await rows(evalSets.node);
    const files = (await fs.readdir(path.join(workspaceDir(), 'clients/acme-dental/evals'))).filter((f) => /\.(ya?ml|jsonl)$/.test(f));
    assert.strictEqual(sets.length, files.length);
    for (const set of sets) {
      const text = await fs.readFile(set.opens!, 'utf8');
      const count = set.opens!.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim()).length : parse(text).cases.length;
      // "28 cases", then the last run's pass rate with its trend, and its score, when the set has runs.
      assert.match(String(set.description), new RegExp(`^${count} cases( · pass [\\d.]+% \\(\\d+/\\d+\\)( [↑↓→])? · score \\d\\.\\d\\d)?$`), `${set.label}`);
    }
  });

  it('leads a set with the pass rate the threshold judges, and a breaching set says which threshold and by how much', async () => {
    const { clientsTree } = await upkeep();
    const northwind = (await clientsTree.getChildren()).find((n) => n.client.name === 'Northwind Legal')!;
    const evalSets = (await clientsTree.getChildren(northwind)).find((n) => n.kind === 'evalSets')!;
    const intake = (await clientsTree.getChildren(evalSets)).find((n) => n.kind === 'evalSet' && n.set.name === 'Intake classification')!;
    const item = clientsTree.getTreeItem(intake);
    // The sample's latest Intake run passes 26 of 30 (86.7%) against Northwind's 92% threshold, with a score of 0.96.
    assert.match(String(item.description), /^\d+ cases · pass 86\.7% \(26\/30\)( [↑↓→])? · score 0\.96$/);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error', 'red beside a pass rate below the threshold');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /: pass 86\.7% \(26\/30\) · score 0\.96/);
    assert.match(tooltip, /Breach: pass rate 86\.7% < 92% threshold \(−5\.3 pts\)/);
  });

  it("shows this month's logged hours against the retainer on the change log", async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const changelog = (await rows(acme.node)).find((r) => r.node.kind === 'changelog')!;
    const text = await fs.readFile(changelog.opens!, 'utf8');
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    // In hundredths, the change log's own precision, as every hours figure is summed.
    const hundredths = [...text.matchAll(/^## (\d{4}-\d{2})-\d{2} · \w+ · ([\d.]+) h ·/gm)].filter((m) => m[1] === month).reduce((s, m) => s + Math.round(Number(m[2]) * 100), 0);
    const manifest = parse(await fs.readFile(path.join(workspaceDir(), 'clients/acme-dental/client.yaml'), 'utf8'));
    assert.strictEqual(changelog.description, `${hundredths / 100} / ${manifest.retainer.includedHours} h this month`);
  });

  it('sums hours as the reports do: 0.1 h and 0.2 h are 0.3 h, not 0.30000000000000004', async () => {
    const dir = path.join(workspaceDir(), 'clients', 'zz-tenths');
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), 'name: Tenths\nmodel:\n  provider: ollama\n  name: m\nretainer:\n  includedHours: 10\n');
    await fs.writeFile(path.join(dir, 'CHANGELOG.md'), `# Change log\n\n## ${day} · review · 0.2 h · Second\n\n## ${day} · review · 0.1 h · First\n`);
    try {
      const client = await waitFor('the client in the tree', async () => (await rows()).find((r) => r.label === 'Tenths'));
      const changelog = (await rows(client.node)).find((r) => r.node.kind === 'changelog')!;
      assert.strictEqual(changelog.description, '0.3 / 10 h this month');
    } finally {
      await removeTestClient(dir);
    }
  });

  it('a change log with no entry yet shows no hours figure, as the dashboard and the report say "not known"', async () => {
    const dir = path.join(workspaceDir(), 'clients', 'zz-empty-log');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), 'name: Empty Log\nmodel:\n  provider: ollama\n  name: m\nretainer:\n  includedHours: 10\n');
    await fs.writeFile(path.join(dir, 'CHANGELOG.md'), '# Change log\n');
    try {
      const client = await waitFor('the client in the tree', async () => (await rows()).find((r) => r.label === 'Empty Log'));
      assert.doesNotMatch(String(client.description ?? ''), /\bh\b/, `no hours on the client: ${client.description}`);
      const changelog = (await rows(client.node)).find((r) => r.node.kind === 'changelog')!;
      assert.strictEqual(changelog.description, 'no entry yet');
    } finally {
      await removeTestClient(dir);
    }
  });

  it('lists runbooks by their titles', async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const runbooks = (await rows(acme.node)).find((r) => r.node.kind === 'runbooks')!;
    const titles = await Promise.all((await rows(runbooks.node)).map(async (r) => [r.label, /^# (.+)$/m.exec(await fs.readFile(r.opens!, 'utf8'))![1]]));
    assert.ok(titles.length >= 3);
    for (const [label, heading] of titles) assert.strictEqual(label, heading);
  });

  it('marks the run pinned as a baseline, with Unpin in its context menu', async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const runsNode = (await rows(acme.node)).find((r) => r.node.kind === 'runs')!;
    const runFile = (await rows(runsNode.node))[3].opens!;
    const runItem = async () => {
      const { clientsTree } = await upkeep();
      const client = (await clientsTree.getChildren()).find((n) => n.client.id === 'clients/acme-dental')!;
      const runs = (await clientsTree.getChildren(client)).find((n) => n.kind === 'runs')!;
      const node = (await clientsTree.getChildren(runs)).find((n) => n.kind === 'run' && n.file === runFile)!;
      return clientsTree.getTreeItem(node);
    };
    assert.strictEqual((await runItem()).contextValue, 'run');
    await vscode.commands.executeCommand('upkeep.pinBaseline', runFile);
    const pinned = await waitFor('the run to show as the baseline', async () => ((await runItem()).contextValue === 'run.baseline' ? runItem() : undefined));
    assert.strictEqual(pinned.description, 'baseline');
    await vscode.commands.executeCommand('upkeep.unpinBaseline', runFile);
    await waitFor('the pin to go', async () => (await runItem()).contextValue === 'run');
  });

  it('opens the system prompt, change log and a runbook from the commands', async () => {
    const acme = (await rows()).find((r) => r.label === 'Acme Dental')!;
    const dir = path.join(workspaceDir(), 'clients', 'acme-dental');
    await vscode.commands.executeCommand('upkeep.openSystemPrompt', acme.node);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dir, 'system-prompt.md'));
    await vscode.commands.executeCommand('upkeep.openChangelog', acme.node.client.id);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dir, 'CHANGELOG.md'));
    const runbooks = (await rows(acme.node)).find((r) => r.node.kind === 'runbooks')!;
    const [first] = await rows(runbooks.node);
    await vscode.commands.executeCommand('upkeep.openRunbook', first.node);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, first.opens);
  });
});
