import * as path from 'path';
import * as vscode from 'vscode';
import type { CompareOutcome } from '../../core/compare/compareCandidate';
import type { EvalSet } from '../../core/workspace/evalSet';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Candidate } from '../../core/workspace/schemas';
import type { CandidatePanel } from '../candidate/candidatePanel';
import { config } from '../config';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';
import { isTreeNode, pickClient } from '../pickClient';
import { requireTrust } from '../trust';
import { apiKeyFor } from './apiKey';

/** What a person reads of a decision: "Front desk, Safety: promote". */
const OUTCOME_WORDS = { promote: 'promote the candidate', reject: 'reject the candidate', inconclusive: 'inconclusive' } as const;

/**
 * "Upkeep: Compare Candidate…": from a client (every set) or an eval set (that one), the
 * candidate asked for (compare.candidate in client.yaml, another model, or another prompt file in
 * the folder) unless a caller passes it. Runs under a cancellable progress, then opens the
 * comparison view. A trusted workspace only: a candidate's host receives the eval set.
 */
export function compareCandidateCommand(ctx: Ctx, panel: CandidatePanel) {
  return async (arg?: unknown, given?: Candidate): Promise<CompareOutcome | undefined> => {
    if (!requireTrust('compares a candidate')) return undefined;
    const target = await resolveTarget(ctx, arg);
    if (!target) return undefined;
    const { client, sets } = target;
    const candidate = given ?? (await askCandidate(client));
    if (!candidate) return undefined;
    const runner = loadRunner();
    const controller = new AbortController();
    const channel = log();
    const title = `Comparing ${candidate.name ?? client.manifest!.model.name}${candidate.systemPrompt ? ` with ${candidate.systemPrompt}` : ''} against production (${client.name})`;
    let outcome: CompareOutcome;
    try {
      outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const total = sets.reduce((n, s) => n + s.cases.length, 0) * 2;
        return runner.compareCandidate(client, {
          candidate,
          sets,
          trigger: 'vscode',
          signal: controller.signal,
          concurrency: config.concurrency,
          retry: { maxRetries: config.maxRetries },
          maxAnswerChars: config.maxAnswerChars,
          apiKey: await apiKeyFor(ctx, client),
          log: (line) => channel.info(`Compare: ${line}`),
          onProgress: (e) => {
            if (e.side === 'both') {
              channel.info(`${e.set}: ${e.message}`);
              progress.report({ message: e.message });
            } else if (e.event.kind === 'case') {
              progress.report({ increment: 100 / total, message: `${e.set}: ${e.side} ${e.event.done}/${e.event.total}` });
            }
          },
        });
      });
    } catch (e) {
      if (e instanceof runner.ModelUnavailableError || e instanceof runner.CandidateError) {
        const text = `${e.message}${e instanceof runner.ModelUnavailableError && e.hint ? ` ${e.hint}` : ''}`;
        channel.error(`Compare Candidate: ${text}`);
        void vscode.window.showErrorMessage(text, 'Open client.yaml').then((c) => c && vscode.window.showTextDocument(vscode.Uri.file(client.manifestFile)));
        return undefined;
      }
      throw e;
    }
    const { record, file } = outcome;
    channel.info(`Comparison ${record.id}: ${record.decision.outcome} → ${file}`);
    await panel.show(file, client.dir, vscode.workspace.isTrusted);
    const cancelled = record.status === 'cancelled' ? ' (cancelled: only the cases both sides finished)' : '';
    void vscode.window.showInformationMessage(`Compare Candidate, ${client.name}: ${OUTCOME_WORDS[record.decision.outcome]}${cancelled}. ${record.decision.reasons.join(' ')}`);
    return outcome;
  };
}

/** The client and its sets, or the one set the command was invoked on (a tree node or an eval file). */
async function resolveTarget(ctx: Ctx, arg: unknown): Promise<{ client: Client; sets: EvalSet[] } | undefined> {
  if (isTreeNode(arg) && arg.kind === 'evalSet') return { client: ctx.client(arg.client.id) ?? arg.client, sets: [arg.set] };
  const model = await ctx.ready();
  const file = arg instanceof vscode.Uri ? arg.fsPath : undefined;
  for (const client of model.clients) {
    const set = client.evalSets.find((s) => s.file === file);
    if (set) return { client, sets: [set] };
  }
  const client = await pickClient(ctx, arg, 'Compare Candidate');
  if (!client) return undefined;
  if (!client.manifest) {
    void vscode.window.showErrorMessage(`${client.name}'s client.yaml has problems; fix them before comparing.`);
    return undefined;
  }
  if (client.evalSets.length === 0) {
    void vscode.window.showInformationMessage(`${client.name} has no eval sets to compare on.`);
    return undefined;
  }
  return { client, sets: client.evalSets };
}

/** The candidate: client.yaml's compare.candidate, another model (and host), or another prompt file in the folder. */
async function askCandidate(client: Client): Promise<Candidate | undefined> {
  const production = client.manifest!.model;
  const configured = client.manifest!.compare?.candidate;
  type Pick = vscode.QuickPickItem & { choice: 'configured' | 'model' | 'prompt' };
  const items: Pick[] = [
    ...(configured ? [{ label: 'compare.candidate in client.yaml', description: describe(configured), choice: 'configured' as const }] : []),
    { label: 'Another model…', description: `instead of ${production.name}`, choice: 'model' },
    { label: 'Another system prompt…', description: 'a prompt file in the client folder', choice: 'prompt' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Compare Candidate · ${client.name}`, placeHolder: 'What to try against production' });
  if (!picked) return undefined;
  if (picked.choice === 'configured') return configured;
  if (picked.choice === 'model') {
    const name = await vscode.window.showInputBox({ title: 'Candidate model', prompt: 'The model as its server knows it, e.g. acme-support:v4', value: production.name, validateInput: (v) => (v.trim() ? undefined : 'A model name') });
    if (!name) return undefined;
    const host = await vscode.window.showInputBox({ title: 'Candidate host', prompt: 'Its server (production’s unless changed)', value: production.host ?? '' });
    if (host === undefined) return undefined;
    return { name: name.trim(), ...(host.trim() && host.trim() !== production.host ? { host: host.trim() } : {}) };
  }
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(client.dir, '**/*.md'), '{**/runs/**,**/reports/**,**/runbooks/**,**/CHANGELOG.md,**/incidents/**,**/reviews/**}');
  const prompts = files.map((f) => path.relative(client.dir, f.fsPath).replace(/\\/g, '/')).filter((f) => path.resolve(client.dir, f) !== client.systemPromptFile);
  if (prompts.length === 0) {
    void vscode.window.showInformationMessage(`No other prompt file in ${client.name}'s folder: write one beside system-prompt.md first.`);
    return undefined;
  }
  const prompt = await vscode.window.showQuickPick(prompts, { title: 'Candidate system prompt', placeHolder: 'A prompt file in the client folder' });
  return prompt ? { systemPrompt: prompt } : undefined;
}

function describe(c: Candidate): string {
  return [c.name, c.host, c.provider, c.options && 'options', c.systemPrompt].filter(Boolean).join(' · ');
}
