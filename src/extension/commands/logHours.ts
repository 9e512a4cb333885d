import * as path from 'path';
import * as vscode from 'vscode';
import { CATEGORY_HELP, CHANGELOG_CATEGORIES, hoursInMonth } from '../../core/workspace/changelog';
import { logHours, validateEntry, type NewEntry } from '../../core/workspace/changelogWriter';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { pickClient } from '../pickClient';
import { localDate } from './createClient';

/**
 * "Upkeep: Log Hours": appends a well-formed entry to the client's CHANGELOG.md, the same entry
 * the dashboard's form writes. With a complete entry as second argument it asks nothing.
 */
export function logHoursCommand(ctx: Ctx) {
  return async (clientArg?: unknown, given?: Partial<NewEntry>): Promise<NewEntry | undefined> => {
    const client = await pickClient(ctx, clientArg, 'Log Hours');
    if (!client?.manifest) return undefined;
    const entry = given && !validateEntry(given) ? (given as NewEntry) : await askForEntry(client, given);
    if (!entry) return undefined;
    const file = client.changelog?.file ?? path.join(client.dir, client.manifest.changelog);
    await logHours(file, entry, client.name);
    const model = await ctx.reload();
    const updated = model.clients.find((c) => c.dir === client.dir);
    const month = entry.date.slice(0, 7);
    const used = hoursInMonth(updated?.changelog?.entries ?? [], month);
    const included = client.manifest.retainer?.includedHours;
    void vscode.window.showInformationMessage(
      `Logged ${entry.hours} h (${entry.category}) for ${client.name}: ${used}${included === undefined ? '' : ` / ${included}`} h in ${month}.`,
    );
    return entry;
  };
}

async function askForEntry(client: Client, given: Partial<NewEntry> = {}): Promise<NewEntry | undefined> {
  const title = `Log Hours — ${client.name}`;
  const date = await vscode.window.showInputBox({
    title,
    prompt: 'Date of the work (YYYY-MM-DD)',
    value: given.date ?? localDate(new Date()),
    validateInput: (v) => validateEntry({ date: v, category: 'other', hours: 1, title: 'x' }),
  });
  if (!date) return undefined;
  const category = await vscode.window.showQuickPick(
    CHANGELOG_CATEGORIES.map((c) => ({ label: c, detail: CATEGORY_HELP[c] })),
    { title, placeHolder: 'Category' },
  );
  if (!category) return undefined;
  const hours = await vscode.window.showInputBox({
    title,
    prompt: 'Hours (decimals allowed: 0.25 is a quarter of an hour)',
    value: given.hours !== undefined ? String(given.hours) : undefined,
    validateInput: (v) => validateEntry({ date, category: 'other', hours: Number(v), title: 'x' }),
  });
  if (!hours) return undefined;
  const heading = await vscode.window.showInputBox({ title, prompt: 'What was done (one line; the heading of the entry)', value: given.title, validateInput: (v) => (v.trim() ? undefined : 'The entry needs a title.') });
  if (!heading) return undefined;
  const runPick = await vscode.window.showQuickPick(
    [{ label: 'No run', file: undefined as string | undefined }, ...client.runFiles.slice(0, 20).map((f) => ({ label: path.basename(f, '.json'), file: f as string | undefined }))],
    { title, placeHolder: 'Link a run (optional)' },
  );
  if (!runPick) return undefined;
  const changelogDir = path.dirname(client.changelog?.file ?? path.join(client.dir, 'CHANGELOG.md'));
  return {
    date,
    category: category.label,
    hours: Number(hours),
    title: heading,
    runLink: runPick.file ? { label: runPick.label, path: path.relative(changelogDir, runPick.file).split(path.sep).join('/') } : undefined,
  };
}
