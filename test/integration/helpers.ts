import * as assert from 'assert';
import * as vscode from 'vscode';
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
