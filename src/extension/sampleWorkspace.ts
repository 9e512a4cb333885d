import * as path from 'path';
import * as vscode from 'vscode';
import { log } from './log';

const WELCOMED = 'upkeep.sampleWorkspace.welcomed';

/** The sample workspace as `npm start` opened it (scripts/start.js sets these), or undefined. */
function sampleFolder(): string | undefined {
  const sample = process.env.UPKEEP_SAMPLE_WORKSPACE;
  if (!sample) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.some((f) => path.relative(f.uri.fsPath, sample) === '') ? sample : undefined;
}

/**
 * Only in the sample workspace `npm start` opened, never in another one (the variables are
 * inherited by every window of that VS Code): the log says which server answers the sample
 * clients, and on the first start the Upkeep view opens instead of the Explorer.
 */
export function welcomeSampleWorkspace(context: vscode.ExtensionContext): void {
  const sample = sampleFolder();
  if (!sample) return;
  const demo = parseDemo(process.env.UPKEEP_DEMO_MODEL_SERVER);
  if (demo?.started) {
    log().info(`Demo model server at ${demo.url}: npm start started it because nothing answered there. It answers the sample clients with scripted answers, some wrong on purpose, and stops with npm start.`);
  } else if (demo) {
    log().info(`The sample clients use the server already listening at ${demo.url} (npm start started no demo model server).`);
  }
  if (!context.workspaceState.get<boolean>(WELCOMED)) {
    void context.workspaceState.update(WELCOMED, true);
    void vscode.commands.executeCommand('workbench.view.extension.upkeep');
  }
}

function parseDemo(text: string | undefined): { url: string; started: boolean } | undefined {
  try {
    const value = JSON.parse(text ?? '') as { url?: unknown; started?: unknown };
    return typeof value.url === 'string' ? { url: value.url, started: value.started === true } : undefined;
  } catch {
    return undefined;
  }
}
