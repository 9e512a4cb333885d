import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImportResult } from '../../src/core/import/promptfoo';
import { diagnosticsOf, upkeep, waitFor, workspaceDir } from './helpers';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/promptfoo');

describe('Import promptfoo Config', () => {
  // The suites after this one count Acme Dental's sets: leave the workspace as it was.
  after(async () => {
    await fs.rm(path.join(workspaceDir(), 'clients/acme-dental/evals/front-desk-answers.yaml'), { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await (await upkeep()).ctx.reload();
  });

  it('writes a valid eval set into the client, loads it, opens it, and lists what it left out', async () => {
    const { ctx } = await upkeep();
    const clientId = 'clients/acme-dental';
    const result = await vscode.commands.executeCommand<ImportResult | undefined>('upkeep.importPromptfoo', path.join(FIXTURES, 'support-bot', 'promptfooconfig.yaml'), clientId);
    assert.ok(result, 'the import returned its result');
    const setFile = path.join(workspaceDir(), clientId, 'evals', 'front-desk-answers.yaml');
    assert.strictEqual(result.setFile, setFile);
    assert.strictEqual(result.caseCount, 3);
    await fs.access(setFile);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, setFile);
    const set = await waitFor('the imported set in the model', () => ctx.client(clientId)?.evalSets.find((s) => s.file === setFile));
    assert.deepStrictEqual(set.cases.map((c) => c.id), ['refund-window', 'opening-hours', 'emergency']);
    assert.deepStrictEqual(diagnosticsOf(setFile).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), [], 'the set validates');
    // Acme Dental has its own system prompt: it is kept, and the import says so with the rest.
    assert.ok(result.notCarried.some((p) => /system-prompt\.md is kept/.test(p.message)));
    assert.ok(result.notCarried.some((p) => p.range.line === 42 && /javascript/.test(p.message)));
  });

  it('refuses to overwrite the set it wrote, changing nothing', async () => {
    await upkeep();
    const setFile = path.join(workspaceDir(), 'clients/acme-dental/evals/front-desk-answers.yaml');
    const before = await fs.readFile(setFile, 'utf8');
    const again = await vscode.commands.executeCommand<ImportResult | undefined>('upkeep.importPromptfoo', path.join(FIXTURES, 'support-bot', 'promptfooconfig.yaml'), 'clients/acme-dental');
    assert.strictEqual(again, undefined);
    assert.strictEqual(await fs.readFile(setFile, 'utf8'), before);
  });
});
