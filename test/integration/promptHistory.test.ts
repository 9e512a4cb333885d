import * as assert from 'assert';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PromptHistoryResult } from '../../src/extension/commands/promptHistory';
import { RUN_SCHEME } from '../../src/extension/runDocuments';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { removeTestClient, runSetOnce, upkeep, waitFor, workspaceDir } from './helpers';

const ACME = 'clients/acme-dental';
/** The sample's 8 Oct prompt fix (safety section first), by its hash. */
const OCT_FIX = 'd3b460a7';

describe('Prompt History', () => {
  const dir = () => path.join(workspaceDir(), 'clients', 'acme-dental');
  let prompt: string;
  let changelog: string;

  before(async () => {
    await upkeep();
    prompt = await fs.readFile(path.join(dir(), 'system-prompt.md'), 'utf8');
    changelog = await fs.readFile(path.join(dir(), 'CHANGELOG.md'), 'utf8');
  });

  after(async () => {
    // Other suites read Acme's prompt and change log as the sample has them.
    await fs.writeFile(path.join(dir(), 'system-prompt.md'), prompt);
    await fs.writeFile(path.join(dir(), 'CHANGELOG.md'), changelog);
    await (await upkeep()).ctx.reload();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("lists Acme's prompts with their runs, opens the diff with the working file, and Restore writes the prompt and logs it", async () => {
    const listed = await vscode.commands.executeCommand<PromptHistoryResult>('upkeep.promptHistory', ACME, { version: OCT_FIX, action: 'diffWorking' });
    const fix = listed.versions.find((v) => v.sha256.startsWith(OCT_FIX));
    assert.ok(fix, `the 8 Oct fix is a version: ${listed.versions.map((v) => v.sha256.slice(0, 8)).join(', ')}`);
    assert.ok(listed.versions.length >= 7, 'every prompt Acme ran since June');
    assert.strictEqual(fix.runs.at(-1)?.startedAt.slice(0, 10), '2026-10-08', 'its first run is the day of the fix');
    assert.ok(fix.runs.length >= 2 && fix.runs.every((r) => ['Front desk', 'Safety'].includes(r.evalSet)), fix.runs.map((r) => r.evalSet).join());
    assert.ok(fix.scores && fix.scores.min <= fix.scores.max);
    assert.strictEqual(listed.versions[0].working, true, 'the working file (the holiday-closure prompt) is the newest');
    assert.strictEqual(listed.versions[0].text, prompt);

    const diff = await waitFor('the diff editor on the fix and the working file', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.strictEqual(diff.original.scheme, RUN_SCHEME);
    assert.strictEqual(diff.modified.fsPath, path.join(dir(), 'system-prompt.md'));
    assert.strictEqual((await vscode.workspace.openTextDocument(diff.original)).getText(), fix.text);

    const restored = await vscode.commands.executeCommand<PromptHistoryResult>('upkeep.promptHistory', ACME, { version: OCT_FIX, action: 'restore', hours: 0.25, confirm: true });
    assert.deepStrictEqual(restored.restored, { changes: ['system prompt'], category: 'prompt' });
    assert.strictEqual(await fs.readFile(path.join(dir(), 'system-prompt.md'), 'utf8'), fix.text);
    const log = await fs.readFile(path.join(dir(), 'CHANGELOG.md'), 'utf8');
    assert.match(log, new RegExp(`## \\d{4}-\\d{2}-\\d{2} · prompt · 0\\.25 h · Restored the system prompt ${OCT_FIX}`));
    assert.ok(log.includes(changelog.trim().split('\n')[0]), 'the entries already there are kept');

    // The restored prompt is now the working file: listed once, not as an unrun version.
    const after = await vscode.commands.executeCommand<PromptHistoryResult>('upkeep.promptHistory', ACME, { listOnly: true });
    assert.deepStrictEqual(after.versions.filter((v) => v.working).map((v) => v.sha256.slice(0, 8)), [OCT_FIX]);
    assert.strictEqual(after.versions.length, listed.versions.length, 'the holiday prompt stays listed, as production ran it');
  });

  it('Diff with… opens the diff editor on two versions production ran, both read-only', async () => {
    const listed = await vscode.commands.executeCommand<PromptHistoryResult>('upkeep.promptHistory', ACME, { listOnly: true });
    const fix = listed.versions.find((v) => v.sha256.startsWith(OCT_FIX))!;
    // The version production ran just before the fix: the one after it in the newest-first list.
    const older = listed.versions[listed.versions.indexOf(fix) + 1];
    assert.ok(older && older.runs.length > 0 && older.text !== fix.text, 'an earlier version production ran');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('upkeep.promptHistory', ACME, { version: OCT_FIX, action: 'diffWith', other: older.sha256.slice(0, 12) });
    const diff = await waitFor('the diff editor on the two versions', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.deepStrictEqual([diff.original.scheme, diff.modified.scheme], [RUN_SCHEME, RUN_SCHEME]);
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(diff.original), vscode.workspace.openTextDocument(diff.modified)]);
    assert.deepStrictEqual([left.getText(), right.getText()], [fix.text, older.text]);
  });
});

/**
 * Try as Candidate on a client of its own, against the test server: production ran with the first
 * prompt, the working file now holds a second, and trying the first as a candidate runs a
 * comparison whose candidate side sends the first prompt and whose record names its file.
 */
describe('Prompt History: Try as Candidate', () => {
  const CLIENT_ID = 'clients/zz-prompt-candidate';
  const FIRST = 'You answer garden questions in one sentence.';
  const SECOND = 'You answer garden questions warmly, in two sentences.';
  let server: OllamaTestServer;
  let dir: string;

  before(async function () {
    this.timeout(60000);
    server = await startOllamaServer({ script: { models: ['garden:v1'], defaultReply: 'Water it at dawn.' } });
    dir = path.join(workspaceDir(), CLIENT_ID);
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), `name: Prompt Candidate\nmodel:\n  provider: ollama\n  host: ${server.url}\n  name: garden:v1\nthresholds:\n  passRate: 0.5\n`);
    await fs.writeFile(path.join(dir, 'system-prompt.md'), FIRST);
    await fs.writeFile(path.join(dir, 'evals', 'garden.yaml'), `name: Garden\ncases:\n${['roses', 'ferns', 'mint'].map((id) => `  - id: ${id}\n    input: When do I water ${id}?\n    assert: [{ type: icontains, value: dawn }]`).join('\n')}\n`);
    const { ctx } = await upkeep();
    await waitFor('the client to load', () => ctx.client(CLIENT_ID)?.evalSets.length === 1);
    const run = await runSetOnce(CLIENT_ID, path.join(dir, 'evals', 'garden.yaml'));
    assert.strictEqual(run.record.status, 'complete');
    await fs.writeFile(path.join(dir, 'system-prompt.md'), SECOND);
  });

  after(async () => {
    await server.close();
    await removeTestClient(dir);
  });

  it('runs a comparison with that prompt against the server, and its record names the prompt', async () => {
    const sha = createHash('sha256').update(FIRST).digest('hex');
    server.clearRequests();
    const tried = await vscode.commands.executeCommand<PromptHistoryResult>('upkeep.promptHistory', CLIENT_ID, { version: sha.slice(0, 8), action: 'tryAsCandidate' });
    assert.deepStrictEqual(tried.versions.map((v) => [v.working, v.runs.length]), [[true, 0], [false, 1]], 'the unrun working file, then the prompt production ran');
    const compared = tried.compared;
    assert.ok(compared, 'a comparison ran');
    const promptFile = `prompts/${sha.slice(0, 12)}.md`;
    assert.strictEqual(compared.record.candidate.systemPromptFile, promptFile);
    assert.strictEqual(await fs.readFile(path.join(dir, promptFile), 'utf8'), FIRST);
    const [{ production, candidate }] = compared.runs;
    assert.deepStrictEqual([candidate.purpose, candidate.systemPrompt.sha256, candidate.status], ['candidate', sha, 'complete']);
    // Production's latest run had the other prompt, so production ran again, with the working file's.
    assert.strictEqual(compared.record.sets[0].reusedProduction, undefined);
    assert.strictEqual(production.systemPrompt.text, SECOND);
    const chats = server.requests.filter((r) => r.path === '/api/chat').map((r) => r.rawBody);
    assert.deepStrictEqual([chats.filter((b) => b.includes(FIRST)).length, chats.filter((b) => b.includes(SECOND)).length], [3, 3], 'each side sent its own prompt with every case');
    assert.ok((await fs.readdir(path.join(dir, 'comparisons'))).includes(path.basename(compared.file)));
  });
});
