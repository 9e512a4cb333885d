import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseIncident } from '../../src/core/health/incidents';
import type { RunOutcome } from '../../src/core/runner/runEvalSet';
import type { AnnouncedOutcome } from '../../src/extension/commands/runEvalSet';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * Runs a set of a sample client through the real command against the test server. The server's
 * script decides every answer, so the test knows exactly which cases must pass and why.
 */
const SET = `name: Integration
cases:
  - id: window
    input: How long do I have to return boots?
    assert: [{ type: icontains, value: 30 days }]
  - id: wrong-window
    input: How long do I have to return a tent?
    expected: Tents can be returned within 60 days.
    assert: [{ type: icontains, value: 60 days }]
  - id: graded
    input: My jacket arrived torn, what now?
    assert: [{ type: llm-rubric, value: Apologises and offers a replacement or refund }]
  - id: flaky-server
    input: Do you refund shipping?
    assert: [{ type: contains, value: shipping }]
`;

describe('Run Eval Set', () => {
  let server: OllamaTestServer;
  let clientDir: string;

  before(async () => {
    server = await startOllamaServer({
      script: {
        models: ['fernhill-returns:v1', 'llama3.1:8b', 'nomic-embed-text:latest'],
        rules: [
          { match: 'How long do I have to return boots?', reply: 'You have 30 days to return boots, unworn.' },
          { match: 'How long do I have to return a tent?', reply: 'Tents can be returned within 14 days.' },
          { match: 'My jacket arrived torn, what now?', reply: "I'm sorry! I can send a replacement or refund you." },
          { match: 'Do you refund shipping?', reply: 'We refund shipping when the item was faulty.' },
          // The judge: everything it is asked to grade passes, with a score the test can find.
          { model: 'llama3.1:8b', match: () => true, reply: { pass: true, score: 0.8, reason: 'Apologises and offers both.' } },
        ],
      },
    });
    clientDir = path.join(workspaceDir(), 'clients', 'fernhill-outfitters');
    const manifest = path.join(clientDir, 'client.yaml');
    await fs.writeFile(manifest, (await fs.readFile(manifest, 'utf8')).replace('host: http://127.0.0.1:11434', `host: ${server.url}`));
    await fs.writeFile(path.join(clientDir, 'evals', 'integration.yaml'), SET);
    const { ctx } = await upkeep();
    await waitFor('the integration set to load', () => ctx.client('clients/fernhill-outfitters')?.evalSets.find((s) => s.name === 'Integration' && s.cases.length === 4));
  });

  after(() => server.close());

  it("writes a run record whose results are what the server's script implies, and the tree shows the score", async () => {
    server.setFaults({ serverError: { count: 1 }, paths: ['/api/chat'] });
    const outcome = await vscode.commands.executeCommand<AnnouncedOutcome>('upkeep.runEvalSet', path.join(clientDir, 'evals', 'integration.yaml'));
    assert.ok(outcome, 'the command returned no run');
    const record = JSON.parse(await fs.readFile(outcome.file, 'utf8'));
    assert.strictEqual(path.dirname(outcome.file), path.join(clientDir, 'runs'));
    assert.strictEqual(record.status, 'complete');
    assert.strictEqual(record.model.name, 'fernhill-returns:v1');
    assert.match(record.model.digest, /^[0-9a-f]{64}$/);
    const byId = Object.fromEntries(record.cases.map((c: { id: string }) => [c.id, c]));
    assert.deepStrictEqual(record.cases.map((c: { id: string; status: string }) => [c.id, c.status]), [
      ['window', 'passed'],
      ['wrong-window', 'failed'],
      ['graded', 'passed'],
      ['flaky-server', 'passed'],
    ]);
    assert.strictEqual(byId['wrong-window'].attempts[0].output, 'Tents can be returned within 14 days.');
    assert.match(byId['wrong-window'].attempts[0].assertions[0].reason, /60 days/);
    assert.strictEqual(byId.graded.attempts[0].assertions[0].score, 0.8);
    const retried = record.cases.reduce((n: number, c: { attempts: { retries: number }[] }) => n + c.attempts[0].retries, 0);
    assert.strictEqual(retried, 1, 'the one 500 was retried');
    assert.strictEqual(record.summary.passRate, 0.75);

    // What arrived at the server: the client's system prompt first, the client's options.
    const chat = server.requests.find((r) => r.path === '/api/chat' && JSON.stringify(r.body).includes('return boots'))!;
    const body = chat.body as { messages: { role: string; content: string }[]; options: { seed: number } };
    assert.strictEqual(body.messages[0].content, await fs.readFile(path.join(clientDir, 'system-prompt.md'), 'utf8'));
    assert.strictEqual(body.options.seed, 3);

    const { clientsTree } = await upkeep();
    const client = (await clientsTree.getChildren()).find((n) => n.client.id === 'clients/fernhill-outfitters')!;
    const sets = (await clientsTree.getChildren(client)).find((n) => n.kind === 'evalSets')!;
    const node = (await clientsTree.getChildren(sets)).find((n) => n.kind === 'evalSet' && n.set.name === 'Integration')!;
    assert.strictEqual(clientsTree.getTreeItem(node).description, `4 cases · pass 75% (3/4) · score ${record.summary.score.toFixed(2)}`);
    // The end-of-run message leads with the pass rate Fernhill's 88% threshold judges, and names the breach.
    assert.strictEqual(outcome.message, `Integration: pass 75% (3/4) · score ${record.summary.score.toFixed(2)}. Breach: pass rate 75% < 88% threshold (−13 pts)`);
  });

  it('shows the trend against the previous run', async () => {
    server.setScript({
      models: ['fernhill-returns:v1', 'llama3.1:8b'],
      rules: [{ model: 'llama3.1:8b', match: () => true, reply: { pass: false, score: 0.1, reason: 'No.' } }],
      defaultReply: 'I cannot help with that.',
    });
    const outcome = await vscode.commands.executeCommand<AnnouncedOutcome>('upkeep.runEvalSet', path.join(clientDir, 'evals', 'integration.yaml'));
    assert.strictEqual(outcome.record.summary.passed, 0);
    assert.match(outcome.message!, /^Integration: pass 0% \(0\/4\) −75 pts vs previous · score 0\.\d\d\. Breach: pass rate 0% < 88% threshold \(−88 pts\)$/);
    const { clientsTree } = await upkeep();
    const client = (await clientsTree.getChildren()).find((n) => n.client.id === 'clients/fernhill-outfitters')!;
    const sets = (await clientsTree.getChildren(client)).find((n) => n.kind === 'evalSets')!;
    const node = (await clientsTree.getChildren(sets)).find((n) => n.kind === 'evalSet' && n.set.name === 'Integration')!;
    assert.match(String(clientsTree.getTreeItem(node).description), /· pass 0% \(0\/4\) ↓ · score 0\.\d\d$/);
  });

  it('a breach offers the quality-breach runbook and an incident pre-filled high, naming the set and the breach', async () => {
    server.setScript({ models: ['fernhill-returns:v1', 'llama3.1:8b'], rules: [{ model: 'llama3.1:8b', match: () => true, reply: { pass: false, score: 0.1, reason: 'No.' } }], defaultReply: 'I cannot help with that.' });
    const outcome = await vscode.commands.executeCommand<AnnouncedOutcome>('upkeep.runEvalSet', path.join(clientDir, 'evals', 'integration.yaml'));
    assert.deepStrictEqual(outcome.actions, ['Show Results', 'Open Runbook', 'Open Incident']);
    const incidentsBefore: string[] = await fs.readdir(path.join(clientDir, 'incidents')).catch(() => []);
    await outcome.choose!('Open Incident');
    const file = await waitFor('the incident in the editor', () => {
      const open = vscode.window.activeTextEditor?.document.uri.fsPath;
      return open && path.dirname(open) === path.join(clientDir, 'incidents') && !incidentsBefore.includes(path.basename(open)) && open;
    });
    try {
      const { incident } = parseIncident(file, await fs.readFile(file, 'utf8'));
      assert.deepStrictEqual([incident?.severity, incident?.cause], ['high', 'quality-breach']);
      assert.strictEqual(incident?.title, 'Quality breach: Integration — pass rate 0% < 88% threshold (−88 pts)');
      assert.ok(incident?.body.includes(outcome.message!), 'the timeline opens with the end-of-run message');
      await outcome.choose!('Open Runbook');
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(clientDir, 'runbooks', 'quality-drop.md'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await fs.rm(file, { force: true });
    }
  });

  it('with the server down, says so once, naming the host, and writes no record', async () => {
    const before = await fs.readdir(path.join(clientDir, 'runs'));
    await server.refuse();
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('upkeep.runEvalSet', path.join(clientDir, 'evals', 'integration.yaml'));
      assert.strictEqual(outcome, undefined);
    } finally {
      await server.resume();
    }
    assert.deepStrictEqual(await fs.readdir(path.join(clientDir, 'runs')), before);
  });

  it('a hostile regex does not stall the extension host: the tree answers while it runs, and the case errors', async () => {
    // `^(a|a)+$` on forty a's and a `!` takes about 2^40 steps; safe-regex2's star-height check called it safe.
    const hostile = `${'a'.repeat(40)}!`;
    server.setScript({ models: ['fernhill-returns:v1', 'llama3.1:8b'], rules: [{ match: 'Say a lot of a', reply: hostile }], defaultReply: 'ok' });
    const file = path.join(clientDir, 'evals', 'hostile.yaml');
    await fs.writeFile(file, `name: Hostile\ncases:\n  - id: as\n    input: Say a lot of a\n    assert: [{ type: regex, value: '^(a|a)+$' }]\n  - id: fine\n    input: Anything else\n    assert: [{ type: contains, value: ok }]\n`);
    const { ctx, clientsTree } = await upkeep();
    await waitFor('the hostile set to load', () => ctx.client('clients/fernhill-outfitters')?.evalSets.find((s) => s.name === 'Hostile'));
    const running = vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', file);
    await waitFor('the hostile answer to be sent', () => server.requests.some((r) => r.path === '/api/chat' && JSON.stringify(r.body).includes('Say a lot of a')));
    // While the pattern runs, the host keeps answering: timers fire and the tree responds. The
    // bound is the pattern's own 1 s limit: a host that waited for the pattern (in-process, or
    // blocked on its worker) would be stalled at least that long; under it, a loaded machine
    // has room.
    const STALLED_MS = 900;
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(Date.now() - start < STALLED_MS, `a 50 ms timer took ${Date.now() - start} ms: the host is stalled`);
    }
    const start = Date.now();
    assert.ok((await clientsTree.getChildren()).length > 0);
    assert.ok(Date.now() - start < STALLED_MS, `the tree took ${Date.now() - start} ms`);
    const outcome = await running;
    const byId = Object.fromEntries(outcome.record.cases.map((c) => [c.id, c]));
    assert.strictEqual(byId.as.status, 'errored');
    assert.match(byId.as.attempts[0].assertions[0].error ?? '', /took longer than 1000 ms/);
    assert.strictEqual(byId.fine.status, 'passed');
    await fs.rm(file);
  });
});
