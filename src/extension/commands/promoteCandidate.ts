import * as path from 'path';
import * as vscode from 'vscode';
import { listComparisons, readComparison } from '../../core/compare/comparisonStore';
import type { ConfigChange, ProductionConfig } from '../../core/compare/promote';
import type { ComparisonRecord } from '../../core/compare/types';
import { localDate } from '../../core/format/dates';
import { runFacts, whyNotBaseline } from '../../core/history/runsThatCount';
import { loadRun, runFileOf } from '../../core/store/runLookup';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { CandidatePanel } from '../candidate/candidatePanel';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';
import { pickClient } from '../pickClient';
import { requireTrust } from '../trust';
import { logClientHours } from './logHours';

/** Why Promote, Roll Back and Restore wait for trust: what they write is where production's cases go next. */
export const PRODUCTION_NEEDS_TRUST = "it rewrites production's client.yaml and system prompt from the workspace's comparison and run files, and client.yaml decides which server receives every eval set. Nothing was changed";

/** Given by tests and other commands instead of asking: the hours to log, the answer to "promote a rejected candidate anyway?" and to the baseline offer. */
export interface PromoteOptions {
  hours?: number;
  confirm?: boolean;
  pinBaseline?: boolean;
}

export interface Promoted {
  changes: string[];
  category: ConfigChange['category'];
  /** The candidate runs pinned as their sets' baselines, when the offer was taken. */
  pinned?: { evalSetId: string; runId: string }[];
}

/**
 * "Upkeep: Promote Candidate": a comparison's candidate becomes production. client.yaml keeps its
 * comments and layout (only the changed values are replaced), the candidate's prompt is written
 * into the system prompt file, and the change log gets a `retrain` (model) or `prompt` entry with
 * the hours asked. From the candidate view, a comparison file, or the palette (pick one).
 */
export function promoteCandidateCommand(ctx: Ctx, panel: CandidatePanel) {
  panel.onPromote = (file) => vscode.commands.executeCommand('upkeep.promoteCandidate', file);
  return async (arg?: unknown, o: PromoteOptions = {}): Promise<Promoted | undefined> => {
    if (!requireTrust('promotes a candidate', PRODUCTION_NEEDS_TRUST)) return undefined;
    const file = await pickComparison(ctx, arg, 'Promote Candidate');
    if (!file) return undefined;
    const record = await readComparison(file);
    const client = ctx.clientOfRecord(file, record.client.id);
    if (!client?.manifest) return void vscode.window.showErrorMessage(`The client of ${path.basename(file)} (${record.client.name}) is not loaded or its client.yaml has problems.`);
    if (record.decision.outcome === 'reject' && o.confirm === undefined) {
      const answer = await vscode.window.showWarningMessage(`This comparison rejected ${record.candidate.model}: ${record.decision.reasons.join(' ')} Promote it anyway?`, { modal: true }, 'Promote anyway');
      if (answer !== 'Promote anyway') return undefined;
    } else if (o.confirm === false) return undefined;
    const runner = loadRunner();
    const config = await runner.candidateConfig(client, record);
    const what = record.candidate.systemPromptFile ? `${record.candidate.model} with ${record.candidate.systemPromptFile}` : record.candidate.model;
    const firstSet = record.sets[0];
    const promoted = await applyProductionConfig(ctx, client, config, {
      title: `Promoted ${what}`,
      description: `From the comparison ${record.id} (${record.decision.outcome}).`,
      runId: firstSet?.candidate.runId,
      hours: o.hours,
    });
    if (!promoted || o.pinBaseline === false) return promoted;
    const offer = offerBaselines(ctx, file, record, o.pinBaseline);
    // Asked in a notification the user may leave for later: only an answer given up front is awaited.
    if (o.pinBaseline) promoted.pinned = await offer;
    else void offer.catch((e: unknown) => void vscode.window.showErrorMessage(`Pin as Baseline: ${(e as Error).message}`));
    return promoted;
  };
}

/**
 * The offer after a promotion: each set's candidate run, now production's configuration, as the
 * set's baseline (the baseline rule decides which qualify; a cancelled or errored-out one does not).
 */
async function offerBaselines(ctx: Ctx, comparisonFile: string, record: ComparisonRecord, accepted: boolean | undefined): Promise<{ evalSetId: string; runId: string }[]> {
  // Looked up again: the client as loaded after the promotion, whose production is the candidate's.
  const client = ctx.clientOfRecord(comparisonFile, record.client.id);
  if (!client) return [];
  const runner = loadRunner();
  const runs: { file: string; set: string }[] = [];
  for (const set of record.sets) {
    const file = runFileOf(client.dir, set.candidate.runId);
    const read = await loadRun(file).catch(() => undefined);
    if (read && !whyNotBaseline(runFacts(read.record), await runner.runsProductionConfig(client, read.record))) runs.push({ file, set: set.evalSet.name });
  }
  if (runs.length === 0) return [];
  if (!accepted) {
    const sets = runs.map((r) => r.set).join(', ');
    const answer = await vscode.window.showInformationMessage(`Pin the candidate's ${runs.length === 1 ? 'run' : 'runs'} (${sets}) as the new baseline? Compare Runs and the results view then compare with what production now answers.`, 'Pin as Baseline');
    if (answer !== 'Pin as Baseline') return [];
  }
  const pinned: { evalSetId: string; runId: string }[] = [];
  for (const run of runs) {
    const pin = await vscode.commands.executeCommand<{ evalSetId: string; runId: string } | undefined>('upkeep.pinBaseline', run.file, `The promoted candidate's run (comparison ${record.id}).`);
    if (pin) pinned.push(pin);
  }
  return pinned;
}

