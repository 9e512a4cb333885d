import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseIncident, type Incident } from '../../src/core/health/incidents';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

const CLIENT = 'clients/health-watch';

describe('Health monitoring', () => {
  let server: OllamaTestServer;
  let dir: string;
  const settings = () => vscode.workspace.getConfiguration('upkeep');

  before(async () => {
    server = await startOllamaServer({ script: { models: ['watch-model:v1'], defaultReply: 'ok' } });
    dir = path.join(workspaceDir(), CLIENT);
    await fs.mkdir(path.join(dir, 'runbooks'), { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), `name: Health Watch\nmodel:\n  name: watch-model:v1\n  host: ${server.url}\n`);
    await fs.writeFile(path.join(dir, 'CHANGELOG.md'), '# Change log — Health Watch\n');
    await fs.writeFile(path.join(dir, 'runbooks', 'a-weights.md'), '---\ncovers: [digest-changed]\n---\n# Weights moved\n');
    await fs.writeFile(path.join(dir, 'runbooks', 'when-down.md'), '---\ncovers: [model-down, slow]\n---\n# When the server is down\n');
    const { ctx } = await upkeep();
    await ctx.reload();
    await waitFor('the watched client to load', () => ctx.client(CLIENT)?.runbooks.length === 2);
  });

  after(async () => {
    await settings().update('health.intervalMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('health.firstCheckSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await server.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** How many clients the status bar counts as down: "$(pass) 1 · $(error) 3" → 3. */
  const downCount = (text: string | undefined) => Number(/\$\(error\) (\d+)/.exec(text ?? '')?.[1] ?? 0);
  /**
   * The clients whose newest check is down, as the status bar must count them. Clients other
   * suites left behind may come and go meanwhile (their servers are the shared machine's), so the
   * count is checked against them, never against a count taken earlier.
   */
  const downNow = (health: { latest: ReadonlyMap<string, { status: string }> }) => [...health.latest.values()].filter((c) => c.status === 'down');

  it('checks on the schedule, never during activation; a server that goes away raises one alert whose runbook is the model-down one; back up clears it', async () => {
    const { health, clientsTree, ctx } = await upkeep();
    assert.strictEqual(health.checksRun, 0, 'no check ran during activation (the suite starts with the schedule off)');
    // The default schedule, as activation sets it: nothing now, the first check a minute later.
    const defaults = Date.now();
    await settings().update('health.intervalMinutes', 15, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(health.checksRun, 0, 'turning the schedule on checks nothing at once');
    assert.ok(health.nextCheckAt !== undefined && health.nextCheckAt >= defaults + 59_000 && health.nextCheckAt <= Date.now() + 60_000, 'the first check is a minute away');
    await settings().update('health.firstCheckSeconds', 2, vscode.ConfigurationTarget.Workspace);
    const scheduled = Date.now();
    await settings().update('health.intervalMinutes', 0.02, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(health.checksRun, 0, 'turning the schedule on checks nothing at once');
    assert.ok(health.nextCheckAt !== undefined && health.nextCheckAt >= scheduled + 1500, 'the first check comes the configured delay later');

    const up = await waitFor('the first scheduled check', () => health.latest.get(CLIENT)?.status === 'up' && health.latest.get(CLIENT));
    assert.ok(up.firstTokenMs !== undefined && up.totalMs !== undefined, 'the probe generated');
    await waitFor('every client checked once', () => ctx.workspace.clients.every((c) => !c.manifest || health.latest.has(c.id)));
    assert.ok(health.statusText?.includes('$(pass)'), health.statusText);

    await server.refuse();
    const alert = await waitFor('the down alert', () => health.alerts.find((a) => a.clientId === CLIENT));
    assert.strictEqual(alert.level, 'error');
    assert.match(alert.message, /^Health Watch is down: Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+/);
    assert.deepStrictEqual(alert.actions, ['Open Runbook', 'Open Incident', 'Snooze 1 h']);
    assert.strictEqual(downCount(health.statusText), downNow(health).length, health.statusText);
    assert.ok(downNow(health).includes(health.latest.get(CLIENT)!), 'the status bar counts the client down');
    const client = ctx.client(CLIENT)!;
    const item = await clientsTree.getTreeItem({ kind: 'client', client });
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error');
    // Two more checks while it stays down: still one alert.
    const firstDownAt = health.latest.get(CLIENT)!.at;
    let seen = 0;
    let lastAt = firstDownAt;
    await waitFor('two more checks', () => {
      const at = health.latest.get(CLIENT)!.at;
      if (at !== lastAt) {
        lastAt = at;
        seen++;
      }
      return seen >= 2;
    });
    assert.strictEqual(health.alerts.filter((a) => a.clientId === CLIENT).length, 1);

    await alert.choose('Open Runbook');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dir, 'runbooks', 'when-down.md'));
    await alert.choose('Open Incident');
    const incidentFile = vscode.window.activeTextEditor!.document.uri.fsPath;
    assert.strictEqual(path.dirname(incidentFile), path.join(dir, 'incidents'));
    const { incident } = parseIncident(incidentFile, await fs.readFile(incidentFile, 'utf8'));
    assert.deepStrictEqual([incident?.severity, incident?.cause, incident?.opened], ['critical', 'model-down', firstDownAt]);

    await server.resume();
    await waitFor('the client back up', () => health.latest.get(CLIENT)?.status === 'up');
    assert.strictEqual(downCount(health.statusText), downNow(health).length, health.statusText);
    assert.ok(!downNow(health).some((c) => c === health.latest.get(CLIENT)), 'the client is no longer counted down');
    assert.strictEqual(health.alerts.filter((a) => a.clientId === CLIENT).length, 1, 'coming back up raises nothing');
    const back = await clientsTree.getTreeItem({ kind: 'client', client });
    assert.strictEqual((back.iconPath as vscode.ThemeIcon).id, 'organization');

    await settings().update('health.intervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(health.nextCheckAt, undefined, '0 turns the schedule off');
    const month = new Date().toISOString().slice(0, 7);
    const samples = (await fs.readFile(path.join(dir, 'health', `${month}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).status);
    assert.deepStrictEqual([samples[0], samples.includes('down'), samples.at(-1)], ['up', true, 'up']);
  });

  it('Open Incident, Acknowledge and Resolve stamp the file; Resolve logs the hours as an incident entry', async () => {
    const { ctx } = await upkeep();
    const file = await vscode.commands.executeCommand<string>('upkeep.openIncident', CLIENT, { title: 'Disk full', severity: 'high' });
    const read = async (): Promise<Incident> => parseIncident(file, await fs.readFile(file, 'utf8')).incident!;
    assert.deepStrictEqual([(await read()).severity, (await read()).acknowledged], ['high', undefined]);
    await vscode.commands.executeCommand('upkeep.acknowledgeIncident', file);
    assert.ok((await read()).acknowledged, 'acknowledged is stamped');
    await vscode.commands.executeCommand('upkeep.resolveIncident', file, 1.25);
    const resolved = await read();
    assert.ok(resolved.resolved && resolved.resolved >= resolved.acknowledged!, 'resolved is stamped after it');
    assert.match(resolved.body, /— Acknowledged\.\n- .* — Resolved\.\n$/);
    const entries = ctx.client(CLIENT)!.changelog!.entries;
    assert.deepStrictEqual(entries.map((e) => [e.category, e.hours, e.title]), [['incident', 1.25, 'Disk full']]);
  });
});
