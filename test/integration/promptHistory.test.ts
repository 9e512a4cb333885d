import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PromptHistoryResult } from '../../src/extension/commands/promptHistory';
import { RUN_SCHEME } from '../../src/extension/runDocuments';
import { upkeep, waitFor, workspaceDir } from './helpers';

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
});
