import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { upkeep, workspaceDir } from './helpers';

describe('Log Hours', () => {
  it('appends a well-formed entry to the change log, and the tree shows the new hours', async () => {
    const { ctx, clientsTree } = await upkeep();
    const file = path.join(workspaceDir(), 'clients', 'northwind-legal', 'CHANGELOG.md');
    const before = await fs.readFile(file, 'utf8');
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const changelogItem = async () => {
      const client = (await clientsTree.getChildren()).find((n) => n.client.id === 'clients/northwind-legal')!;
      const node = (await clientsTree.getChildren(client)).find((n) => n.kind === 'changelog')!;
      return String(clientsTree.getTreeItem(node).description);
    };
    const hoursBefore = Number(/^([\d.]+)/.exec(await changelogItem())![1]);

    await vscode.commands.executeCommand('upkeep.logHours', 'clients/northwind-legal', {
      date: today,
      category: 'incident',
      hours: 1.5,
      title: 'Intake model answered in German',
      description: 'A stray system message; removed it.',
    });

    const after = await fs.readFile(file, 'utf8');
    assert.ok(after.includes(`## ${today} · incident · 1.5 h · Intake model answered in German\n\nA stray system message; removed it.\n`));
    assert.strictEqual(after.replace(/## \d{4}-\d{2}-\d{2} · incident · 1\.5 h · Intake model answered in German\n\nA stray system message; removed it\.\n\n/, ''), before);
    const client = ctx.client('clients/northwind-legal')!;
    assert.ok(client.changelog!.entries.some((e) => e.title === 'Intake model answered in German' && e.hours === 1.5));
    assert.strictEqual(client.problemCount, 0, 'the new entry parses');
    assert.strictEqual(Number(/^([\d.]+)/.exec(await changelogItem())![1]), hoursBefore + 1.5);

    // The history index (what the dashboard reads) has the entry too.
    const { history } = await upkeep();
    await history.sync();
    const dashboard = await history.dashboard(client);
    assert.ok(dashboard.events.some((e) => JSON.stringify(e).includes('Intake model answered in German')), 'the entry is on the timeline');
    const month = dashboard.hours.months.find((m) => m.month === today.slice(0, 7))!;
    assert.strictEqual(month.total, hoursBefore + 1.5);
    assert.strictEqual(month.byCategory.incident >= 1.5, true);
  });

  it('links a run relative to the change log the manifest names, even before that file exists', async () => {
    const { ctx } = await upkeep();
    const dir = path.join(workspaceDir(), 'clients', 'notes-lab');
    const runId = '2026-11-01T10-00-00Z-smoke';
    await fs.mkdir(path.join(dir, 'runs'), { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), 'name: Notes Lab\nmodel:\n  name: lab:v1\nchangelog: notes/CHANGES.md\nretainer:\n  includedHours: 2\n');
    await fs.mkdir(path.join(dir, 'notes'));
    await fs.copyFile(
      (await fs.readdir(path.join(workspaceDir(), 'clients', 'acme-dental', 'runs'))).filter((f) => f.endsWith('.json')).map((f) => path.join(workspaceDir(), 'clients', 'acme-dental', 'runs', f))[0],
      path.join(dir, 'runs', `${runId}.json`),
    );
    try {
      await ctx.reload();
      const entry = await vscode.commands.executeCommand('upkeep.logHours', 'clients/notes-lab', { date: '2026-11-02', category: 'review', hours: 0.5, title: 'Read the smoke run', runId });
      assert.ok(entry, 'the hours were logged');
      const text = await fs.readFile(path.join(dir, 'notes', 'CHANGES.md'), 'utf8');
      assert.ok(text.includes(`Run: [${runId}](../runs/${runId}.json)`), text);
      await assert.rejects(fs.access(path.join(dir, 'CHANGELOG.md')), 'nothing is written to a CHANGELOG.md the manifest does not name');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await ctx.reload();
    }
  });
});
