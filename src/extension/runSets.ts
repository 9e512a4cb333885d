import * as vscode from 'vscode';
import type { RunOutcome, RunProgress } from '../core/runner/runEvalSet';
import type { RunRecord } from '../core/store/runRecord';
import type { EvalSet } from '../core/workspace/evalSet';
import type { Client } from '../core/workspace/loadWorkspace';
import { apiKeyFor } from './commands/apiKey';
import { config } from './config';
import type { Ctx } from './ctx';
import { loadRunner } from './lazy';
import { log } from './log';
import { requireTrust } from './trust';

/** What Run Eval Set, Run All Eval Sets and the Test Explorer say when a workspace is not trusted. */
export const RUNS_NEED_TRUST = 'runs eval sets';

/** True in a trusted workspace; otherwise says why nothing runs (with Manage Workspace Trust). */
export function mayRunSets(): boolean {
  return requireTrust(RUNS_NEED_TRUST);
}

/**
 * A set that did not run at all: its server is down or lacks the model (`unavailable`: the same
 * holds for the client's other sets), or the run could not start. The message is the one every
 * surface shows.
 */
export class SetNotRunError extends Error {
  constructor(
    message: string,
    readonly unavailable: boolean,
  ) {
    super(message);
    this.name = 'SetNotRunError';
  }
}

export interface SetRunOptions {
  trigger: RunRecord['trigger'];
  /** Only these cases; the whole set when absent. */
  caseIds?: readonly string[];
  signal: AbortSignal;
  onProgress?: (event: RunProgress) => void;
}

/**
 * The one way VS Code runs an eval set (the commands and the Test Explorer): the user's settings,
 * the client's API key, every request in the log, and one wording when the set cannot run. A run
 * cancelled before its first case rejects with the runner's own error; check the signal.
 */
export async function runSet(ctx: Ctx, client: Client, set: EvalSet, o: SetRunOptions): Promise<RunOutcome> {
  const channel = log();
  // The runner bundle is loaded here, by the first run, never by activation.
  const runner = loadRunner();
  const count = o.caseIds ? `${o.caseIds.length} of ${set.cases.length}` : `${set.cases.length}`;
  channel.info(`Run ${client.name} / ${set.name} (${o.trigger}): ${count} cases against ${client.manifest?.model.name}`);
  let outcome: RunOutcome;
  try {
    outcome = await runner.runClientEvalSet(client, set, {
      trigger: o.trigger,
      caseIds: o.caseIds,
      concurrency: config.concurrency,
      retry: { maxRetries: config.maxRetries },
      maxAnswerChars: config.maxAnswerChars,
      signal: o.signal,
      apiKey: await apiKeyFor(ctx, client),
      log: (line) => channel.info(`${set.name}: ${line}`),
      onProgress: o.onProgress,
    });
  } catch (e) {
    if (o.signal.aborted) throw e;
    const unavailable = e instanceof runner.ModelUnavailableError;
    const text = unavailable ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : `Upkeep could not run ${set.name} (${client.name}): ${(e as Error).message}`;
    channel.error(text);
    throw new SetNotRunError(text, unavailable);
  }
  const r = outcome.record;
  channel.info(`Run ${r.id}: ${r.status}, score ${r.summary.score.toFixed(3)} → ${outcome.file}`);
  return outcome;
}

/** A set that did not run, as a notification with the way to its cause. */
export function showNotRun(client: Client, e: SetNotRunError): void {
  void vscode.window.showErrorMessage(e.message, 'Open client.yaml', 'Show Log').then((choice) => {
    if (choice === 'Open client.yaml') void vscode.window.showTextDocument(vscode.Uri.file(client.manifestFile));
    if (choice === 'Show Log') log().show();
  });
}
