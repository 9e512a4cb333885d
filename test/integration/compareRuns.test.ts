import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunComparison } from '../../src/core/analysis/comparisonTypes';
import { runRecordSchema, type CaseResult, type RunRecord } from '../../src/core/store/runRecord';
import { comparisonDetailSchema } from '../../src/protocol/results';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * Compare Runs and baselines on two run records written by hand, so every difference between
 * them is known: which cases were fixed, which regressed, which are new or gone, and what changed
 * in the configuration.
 */
const CLIENT = 'clients/compare-lab';
const SET = { id: 'evals/lab.yaml', name: 'Compare lab' };

type Outcome = 'passed' | 'failed' | 'errored';

function caseResult(id: string, status: Outcome, output: string): CaseResult {
  const pass = status === 'passed';
  const score = pass ? 1 : 0;
  return {
    id,
    input: `Question ${id}?`,
    expected: `The answer to ${id}.`,
    tags: ['lab'],
    attempts: [
      {
        output: status === 'errored' ? '' : output,
        latencyMs: 100,
        tokens: { prompt: 10, completion: 10 },
        assertions: status === 'errored' ? [] : [{ type: 'icontains', pass, score, reason: pass ? 'contains it' : 'does not contain it', weight: 1 }],
        score,
        pass,
        error: status === 'errored' ? 'connection refused' : undefined,
        retries: 0,
      },
    ],
    status,
    score,
    pass,
    flaky: false,
    passRate: score,
    finishedAt: '2026-01-01T10:00:01Z',
  };
}

function record(id: string, startedAt: string, cases: CaseResult[], config: { digest: string; prompt: string; temperature: number }): RunRecord {
  const passed = cases.filter((c) => c.status === 'passed').length;
  return runRecordSchema.parse({
    schemaVersion: 1,
    id,
    client: { id: CLIENT, name: 'Compare Lab' },
    evalSet: SET,
    startedAt,
    endedAt: startedAt,
    status: 'complete',
    trigger: 'script',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: 'lab-model:v1', digest: config.digest, options: { temperature: config.temperature, seed: 7 } },
    systemPrompt: { sha256: config.prompt.length.toString(16).padStart(64, config.prompt[0]), text: config.prompt },
    settings: { concurrency: 1, timeoutMs: 1000, maxRetries: 0 },
    cases,
    summary: {
      total: cases.length,
      passed,
      failed: cases.filter((c) => c.status === 'failed').length,
      errored: cases.filter((c) => c.status === 'errored').length,
      flaky: 0,
      score: passed / cases.length,
      passRate: passed / cases.length,
      tokens: { prompt: 0, completion: 0 },
    },
  });
}

// Base → head, by hand: b and f fixed, c and e regressed, a and d unchanged, g new, h removed.
const BASE = [
  caseResult('a', 'passed', 'Same answer.'),
  caseResult('b', 'failed', 'Wrong answer about b.'),
  caseResult('c', 'passed', 'Right answer about c.'),
  caseResult('d', 'failed', 'Still wrong.'),
  caseResult('e', 'passed', 'Right answer about e.'),
  caseResult('f', 'errored', ''),
  caseResult('h', 'passed', 'A case that was removed.'),
];
const HEAD = [
  caseResult('a', 'passed', 'Same answer.'),
  caseResult('b', 'passed', 'Right answer about b.'),
  caseResult('c', 'failed', 'Wrong answer about c now.'),
  caseResult('d', 'failed', 'Still wrong.'),
  caseResult('e', 'errored', ''),
  caseResult('f', 'passed', 'Answered at last.'),
  caseResult('g', 'passed', 'A new case.'),
];

