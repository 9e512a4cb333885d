// The "Get started with Upkeep" walkthrough: contributed with a picture and a completion event
// per step, it opens, and each step's command runs, in the walkthrough's order, on a client the
// first step creates and points at the test server.
import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelCheck } from '../../src/core/runner/checkModels';
import type { RunOutcome } from '../../src/core/runner/runEvalSet';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image: string; altText: string };
  completionEvents: string[];
}

const WALKTHROUGH = 'upkeep.gettingStarted';
const CLIENT = 'clients/walkthrough-dental';

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension('upkeep.upkeep');
  assert.ok(ext);
  return ext;
}

function steps(): Step[] {
  const walkthroughs = (extension().packageJSON.contributes.walkthroughs ?? []) as Array<{ id: string; steps: Step[] }>;
  const walkthrough = walkthroughs.find((w) => w.id === WALKTHROUGH);
  assert.ok(walkthrough, `no walkthrough ${WALKTHROUGH} is contributed`);
  return walkthrough.steps;
}

/** The command a step's button runs: its description's `command:` link. */
function commandOf(step: Step): string {
  const link = /\]\(command:([\w.]+)\)/.exec(step.description);
  assert.ok(link, `step ${step.id} has no command link`);
  return link[1];
}

describe('Walkthrough', () => {
  let server: OllamaTestServer;

  before(async () => {
    server = await startOllamaServer({
      script: {
        models: ['llama3.1:8b', 'nomic-embed-text'],
        rules: [
          { match: 'Hello, who am I talking to?', reply: "Hello! I'm the assistant for Walkthrough Dental. How can I help?" },
          { match: (req) => req.prompt.includes('offers to pass the question on'), reply: { pass: true, score: 1, reason: 'Declines and offers a person.' } },
        ],
      },
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    await fs.rm(path.join(workspaceDir(), CLIENT), { recursive: true, force: true });
  });

  it('is contributed: every step has a picture that exists, a completion event and a command that exists', async () => {
    const all = steps();
    assert.deepStrictEqual(all.map((s) => s.id), ['client', 'model', 'run', 'results', 'hours', 'report']);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of all) {
      assert.ok(existsSync(path.join(extension().extensionPath, step.media.image)), `${step.id}: ${step.media.image} is missing`);
      assert.ok(step.media.altText.length > 10, `${step.id} has no alt text`);
      assert.ok(step.completionEvents.length > 0, `${step.id} has no completion event`);
      const command = commandOf(step);
      assert.ok(registered.has(command), `${step.id}: ${command} is not registered`);
      assert.ok(step.completionEvents.includes(`onCommand:${command}`), `${step.id} does not complete when its command runs`);
    }
  });

  it('opens in the editor area', async () => {
    const walkthroughTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Welcome|Walkthrough|Get started/i.test(t.label));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(!walkthroughTab(), 'a welcome tab was open before');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `upkeep.upkeep#${WALKTHROUGH}`, false);
    await waitFor('the walkthrough tab', walkthroughTab);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("runs each step's command in order: create a client, check its model, run its set, show the results, log hours", async () => {
    const commandFor = new Map(steps().map((s) => [s.id, commandOf(s)]));
    const dir = await vscode.commands.executeCommand<string>(commandFor.get('client')!, 'Walkthrough Dental');
    assert.strictEqual(dir, path.join(workspaceDir(), CLIENT));
    // Point it at a model: the step's own words.
    const manifest = path.join(dir, 'client.yaml');
    await fs.writeFile(manifest, (await fs.readFile(manifest, 'utf8')).replace('http://127.0.0.1:11434', server.url));
    const { ctx } = await upkeep();
    await ctx.reload();
    await waitFor('the client on the test server', () => ctx.client(CLIENT)?.manifest?.model.host === server.url);

    const checks = await vscode.commands.executeCommand<ModelCheck[]>(commandFor.get('model')!, CLIENT);
    assert.ok(checks.length > 0 && checks.every((c) => c.ok), checks.map((c) => c.message).join('; '));

    const outcome = await vscode.commands.executeCommand<RunOutcome>(commandFor.get('run')!, path.join(dir, 'evals', 'smoke.yaml'));
    assert.ok(outcome, 'the run wrote no record');
    assert.strictEqual(outcome.record.status, 'complete');

    await vscode.commands.executeCommand(commandFor.get('results')!, outcome.file);
    const { results } = await upkeep();
    assert.strictEqual(results.runs.current?.kind === 'run' && results.runs.current.view.id, outcome.record.id);

    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await vscode.commands.executeCommand(commandFor.get('hours')!, CLIENT, { date, category: 'review', hours: 0.5, title: 'First smoke run' });
    assert.match(await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8'), new RegExp(`## ${date} · review · 0\\.5 h · First smoke run`));
  });

  it("runs the report step's command", async () => {
    const command = commandOf(steps().find((s) => s.id === 'report')!);
    // With only a client, the default month: nothing waits on an input box.
    const report = await vscode.commands.executeCommand<{ files: Record<string, string> }>(command, CLIENT);
    assert.ok(report && existsSync(report.files.md) && existsSync(report.files.pdf), 'the report step wrote no report');
  });
});
