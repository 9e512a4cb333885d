import * as vscode from 'vscode';
import { passRateChange, runOutcomeMessage } from '../../core/analysis/figures';
import { breaches } from '../../core/analysis/series';
import { chooseRunbook } from '../../core/health/runbooks';
import type { RunOutcome } from '../../core/runner/runEvalSet';
import type { RunRecord, RunSummary } from '../../core/store/runRecord';
import type { EvalSet } from '../../core/workspace/evalSet';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { isTreeNode, pickClient } from '../pickClient';
import { mayRunSets, runSet, SetNotRunError, showNotRun } from '../runSets';

/**
 * "Upkeep: Run Eval Set": from the tree (an eval set), the editor title (an eval file), or the
 * palette (pick one). Runs with a cancellable progress notification, then says how the run went
 * against the previous one.
 */
export function runEvalSetCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<AnnouncedOutcome | undefined> => {
    if (!mayRunSets()) return undefined;
    const target = await resolveSet(ctx, arg);
    if (!target) return undefined;
    const [outcome] = await runSets(ctx, target.client, [target.set]);
    return outcome;
  };
}

/** "Upkeep: Run All Eval Sets" of a client, one after another under one progress notification. */
export function runAllEvalSetsCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<AnnouncedOutcome[] | undefined> => {
    if (!mayRunSets()) return undefined;
    const client = await pickClient(ctx, arg, 'Run All Eval Sets');
    if (!client) return undefined;
    if (client.evalSets.length === 0) {
      void vscode.window.showInformationMessage(`${client.name} has no eval sets yet.`);
      return undefined;
    }
    return runSets(ctx, client, client.evalSets);
  };
}

async function resolveSet(ctx: Ctx, arg: unknown): Promise<{ client: Client; set: EvalSet } | undefined> {
  const model = await ctx.ready();
  if (isTreeNode(arg) && arg.kind === 'evalSet') return { client: arg.client, set: arg.set };
  const file = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : vscode.window.activeTextEditor?.document.uri.fsPath;
  for (const client of model.clients) {
    const set = client.evalSets.find((s) => s.file === file || `${client.id}/${s.id}` === file);
    if (set) return { client, set };
  }
  const picks = model.clients.flatMap((client) =>
    client.evalSets.map((set) => ({ label: set.name, description: client.name, detail: `${set.cases.length} cases · ${set.id}`, client, set })),
  );
  if (picks.length === 0) {
    void vscode.window.showInformationMessage('No eval sets in this workspace yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(picks, { title: 'Run Eval Set', placeHolder: 'Eval set', matchOnDescription: true });
  return picked && { client: picked.client, set: picked.set };
}

async function runSets(ctx: Ctx, client: Client, sets: readonly EvalSet[]): Promise<AnnouncedOutcome[]> {
  const outcomes: RunOutcome[] = [];
  const title = sets.length === 1 ? `Running ${sets[0].name} (${client.name})` : `Running ${sets.length} eval sets of ${client.name}`;
  const controller = new AbortController();
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      const total = sets.reduce((n, s) => n + s.cases.length, 0);
      for (const set of sets) {
        if (controller.signal.aborted) break;
        // The title names a lone set already; with several, the message says which one runs.
        const which = sets.length === 1 ? '' : `${set.name}: `;
        const outcome = await runSet(ctx, client, set, {
          trigger: 'vscode',
          signal: controller.signal,
          onProgress: (e) => {
            if (e.kind !== 'case') return;
            const failures = e.failed + e.errored;
            progress.report({ increment: 100 / total, message: `${which}${e.done}/${e.total} cases · ${failures} failing` });
          },
        });
        outcomes.push(outcome);
      }
    });
  } catch (e) {
    // Cancelled while the server was being asked: nothing ran, nothing to say.
    if (controller.signal.aborted) return outcomes;
    if (!(e instanceof SetNotRunError)) throw e;
    showNotRun(client, e);
    return outcomes;
  }
  const previous = new Map(sets.map((s) => [s.id, ctx.setRuns(client, s.id).last]));
  await ctx.reload();
  return outcomes.map((outcome) => announce(client, outcome, previous.get(outcome.record.evalSet.id)?.summary));
}

/**
 * A run, what its end-of-run message said, the buttons it offered, and the way to answer it as
 * those buttons do (the integration tests use it, as the health monitor's alerts).
 */
export type AnnouncedOutcome = RunOutcome & { message?: string; actions?: string[]; choose?(action: string): Promise<void> };

/**
 * "Front desk: pass 82.1% (23/28) −3.6 pts vs previous · score 0.82. Breach: pass rate 82.1% <
 * 90% threshold (−7.9 pts)" with a way to the results; a breach also offers the runbook that
 * covers it and an incident, as a health alert does.
 */
function announce(client: Client, outcome: RunOutcome, previous?: RunSummary): AnnouncedOutcome {
  const record = outcome.record;
  const message = outcomeText(client, record, previous);
  const found = breaches(record.summary, client.manifest?.thresholds);
  const runbook = found.length ? chooseRunbook(client.runbooks, 'quality-breach') : undefined;
  const actions = ['Show Results', ...(runbook ? ['Open Runbook'] : []), ...(found.length ? ['Open Incident'] : [])];
  const choose = async (action: string): Promise<void> => {
    if (action === 'Show Results') await vscode.commands.executeCommand('upkeep.showResults', outcome.file);
    if (action === 'Open Runbook' && runbook) await vscode.window.showTextDocument(vscode.Uri.file(runbook.file));
    if (action === 'Open Incident') {
      // High, as the issue pre-fills a quality breach; critical stays for a model that is down.
      const title = `Quality breach: ${record.evalSet.name} — ${found.map((b) => b.message).join('; ')}`;
      await vscode.commands.executeCommand('upkeep.openIncident', client.id, { title, severity: 'high', cause: 'quality-breach', summary: message });
    }
  };
  const show = record.summary.passed === record.summary.total ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(message, ...actions).then((choice) => (choice ? choose(choice) : undefined));
  return { ...outcome, message, actions, choose };
}

/** How a finished run reads against the set's previous one, with the thresholds it breached. */
export function outcomeText(client: Client, record: RunRecord, previous?: RunSummary): string {
  const s = record.summary;
  const change = previous && passRateChange(previous.passRate, s.passRate);
  const passChange = previous && (change ? `${change} vs previous` : 'same as previous');
  const stopped = record.status === 'interrupted' && record.stopReason ? ` ${record.stopReason}` : '';
  return runOutcomeMessage(record.evalSet.name, s, { passChange, status: record.status, breaches: breaches(s, client.manifest?.thresholds) }) + stopped;
}