describe('Compare Runs', () => {
  let clientDir: string;
  let baseFile: string;
  let headFile: string;

  before(async () => {
    clientDir = path.join(workspaceDir(), CLIENT);
    await fs.mkdir(path.join(clientDir, 'runs'), { recursive: true });
    await fs.writeFile(path.join(clientDir, 'client.yaml'), 'name: Compare Lab\nmodel:\n  provider: ollama\n  name: lab-model:v1\nsystemPrompt: system-prompt.md\n');
    await fs.writeFile(path.join(clientDir, 'system-prompt.md'), 'Answer briefly.\n');
    const base = record('2026-01-01T10-00-00Z-compare-lab', '2026-01-01T10:00:00Z', BASE, { digest: 'a'.repeat(64), prompt: 'Answer briefly.\n', temperature: 0 });
    const head = record('2026-01-02T10-00-00Z-compare-lab', '2026-01-02T10:00:00Z', HEAD, { digest: 'b'.repeat(64), prompt: 'Answer briefly and politely.\n', temperature: 0.2 });
    baseFile = path.join(clientDir, 'runs', `${base.id}.json`);
    headFile = path.join(clientDir, 'runs', `${head.id}.json`);
    await fs.writeFile(baseFile, JSON.stringify(base, null, 2));
    await fs.writeFile(headFile, JSON.stringify(head, null, 2));
  });

  after(async () => {
    const { results } = await upkeep();
    results.comparison.dispose();
    results.runs.dispose();
  });

  it('reports exactly the cases fixed, regressed, new and removed between two hand-written records', async () => {
    const comparison = await vscode.commands.executeCommand<RunComparison>('upkeep.compareRuns', baseFile, headFile);
    assert.ok(comparison, 'the command returned no comparison');
    const ids = (change: string) => comparison.cases.filter((c) => c.change === change).map((c) => c.id).sort();
    assert.deepStrictEqual(ids('fixed'), ['b', 'f']);
    assert.deepStrictEqual(ids('regressed'), ['c', 'e']);
    assert.deepStrictEqual(ids('unchanged-pass'), ['a']);
    assert.deepStrictEqual(ids('unchanged-fail'), ['d']);
    assert.deepStrictEqual(ids('new'), ['g']);
    assert.deepStrictEqual(ids('removed'), ['h']);
    assert.strictEqual(comparison.significance.fixed, 2);
    assert.strictEqual(comparison.significance.regressed, 2);
    assert.match(comparison.significance.test, /McNemar/);
    assert.ok(Math.abs(comparison.scoreDelta - (4 / 7 - 4 / 7)) < 1e-9);
    assert.deepStrictEqual(comparison.config.map((d) => d.field).sort(), ['digest', 'options', 'systemPrompt']);

    // The comparison panel shows it and its front end loads.
    const { results } = await upkeep();
    const shown = results.comparison.current;
    assert.ok(shown?.kind === 'comparison');
    assert.strictEqual(shown.head.record.id, '2026-01-02T10-00-00Z-compare-lab');
    // This wait timed out twice under heavy load (never alone): say what the panel was then.
    await waitFor('the comparison front end to say ready', () => results.comparison.isLoaded, 30000).catch((e: Error) => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      throw new Error(`${e.message} (panel open: ${results.comparison.isOpen}, visible: ${results.comparison.visible}, active tab: ${tab?.label ?? 'none'})`);
    });
  });

  it("answers a comparison case's detail with the base → head word diff", async () => {
    const { results } = await upkeep();
    const received = await results.comparison.dispatch({ type: 'request', id: 1, method: 'comparisonDetail', params: { headRunId: '2026-01-02T10-00-00Z-compare-lab', caseId: 'c' } });
    assert.ok(received.ok && received.reply?.type === 'response' && !received.reply.error, JSON.stringify(received));
    const detail = comparisonDetailSchema.parse(received.reply.result);
    assert.strictEqual(detail.base, 'Right answer about c.');
    assert.strictEqual(detail.head, 'Wrong answer about c now.');
    const segments = detail.diff!.segments;
    const spell = (kinds: string[]) => segments.filter((s) => kinds.includes(s.kind)).map((s) => s.text).join('');
    assert.strictEqual(spell(['same', 'removed']), detail.base);
    assert.strictEqual(spell(['same', 'added']), detail.head);
    assert.strictEqual(spell(['removed']).trim(), 'Right');
    assert.match(spell(['added']), /Wrong.*now/);
    // A removed case has no head output and no diff.
    const removed = await results.comparison.dispatch({ type: 'request', id: 2, method: 'comparisonDetail', params: { headRunId: '2026-01-02T10-00-00Z-compare-lab', caseId: 'h' } });
    assert.ok(removed.ok && removed.reply?.type === 'response');
    const h = comparisonDetailSchema.parse(removed.reply.result);
    assert.strictEqual(h.head, undefined);
    assert.strictEqual(h.diff, undefined);
  });

  it('"Show prompt diff" opens the diff editor on the two runs\' system prompts', async () => {
    const { results } = await upkeep();
    const received = await results.comparison.dispatch({ type: 'notification', method: 'showPromptDiff', params: {} });
    assert.ok(received.ok);
    const input = await waitFor('the prompt diff editor', () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputTextDiff && tab.input.original.scheme === 'upkeep-run' ? tab.input : undefined;
    });
    assert.strictEqual((await vscode.workspace.openTextDocument(input.original)).getText(), 'Answer briefly.\n');
    assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), 'Answer briefly and politely.\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('hidden behind an editor and shown again, the comparison view still gets what changes', async () => {
    const { results } = await upkeep();
    const panel = results.comparison;
    await waitFor('the comparison front end to say ready', () => panel.isLoaded, 30000);
    // The prompt diff opens over the view in its group and closes again, as a user glancing at it does.
    await panel.dispatch({ type: 'notification', method: 'showPromptDiff', params: {} });
    await waitFor('the prompt diff editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the comparison view to be shown again', () => panel.visible);
    // Shown again, it is listening (whether VS Code kept its document or loaded it anew), and an update reaches it.
    await waitFor('the comparison front end to be listening again', () => panel.isLoaded, 30000);
    const sent = panel.outgoing.length;
    await panel.refresh();
    assert.deepStrictEqual(panel.outgoing.slice(sent), ['notification showComparison']);
  });

  it('refuses to compare runs of different sets, with a message rather than a throw', async () => {
    const other = JSON.parse(await fs.readFile(baseFile, 'utf8'));
    other.id = '2026-01-03T10-00-00Z-other';
    other.evalSet = { id: 'evals/other.yaml', name: 'Other' };
    const otherFile = path.join(clientDir, 'runs', `${other.id}.json`);
    await fs.writeFile(otherFile, JSON.stringify(other));
    try {
      const comparison = await vscode.commands.executeCommand<RunComparison | undefined>('upkeep.compareRuns', baseFile, otherFile);
      assert.strictEqual(comparison, undefined);
    } finally {
      await fs.rm(otherFile);
    }
  });

  it('Pin as Baseline writes baselines.json in the client folder, and the run view compares with it; Unpin removes it', async () => {
    const pinned = await vscode.commands.executeCommand<{ evalSetId: string; runId: string }>('upkeep.pinBaseline', baseFile, 'before the prompt change');
    assert.deepStrictEqual(pinned, { evalSetId: SET.id, runId: '2026-01-01T10-00-00Z-compare-lab' });
    const file = path.join(clientDir, 'baselines.json');
    const written = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.strictEqual(written.baselines[SET.id].runId, '2026-01-01T10-00-00Z-compare-lab');
    assert.strictEqual(written.baselines[SET.id].note, 'before the prompt change');

    const { results } = await upkeep();
    const view = await results.runs.showRun(headFile);
    assert.strictEqual(view.comparedWith?.kind, 'baseline');
    assert.strictEqual(view.baseline?.runId, '2026-01-01T10-00-00Z-compare-lab');
    // With the baseline pinned, the head's cases carry the same changes as the comparison.
    assert.strictEqual(view.cases.find((c) => c.id === 'c')?.change, 'regressed');
    assert.strictEqual(view.cases.find((c) => c.id === 'b')?.change, 'fixed');

    // From the results view itself: the webview's "Unpin baseline" on a view showing the baseline run.
    await results.runs.showRun(baseFile);
    const received = await results.runs.dispatch({ type: 'notification', method: 'unpinBaseline', params: {} });
    assert.ok(received.ok);
    const after = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.deepStrictEqual(after.baselines, {});
  });

  it('a re-run of selected cases is compared on those cases, and the next whole run is compared with the last whole run', async () => {
    const config = { digest: 'b'.repeat(64), prompt: 'Answer briefly and politely.\n', temperature: 0.2 };
    const rerun = { ...record('2026-01-03T10-00-00Z-compare-lab', '2026-01-03T10:00:00Z', [caseResult('c', 'passed', 'Right again about c.')], config), selectedCases: ['c'] };
    const next = record('2026-01-04T10-00-00Z-compare-lab', '2026-01-04T10:00:00Z', HEAD, config);
    const rerunFile = path.join(clientDir, 'runs', `${rerun.id}.json`);
    const nextFile = path.join(clientDir, 'runs', `${next.id}.json`);
    await fs.writeFile(rerunFile, JSON.stringify(rerun));
    await fs.writeFile(nextFile, JSON.stringify(next));
    try {
      const { results } = await upkeep();
      const partial = await results.runs.showRun(rerunFile);
      assert.strictEqual(partial.comparedWith?.id, '2026-01-02T10-00-00Z-compare-lab');
      assert.strictEqual(partial.comparedWith?.sharedCasesOnly, true);
      // c alone: failed (0) → passed (1); over each run's own cases it would have been 1 − 3/7.
      assert.strictEqual(partial.comparedWith?.scoreDelta, 1);
      assert.strictEqual(partial.cases.find((c) => c.id === 'c')?.change, 'fixed');

      const whole = await results.runs.showRun(nextFile);
      assert.strictEqual(whole.comparedWith?.id, '2026-01-02T10-00-00Z-compare-lab', 'the re-run of c is skipped');
      assert.strictEqual(whole.comparedWith?.sharedCasesOnly, false);

      const comparison = await vscode.commands.executeCommand<RunComparison>('upkeep.compareRuns', headFile, rerunFile);
      assert.strictEqual(comparison.counts['not-run'], 6);
      assert.strictEqual(comparison.counts.removed, 0);
    } finally {
      await fs.rm(rerunFile);
      await fs.rm(nextFile);
    }
  });
});