/** "Upkeep: Show Comparison": a saved comparison record (yours or a teammate's) in the candidate view. */
export function showComparisonCommand(ctx: Ctx, panel: CandidatePanel) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const file = await pickComparison(ctx, arg, 'Show Comparison');
    if (!file) return undefined;
    const record = await readComparison(file);
    const client = ctx.clientOfRecord(file, record.client.id);
    await panel.show(file, client?.dir ?? path.dirname(path.dirname(file)), vscode.workspace.isTrusted);
    return file;
  };
}

/**
 * "Upkeep: Roll Back": production goes back to the configuration production ran before the
 * current one (the model and prompt of the newest earlier production runs), logged like a promotion.
 */
export function rollBackCommand(ctx: Ctx) {
  return async (arg?: unknown, o: PromoteOptions = {}): Promise<Promoted | undefined> => {
    if (!requireTrust('rolls production back', PRODUCTION_NEEDS_TRUST)) return undefined;
    const client = await pickClient(ctx, arg, 'Roll Back');
    if (!client?.manifest) return undefined;
    const previous = await loadRunner().previousProductionConfig(client);
    if (!previous) return void vscode.window.showInformationMessage(`${client.name}'s history has no earlier production configuration to roll back to.`);
    const target = `${previous.config.model.name}${previous.config.systemPrompt !== undefined ? ' and its system prompt' : ''}`;
    if (o.confirm === undefined) {
      const answer = await vscode.window.showWarningMessage(`Roll ${client.name} back to ${target}, as production ran in ${previous.run.id}?`, { modal: true }, 'Roll Back');
      if (answer !== 'Roll Back') return undefined;
    } else if (!o.confirm) return undefined;
    return applyProductionConfig(ctx, client, previous.config, { title: `Rolled back to ${previous.config.model.name}`, description: `As production ran in ${previous.run.id}.`, runId: previous.run.id, hours: o.hours });
  };
}

/** Writes a configuration as production (asking the hours unless given) and logs it through the one hours writer. */
export async function applyProductionConfig(ctx: Ctx, client: Client, config: ProductionConfig, entry: { title: string; description: string; runId?: string; hours?: number }): Promise<Promoted | undefined> {
  const hours = entry.hours ?? (await askHours(entry.title));
  if (hours === undefined) return undefined;
  const change = await loadRunner().writeProductionConfig(client, config);
  if (change.changes.length === 0) {
    void vscode.window.showInformationMessage(`${client.name} already runs that configuration; nothing changed.`);
    return { changes: [], category: change.category };
  }
  log().info(`${client.name}: ${entry.title}: ${change.changes.join('; ')}`);
  const logged = await logClientHours(ctx, client, {
    date: localDate(new Date()),
    category: change.category,
    hours,
    title: entry.title,
    description: `${entry.description} Changed: ${change.changes.join('; ')}.`,
    ...(entry.runId && client.runFiles.some((f) => path.basename(f, '.json') === entry.runId) ? { runId: entry.runId } : {}),
  });
  await ctx.reload();
  if (!logged.ok) void vscode.window.showWarningMessage(`${entry.title}, but the change log entry could not be written: ${logged.error}`);
  else void vscode.window.showInformationMessage(`${client.name}: ${entry.title} (${change.changes.join('; ')}); logged ${hours} h as ${change.category}.`);
  return { changes: change.changes, category: change.category };
}

async function askHours(title: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Hours this took, for the change log',
    value: '0.5',
    validateInput: (v) => (Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 24 ? undefined : 'Hours between 0 and 24'),
  });
  return text === undefined ? undefined : Number(text);
}

/** A comparison file: the one given, or one of a client's (newest first), picked. */
export async function pickComparison(ctx: Ctx, arg: unknown, purpose: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.endsWith('.json')) return arg;
  const client = await pickClient(ctx, arg, purpose);
  if (!client) return undefined;
  const files = await listComparisons(client.dir);
  if (files.length === 0) return void vscode.window.showInformationMessage(`${client.name} has no comparison yet: run Compare Candidate… first.`);
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: path.basename(f, '.json'), file: f })),
    { title: `${purpose} · ${client.name}`, placeHolder: 'Which comparison' },
  );
  return picked?.file;
}
