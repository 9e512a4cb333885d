import * as vscode from 'vscode';
import type { CompareOutcome } from '../../core/compare/compareCandidate';
import type { PromptVersion } from '../../core/compare/promptHistory';
import { localDate } from '../../core/format/dates';
import { plural, score } from '../../core/format/numbers';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { pickClient } from '../pickClient';
import { openRunDiff, runDocumentUri } from '../runDocuments';
import { requireTrust } from '../trust';
import { applyProductionConfig, PRODUCTION_NEEDS_TRUST, type Promoted } from './promoteCandidate';

export type PromptAction = 'diffWorking' | 'diffWith' | 'tryAsCandidate' | 'restore';

/** Given by tests instead of asking: the version (by hash prefix), the action, the other version of a diff, the hours and the answer to "restore?"; or only the list. */
export interface PromptHistoryOptions {
  listOnly?: boolean;
  version?: string;
  action?: PromptAction;
  other?: string;
  hours?: number;
  confirm?: boolean;
}

export interface PromptHistoryResult {
  versions: PromptVersion[];
  picked?: PromptVersion;
  action?: PromptAction;
  restored?: Promoted;
  compared?: CompareOutcome;
}

/**
 * "Upkeep: Prompt History": every system prompt a client's production ran with, its runs and
 * score range, in a quick pick; then a diff (with the working file or another version) in VS
 * Code's diff editor on read-only run documents, Try as Candidate (Compare Candidate with that
 * prompt) or Restore (written back as production, logged as a `prompt` change).
 */
export function promptHistoryCommand(ctx: Ctx) {
  return async (arg?: unknown, o: PromptHistoryOptions = {}): Promise<PromptHistoryResult | undefined> => {
    const client = await pickClient(ctx, arg, 'Prompt History');
    if (!client?.manifest) return undefined;
    const versions = await loadRunner().readPromptHistory(client);
    if (o.listOnly) return { versions };
    if (versions.length === 0) {
      void vscode.window.showInformationMessage(`${client.name} has no production run and no system prompt file yet.`);
      return { versions };
    }
    const picked = o.version !== undefined ? byHash(versions, o.version) : await pickVersion(versions, `Prompt History · ${client.name}`);
    if (!picked) return { versions };
    const action = o.action ?? (await pickAction(picked));
    if (!action) return { versions, picked };
    const done: PromptHistoryResult = { versions, picked, action };
    if (action === 'diffWorking') {
      const working = versions.find((v) => v.working);
      if (!working || !client.systemPromptFile) {
        void vscode.window.showInformationMessage(`${client.name} has no system prompt file to compare with.`);
        return done;
      }
      await openRunDiff(versionUri(client, picked), vscode.Uri.file(client.systemPromptFile), `System prompt: ${label(picked)} ↔ working file`);
    } else if (action === 'diffWith') {
      const others = versions.filter((v) => v !== picked);
      const other = o.other !== undefined ? byHash(others, o.other) : await pickVersion(others, `Diff ${label(picked)} with…`);
      if (!other) return done;
      await openRunDiff(versionUri(client, picked), versionUri(client, other), `System prompt: ${label(picked)} ↔ ${label(other)}`);
    } else if (action === 'tryAsCandidate') {
      if (!requireTrust('tries a prompt as a candidate')) return done;
      const file = await loadRunner().promptVersionFile(client, picked);
      done.compared = await vscode.commands.executeCommand<CompareOutcome | undefined>('upkeep.compareCandidate', client.id, { systemPrompt: file });
    } else {
      if (!requireTrust('restores a system prompt', PRODUCTION_NEEDS_TRUST)) return done;
      if (picked.working) {
        void vscode.window.showInformationMessage(`${client.name}'s system prompt file already holds that prompt.`);
        return done;
      }
      if (o.confirm === undefined) {
        const answer = await vscode.window.showWarningMessage(`Write the prompt ${label(picked)} into ${client.name}'s system prompt file as production?`, { modal: true }, 'Restore');
        if (answer !== 'Restore') return done;
      } else if (!o.confirm) return done;
      const newest = picked.runs[0];
      done.restored = await applyProductionConfig(ctx, client, { model: { name: client.manifest.model.name }, systemPrompt: picked.text }, {
        title: `Restored the system prompt ${label(picked)}`,
        description: newest ? `As production ran in ${newest.id}.` : 'From the prompt history.',
        runId: newest?.id,
        hours: o.hours,
      });
    }
    return done;
  };
}

/** A version's short name: its hash's first eight characters, or "working file" when it never ran. */
function label(v: PromptVersion): string {
  return v.runs.length === 0 ? 'working file' : v.sha256.slice(0, 8);
}

function byHash(versions: readonly PromptVersion[], prefix: string): PromptVersion | undefined {
  return versions.find((v) => v.sha256.startsWith(prefix));
}

/** A ran version is its newest run's prompt (a read-only document); the unrun working file is the file itself. */
function versionUri(client: Client, v: PromptVersion): vscode.Uri {
  return v.runs[0] ? runDocumentUri(v.runs[0].file, 'systemPrompt') : vscode.Uri.file(client.systemPromptFile!);
}

/** "1f838f22 · working file · 12 runs · score 0.88–0.98 · 2026-10-08 – 2026-11-23". */
export function describeVersion(v: PromptVersion): { label: string; description: string; detail: string } {
  const runs = v.runs.length === 0 ? 'not run yet' : plural(v.runs.length, 'run');
  const range = v.scores ? ` · score ${v.scores.min === v.scores.max ? score(v.scores.min) : `${score(v.scores.min)}–${score(v.scores.max)}`}` : '';
  const first = v.runs.at(-1);
  const dates = first ? ` · ${localDate(new Date(first.startedAt))} – ${localDate(new Date(v.runs[0].startedAt))}` : '';
  return {
    label: `${v.working ? '$(edit) ' : ''}${label(v)}${v.working && v.runs.length ? ' · working file' : ''}`,
    description: `${runs}${range}${dates}`,
    detail: v.text.replace(/\s+/g, ' ').slice(0, 160),
  };
}

async function pickVersion(versions: readonly PromptVersion[], title: string): Promise<PromptVersion | undefined> {
  const picked = await vscode.window.showQuickPick(
    versions.map((v) => ({ ...describeVersion(v), version: v })),
    { title, placeHolder: 'A system prompt production ran with', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.version;
}

async function pickAction(v: PromptVersion): Promise<PromptAction | undefined> {
  const items: (vscode.QuickPickItem & { action: PromptAction })[] = [
    ...(v.working && v.runs.length === 0 ? [] : [{ label: 'Diff with working file', action: 'diffWorking' as const }]),
    { label: 'Diff with…', description: 'another version', action: 'diffWith' },
    { label: 'Try as Candidate', description: 'Compare Candidate with this prompt', action: 'tryAsCandidate' },
    ...(v.working ? [] : [{ label: 'Restore', description: 'write it back as production, logged', action: 'restore' as const }]),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Prompt ${label(v)}`, placeHolder: 'What to do with this prompt' });
  return picked?.action;
}
