import * as path from 'path';
import * as vscode from 'vscode';
import { readRunRecord } from '../core/store/readRuns';

import { RUN_SCHEME } from './names';

export { RUN_SCHEME };

/** What part of a run record a read-only document shows. */
export type RunPart = 'output' | 'expected' | 'input' | 'systemPrompt';

/**
 * `upkeep-run:` documents: read-only text taken from run records, so VS Code's own diff editor can
 * compare an output with the expected answer, with the previous run's output, or two system
 * prompts. The path is what the editor tab shows; the query says where the text comes from.
 */
export function runDocumentUri(runFile: string, part: RunPart, caseId?: string, attempt = 0): vscode.Uri {
  const runId = path.basename(runFile, '.json');
  const name = part === 'systemPrompt' ? 'system-prompt.md' : `${caseId}.${part}.txt`;
  const query = new URLSearchParams({ file: runFile, part, ...(caseId ? { case: caseId } : {}), attempt: String(attempt) });
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${runId}/${name}`, query: query.toString() });
}

export class RunDocumentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const file = q.get('file') ?? '';
    const read = await readRunRecord(file);
    if (!read.ok) return `This run record cannot be read: ${read.message}`;
    const record = read.record;
    const part = q.get('part') as RunPart;
    if (part === 'systemPrompt') return record.systemPrompt.text;
    const c = record.cases.find((x) => x.id === q.get('case'));
    if (!c) return `Case '${q.get('case')}' is not in run ${record.id}.`;
    if (part === 'expected') return c.expected ?? '';
    if (part === 'input') return c.input ?? (c.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n\n');
    const attempt = c.attempts[Number(q.get('attempt') ?? 0)] ?? c.attempts[0];
    return attempt.error ? `(no output: ${attempt.error})` : attempt.output;
  }
}

/**
 * The language of answers, expected outputs and inputs: plain text whose default is word wrap
 * (`configurationDefaults` in package.json), since a model's answer is often one long line that
 * a diff without wrapping shows as a sliver. A person can turn it off for `[upkeep-run-text]`.
 */
export const RUN_TEXT_LANGUAGE = 'upkeep-run-text';

/** Opens VS Code's diff editor on two parts of run records, e.g. expected vs output of one case. */
export async function openRunDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
  await Promise.all([left, right].map(asRunText));
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}

/** A system prompt stays Markdown (which VS Code wraps by default); every other part is run text. */
async function asRunText(uri: vscode.Uri): Promise<void> {
  if (new URLSearchParams(uri.query).get('part') === 'systemPrompt') return;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== RUN_TEXT_LANGUAGE) await vscode.languages.setTextDocumentLanguage(doc, RUN_TEXT_LANGUAGE);
}
