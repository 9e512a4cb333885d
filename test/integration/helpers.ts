import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/core/runner/runEvalSet';
import type { UpkeepApi } from '../../src/extension/api';

/** The folder the harness opened: a fresh copy of sample-workspace/ that tests may change. */
export function workspaceDir(): string {
  const dir = process.env.UPKEEP_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(dir, 'no workspace folder is open');
  return dir;
}

export async function upkeep(): Promise<UpkeepApi> {
  const ext = vscode.extensions.getExtension<UpkeepApi>('upkeep.upkeep');
  assert.ok(ext, 'the Upkeep extension is not installed in this VS Code');
  const api = await ext.activate();
  await api.ctx.ready();
  return api;
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function diagnosticsOf(file: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Upkeep');
}

/** Runs an eval set through Run Eval Set and waits until the workspace model holds its record. */
export async function runSetOnce(clientId: string, setFile: string): Promise<RunOutcome> {
  const run = await vscode.commands.executeCommand<RunOutcome>('upkeep.runEvalSet', setFile);
  const { ctx } = await upkeep();
  await waitFor('the run to load', async () => (await ctx.reload()).clients.find((c) => c.id === clientId)?.runFiles.some((f) => path.basename(f, '.json') === run.record.id));
  return run;
}

/** Takes away a client a test added (its editors closed, its folder removed, the model reloaded), so later tests count only their own. */
export async function removeTestClient(dir: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await fs.rm(dir, { recursive: true, force: true });
  await (await upkeep()).ctx.reload();
}
