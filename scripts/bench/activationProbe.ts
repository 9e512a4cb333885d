// Loaded by VS Code as `extensionTestsPath` for `npm run bench activation`: inside the real
// extension host, reads what the workbench itself recorded of Upkeep's activation (Developer:
// Startup Performance, the table "Extension Activation Stats": load code, call activate, finish
// activate, in milliseconds) and writes it to $UPKEEP_BENCH_OUT as JSON. Upkeep is left to
// activate by its own event (workspaceContains:**/client.yaml); this module never activates it.
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { STARTUP_MARKS } from '../../src/extension/names';
import { activationRow, type StartupTimes } from './activationStats';

const EXTENSION = 'upkeep.upkeep';
const TIMEOUT_MS = 60000;

export async function run(): Promise<void> {
  const out = process.env.UPKEEP_BENCH_OUT;
  if (!out) throw new Error('UPKEEP_BENCH_OUT is not set');
  await until('Upkeep to activate', () => vscode.extensions.getExtension(EXTENSION)?.isActive || undefined);
  await vscode.commands.executeCommand('perfview.show');
  // The document is written once the workbench has restored: wait for Upkeep's row in it.
  const times = await until('Upkeep in Startup Performance', () => activationRow(vscode.window.activeTextEditor?.document.getText() ?? '', EXTENSION));
  const startup = await until('Upkeep to load the workspace', startupTimes);
  await fs.writeFile(out, JSON.stringify({ ...times, ...startup }));
}

/** Upkeep's own marks on this extension host's timeline (src/extension/names.ts), from the call of activate. */
function startupTimes(): StartupTimes | undefined {
  const at = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
  const [activate, featuresStarted, workspaceLoaded] = [at(STARTUP_MARKS.activate), at(STARTUP_MARKS.featuresStarted), at(STARTUP_MARKS.workspaceLoaded)];
  if (activate === undefined || featuresStarted === undefined || workspaceLoaded === undefined) return undefined;
  return { featuresStartedMs: Math.round(featuresStarted - activate), workspaceLoadedMs: Math.round(workspaceLoaded - activate) };
}

async function until<T>(what: string, check: () => T | undefined): Promise<T> {
  const end = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
