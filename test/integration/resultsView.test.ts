import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { wordDiff } from '../../src/core/analysis/wordDiff';
import type { RunOutcome } from '../../src/core/runner/runEvalSet';
import { caseDetailSchema } from '../../src/protocol/results';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * The results view on real run records: a client of its own (so no other suite's tree changes),
 * run twice through the real command against the test server, the second time with answers that
 * changed. The panel's host is then driven through the same dispatch every webview message takes.
 */
const CLIENT = 'clients/results-lab';
const SET = `name: Lab
cases:
  - id: refund
    input: What is the refund window?
    expected: Refunds are available within 30 days of purchase.
    assert: [{ type: icontains, value: 30 days }]
  - id: hours
    input: When are you open?
    expected: We are open from 9 to 5 on weekdays.
    assert: [{ type: icontains, value: weekdays }]
    tags: [hours]
`;
const FIRST = { refund: 'Refunds are available within 30 days of your purchase.', hours: 'We are open from 9 to 5 on weekdays.' };
const SECOND = { refund: 'Refunds are possible within 14 days of your purchase.', hours: 'We are open from 9 to 5 on weekdays.' };

describe('Results view', () => {
  let server: OllamaTestServer;
  let clientDir: string;
  let first: RunOutcome;
  let second: RunOutcome;

  const script = (answers: typeof FIRST) => ({
    models: ['lab-model:v1'],
    rules: [
      { match: 'What is the refund window?', reply: answers.refund },
      { match: 'When are you open?', reply: answers.hours },
    ],
  });

  before(async function () {
    this.timeout(120000);
    server = await startOllamaServer({ script: script(FIRST) });
    clientDir = path.join(workspaceDir(), CLIENT);
    await fs.mkdir(path.join(clientDir, 'evals'), { recursive: true });
    await fs.writeFile(
      path.join(clientDir, 'client.yaml'),
      `name: Results Lab\nmodel:\n  provider: ollama\n  host: ${server.url}\n  name: lab-model:v1\n  options: { temperature: 0, seed: 1 }\nsystemPrompt: system-prompt.md\n`,
    );
    await fs.writeFile(path.join(clientDir, 'system-prompt.md'), 'You answer questions about the shop.\n');
    await fs.writeFile(path.join(clientDir, 'evals', 'lab.yaml'), SET);
    const { ctx } = await upkeep();
    await waitFor('the lab client to load', () => ctx.client(CLIENT)?.evalSets.find((s) => s.cases.length === 2));
    const setFile = path.join(clientDir, 'evals', 'lab.yaml');
    first = (await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', setFile))!;
    // Run ids have one-second resolution: the second run must start in a later second.
    const firstSecond = Math.floor(Date.now() / 1000);
    await waitFor('the next second on the clock', () => Math.floor(Date.now() / 1000) > firstSecond);
    server.setScript(script(SECOND));
    second = (await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', setFile))!;
    assert.ok(first && second, 'both runs wrote a record');
  });

  after(async () => {
    const { results } = await upkeep();
    results.runs.dispose();
    await server?.close();
  });

  it('opens for a real run record, compared with the previous run, and its front end loads', async () => {
    await vscode.commands.executeCommand('upkeep.showResults', second.file);
    const { results } = await upkeep();
    const shown = results.runs.current;
    assert.ok(shown?.kind === 'run', 'the panel shows a run');
    assert.strictEqual(shown.view.id, second.record.id);
    assert.strictEqual(shown.view.comparedWith?.kind, 'previous');
    assert.strictEqual(shown.view.comparedWith?.id, first.record.id);
    const refund = shown.view.cases.find((c) => c.id === 'refund')!;
    assert.strictEqual(refund.status, 'failed');
    assert.strictEqual(refund.change, 'regressed');
    assert.strictEqual(refund.output, SECOND.refund);
    // The latency's tooltip data: the server's own timings as the record kept them, and no cut answer.
    const attempt = second.record.cases.find((c) => c.id === 'refund')!.attempts[0];
    assert.deepStrictEqual(refund.serverTimings, attempt.serverTimings);
    assert.strictEqual(refund.serverTimings?.evalMs, attempt.tokens.completion! * 20);
    assert.strictEqual(refund.firstTokenMs, attempt.firstTokenMs);
    assert.strictEqual(refund.truncated, false);
    assert.strictEqual(shown.view.cases.find((c) => c.id === 'hours')!.change, 'unchanged-pass');
    // `ready` comes only from the bundled script, running under the panel's CSP, through the protocol.
    await waitFor('the results front end to say ready', () => results.runs.isLoaded, 30000);
  });

  it("answers a case-detail request with the word diffs against expected and the previous run", async () => {
    const { results } = await upkeep();
    const received = await results.runs.dispatch({ type: 'request', id: 7001, method: 'caseDetail', params: { runId: second.record.id, caseId: 'refund' } });
    assert.ok(received.ok && received.reply?.type === 'response', JSON.stringify(received));
    assert.strictEqual(received.reply.error, undefined);
    const detail = caseDetailSchema.parse(received.reply.result);
    const expected = 'Refunds are available within 30 days of purchase.';
    assert.deepStrictEqual(detail.expectedDiff?.segments, wordDiff(expected, SECOND.refund));
    assert.deepStrictEqual(detail.previous?.diff.segments, wordDiff(FIRST.refund, SECOND.refund));
    assert.strictEqual(detail.previous?.runId, first.record.id);
    // The segments spell both texts, and the changed words are marked.
    const spell = (kinds: string[]) => detail.previous!.diff.segments.filter((s) => kinds.includes(s.kind)).map((s) => s.text).join('');
    assert.strictEqual(spell(['same', 'removed']), FIRST.refund);
    assert.strictEqual(spell(['same', 'added']), SECOND.refund);
    assert.deepStrictEqual(
      detail.previous!.diff.segments.filter((s) => s.kind !== 'same').map((s) => [s.kind, s.text.trim()]),
      [['removed', 'available'], ['added', 'possible'], ['removed', '30'], ['added', '14']],
    );
  });

  it('answers a request for a case the run does not have with an error, not a crash', async () => {
    const { results } = await upkeep();
    const received = await results.runs.dispatch({ type: 'request', id: 7002, method: 'caseDetail', params: { runId: second.record.id, caseId: 'nope' } });
    assert.ok(received.ok && received.reply?.type === 'response');
    assert.match(String(received.reply.error), /not in run/);
  });

  it('drops every message that does not fit the protocol', async () => {
    const { results } = await upkeep();
    const garbage: unknown[] = [
      'garbage',
      null,
      42,
      {},
      { type: 'notification' },
      { type: 'notification', method: 'openDiff', params: { caseId: 5, against: 'expected' } },
      { type: 'notification', method: 'openDiff', params: { caseId: 'refund', against: '../../etc/passwd' } },
      { type: 'notification', method: 'ready', params: { extra: true } },
      { type: 'notification', method: '__proto__', params: {} },
      { type: 'notification', method: 'toString', params: {} },
      { type: 'request', id: 1, method: 'runShellCommand', params: { command: 'rm -rf /' } },
      { type: 'request', id: -1, method: 'caseDetail', params: { runId: second.record.id, caseId: 'refund' } },
      { type: 'request', id: 2, method: 'caseDetail', params: { runId: second.record.id } },
      { type: 'request', id: 3, method: 'caseDetail', params: { runId: second.record.id, caseId: 'refund', more: 1 } },
      { type: 'request', id: 4, method: 'showPromptDiff', params: {} },
      { type: 'response', id: 99, result: {} },
      { type: 'notification', method: 'reportError', params: { message: 'x'.repeat(5000) } },
    ];
    for (const message of garbage) {
      const received = await results.runs.dispatch(message);
      assert.strictEqual(received.ok, false, `accepted ${JSON.stringify(message)?.slice(0, 120)}`);
    }
    // The panel still works afterwards.
    const ok = await results.runs.dispatch({ type: 'request', id: 7003, method: 'caseDetail', params: { runId: second.record.id, caseId: 'hours' } });
    assert.ok(ok.ok && ok.reply?.type === 'response' && ok.reply.error === undefined);
  });

  it("opens VS Code's diff editor on upkeep-run documents for expected ↔ output and previous ↔ output", async () => {
    const { results } = await upkeep();
    for (const against of ['expected', 'previous'] as const) {
      await results.runs.dispatch({ type: 'notification', method: 'openDiff', params: { caseId: 'refund', against } });
      const input = await waitFor(`a diff editor (${against})`, () => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        return tab?.input instanceof vscode.TabInputTextDiff && tab.input.original.scheme === 'upkeep-run' && new URLSearchParams(tab.input.original.query).get('file') === (against === 'expected' ? second.file : first.file) ? tab.input : undefined;
      });
      const original = new URLSearchParams(input.original.query);
      const modified = new URLSearchParams(input.modified.query);
      assert.strictEqual(original.get('part'), against === 'expected' ? 'expected' : 'output');
      assert.strictEqual(modified.get('part'), 'output');
      assert.strictEqual(modified.get('file'), second.file);
      assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), SECOND.refund);
      // Long one-line answers wrap: both sides are run text, whose default is word wrap.
      for (const side of [input.original, input.modified]) assert.strictEqual((await vscode.workspace.openTextDocument(side)).languageId, 'upkeep-run-text');
      assert.strictEqual(vscode.workspace.getConfiguration('editor', { languageId: 'upkeep-run-text' }).get('wordWrap'), 'on');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('compares with the pinned baseline instead of the previous run once one is pinned', async () => {
    const { results } = await upkeep();
    // The baseline is the first run: pin it, and the second run is compared with it as "baseline".
    await vscode.commands.executeCommand('upkeep.pinBaseline', first.file);
    const shown = await waitFor('the view to compare with the baseline', () => {
      const s = results.runs.current;
      return s?.kind === 'run' && s.view.comparedWith?.kind === 'baseline' ? s : undefined;
    });
    assert.strictEqual(shown.kind === 'run' && shown.view.comparedWith?.id, first.record.id);
    await vscode.commands.executeCommand('upkeep.unpinBaseline', first.file);
    const back = results.runs.current;
    assert.strictEqual(back?.kind === 'run' && back.view.comparedWith?.kind, 'previous');
  });

  it('an answer longer than upkeep.run.maxAnswerChars is cut, and the row says how much was kept', async () => {
    const settings = vscode.workspace.getConfiguration('upkeep');
    await settings.update('run.maxAnswerChars', 1000, vscode.ConfigurationTarget.Workspace);
    const long = `We are open ${'every day, '.repeat(500)}`;
    server.setScript({ ...script(SECOND), rules: [{ match: 'When are you open?', reply: long }, ...script(SECOND).rules] });
    try {
      const cut = (await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', path.join(clientDir, 'evals', 'lab.yaml')))!;
      const attempt = cut.record.cases.find((c) => c.id === 'hours')!.attempts[0];
      assert.deepStrictEqual([attempt.output.length, attempt.outputChars, cut.record.settings.maxAnswerChars], [1000, long.length, 1000]);
      await vscode.commands.executeCommand('upkeep.showResults', cut.file);
      const { results } = await upkeep();
      const shown = results.runs.current;
      assert.ok(shown?.kind === 'run');
      assert.deepStrictEqual(shown.view.cases.find((c) => c.id === 'hours')!.outputCut, { kept: 1000, total: long.length });
      assert.strictEqual(shown.view.cases.find((c) => c.id === 'refund')!.outputCut, undefined);
      await fs.rm(cut.file); // the later tests compare the two runs made in before()
    } finally {
      await settings.update('run.maxAnswerChars', undefined, vscode.ConfigurationTarget.Workspace);
      server.setScript(script(SECOND));
    }
  });
});
