import * as path from 'path';
import * as vscode from 'vscode';
import { localDate, monthName } from '../../core/format/dates';
import { hours } from '../../core/format/numbers';
import { hoursForMonth } from '../../core/analysis/hours';
import { CATEGORY_HELP, CHANGELOG_CATEGORIES, entryProblem, type EntryField } from '../../core/workspace/changelog';
import { logHours, type NewEntry } from '../../core/workspace/changelogWriter';
import type { Client } from '../../core/workspace/loadWorkspace';
import { resolveInside } from '../../core/workspace/paths';
import type { Ctx } from '../ctx';
import { log } from '../log';
import { pickClient } from '../pickClient';

/** Hours to log, as the dashboard's form and the command collect them: a run by id, never a path. */
export interface HoursInput {
  date: string;
  category: string;
  hours: number;
  title: string;
  description?: string;
  runId?: string;
}

export type LoggedHours = { ok: true; entry: NewEntry; message: string } | { ok: false; error: string; field?: EntryField | 'runId' };

/**
 * The one way hours are logged (the command and the dashboard's form): checked with the change
 * log's own rules, the run linked relative to the change log the manifest names, appended by the
 * change-log writer, the workspace reloaded so every view has the entry when this resolves.
 */
export async function logClientHours(ctx: Ctx, client: Client, input: HoursInput): Promise<LoggedHours> {
  if (!client.manifest) return { ok: false, error: `${client.name}'s client.yaml has problems: fix it before logging hours.` };
  const file = await changelogFile(client);
  if (!file.ok) return { ok: false, error: file.error };
  let runLink: NewEntry['runLink'];
  if (input.runId !== undefined) {
    const run = client.runFiles.find((f) => path.basename(f, '.json') === input.runId);
    if (!run) return { ok: false, field: 'runId', error: `${input.runId} is not a run of ${client.name}.` };
    runLink = { label: input.runId, path: path.relative(path.dirname(file.path), run).split(path.sep).join('/') };
  }
  const entry: NewEntry = {
    date: input.date,
    category: input.category as NewEntry['category'],
    hours: input.hours,
    title: input.title.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    ...(runLink ? { runLink } : {}),
  };
  const problem = entryProblem(entry);
  if (problem) return { ok: false, error: problem.message, field: problem.field };
  try {
    await logHours(file.path, entry, client.name);
  } catch (e) {
    return { ok: false, error: `Could not write ${vscode.workspace.asRelativePath(file.path)}: ${(e as Error).message}` };
  }
  log().info(`Logged ${entry.hours} h (${entry.category}) for ${client.name} on ${entry.date} in ${file.path}.`);
  // Now rather than after the file watcher's debounce: the tree and the dashboard show the entry at once.
  const model = await ctx.reload();
  const month = entry.date.slice(0, 7);
  const used = hoursForMonth(model.clients.find((c) => c.dir === client.dir)?.changelog?.entries ?? [], undefined, month).total;
  const included = client.manifest.retainer?.includedHours;
  const total = `${hours(used)}${included === undefined ? '' : ` of ${hours(included)}`} h in ${monthName(month)}`;
  return { ok: true, entry, message: `Logged ${hours(entry.hours)} h (${entry.category}) for ${client.name} on ${entry.date}: ${total}.` };
}

/** The change log the manifest names (it may not exist yet), inside the client's folder. */
async function changelogFile(client: Client): Promise<{ ok: true; path: string } | { ok: false; error: string }> {
  if (client.changelog) return { ok: true, path: client.changelog.file };
  const written = client.manifest?.changelog ?? 'CHANGELOG.md';
  const inside = await resolveInside(client.dir, written);
  return inside.ok ? inside : { ok: false, error: `changelog: ${inside.reason}; fix it in ${vscode.workspace.asRelativePath(client.manifestFile)}.` };
}

/**
 * "Upkeep: Log Hours": asks for an entry (or, given a complete one as second argument, asks
 * nothing) and logs it as the dashboard's form does.
 */
export function logHoursCommand(ctx: Ctx) {
  return async (clientArg?: unknown, given?: Partial<HoursInput>): Promise<NewEntry | undefined> => {
    const client = await pickClient(ctx, clientArg, 'Log Hours');
    if (!client?.manifest) return undefined;
    const input = given && !entryProblem(given) ? (given as HoursInput) : await askForEntry(client, given);
    if (!input) return undefined;
    const result = await logClientHours(ctx, client, input);
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Upkeep could not log the hours: ${result.error}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(result.message);
    return result.entry;
  };
}

async function askForEntry(client: Client, given: Partial<HoursInput> = {}): Promise<HoursInput | undefined> {
  const title = `Log Hours — ${client.name}`;
  const problem = (e: Partial<HoursInput>) => entryProblem({ date: '2000-01-01', category: 'other', hours: 1, title: 'x', ...e })?.message;
  const date = await vscode.window.showInputBox({ title, prompt: 'Date of the work (YYYY-MM-DD)', value: given.date ?? localDate(new Date()), validateInput: (v) => problem({ date: v }) });
  if (!date) return undefined;
  const category = await vscode.window.showQuickPick(
    CHANGELOG_CATEGORIES.map((c) => ({ label: c, detail: CATEGORY_HELP[c] })),
    { title, placeHolder: 'Category' },
  );
  if (!category) return undefined;
  const hoursText = await vscode.window.showInputBox({
    title,
    prompt: 'Hours (decimals allowed: 0.25 is a quarter of an hour)',
    value: given.hours !== undefined ? String(given.hours) : undefined,
    validateInput: (v) => problem({ hours: Number(v) }),
  });
  if (!hoursText) return undefined;
  const heading = await vscode.window.showInputBox({ title, prompt: 'What was done (one line; the heading of the entry)', value: given.title, validateInput: (v) => problem({ title: v }) });
  if (!heading) return undefined;
  const runPick = await vscode.window.showQuickPick(
    [{ label: 'No run', runId: undefined as string | undefined }, ...client.runFiles.slice(0, 20).map((f) => ({ label: path.basename(f, '.json'), runId: path.basename(f, '.json') as string | undefined }))],
    { title, placeHolder: 'Link a run (optional)' },
  );
  if (!runPick) return undefined;
  return { date, category: category.label, hours: Number(hoursText), title: heading, ...(given.description ? { description: given.description } : {}), ...(runPick.runId ? { runId: runPick.runId } : {}) };
}
