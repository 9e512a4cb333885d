import * as vscode from 'vscode';
import type { ModelCheck } from '../../core/runner/checkModels';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';
import { pickClient } from '../pickClient';
import { requireTrust } from '../trust';
import { apiKeyFor } from './apiKey';

/**
 * "Upkeep: Check Model Health": is the client's model (and judge) on its server, and are its
 * weights still the ones the newest run recorded? Says so in one notification and the log.
 */
export function checkModelHealthCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<ModelCheck[] | undefined> => {
    if (!requireTrust('checks models')) return undefined;
    const client = await pickClient(ctx, arg, 'Check Model Health');
    if (!client?.manifest) return undefined;
    const apiKey = await apiKeyFor(ctx, client);
    const title = `Checking ${client.manifest.model.name} for ${client.name}…`;
    const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => cancel.abort());
      return loadRunner()
        .checkClientModels(client, { apiKey, signal: cancel.signal, lastDigest: newestRunDigest(ctx, client) })
        .catch((e: Error) => (cancel.signal.aborted ? undefined : Promise.reject(e)));
    });
    if (!checks) return undefined;
    log()[checks.every((c) => c.ok) ? 'info' : 'warn'](`Health of ${client.name}: ${loadRunner().describeChecks(checks)}`);
    void announce(client, checks);
    return checks;
  };
}

/** The model digest of the client's newest whole-set run, whichever set it was. */
function newestRunDigest(ctx: Ctx, client: Client): string | undefined {
  const runs = client.evalSets.map((s) => ctx.setRuns(client, s.id).last).filter((r) => r !== undefined);
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return runs[0]?.model.digest;
}

async function announce(client: Client, checks: ModelCheck[]): Promise<void> {
  const text = loadRunner().describeChecks(checks);
  const failed = checks.some((c) => !c.ok);
  const changed = checks.some((c) => c.digestChangedFrom);
  const show = failed ? vscode.window.showErrorMessage : changed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = failed ? ['Open client.yaml', 'Show Log'] : changed ? ['Run All Eval Sets'] : [];
  const choice = await show(`${client.name}: ${text}`, ...actions);
  if (choice === 'Open client.yaml') await vscode.window.showTextDocument(vscode.Uri.file(client.manifestFile));
  if (choice === 'Show Log') log().show();
  if (choice === 'Run All Eval Sets') await vscode.commands.executeCommand('upkeep.runAllEvalSets', client.id);
}
