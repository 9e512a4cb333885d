import { existsSync } from 'fs';
import * as vscode from 'vscode';
import { defaultReportMonth, monthProblem } from '../../core/report/calendar';
import { NOTES_START } from '../../core/report/notes';
import { reportPath, reportsDir } from '../../core/report/reportFiles';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import type { HistoryService } from '../history';
import { log } from '../log';
import { openFile, pickClient } from '../pickClient';
import type { PreviewedReport, ReportPreview } from '../report/reportPreview';

/**
 * "Upkeep: Generate Monthly Report": a client (tree node or id) and a month `YYYY-MM`. From the
 * palette it asks for both; given a client without a month it uses the default month (last month
 * during the first week, else this month), so another command or the walkthrough never waits on
 * an input box. Writes `<client>/reports/YYYY-MM.md|.html|.pdf` (keeping the notes), then previews.
 */
export function generateReportCommand(ctx: Ctx, history: HistoryService, preview: ReportPreview) {
  return async (arg?: unknown, monthArg?: unknown): Promise<PreviewedReport | undefined> => {
    const client = await pickClient(ctx, arg, 'Generate Monthly Report');
    if (!client) return undefined;
    const month = typeof monthArg === 'string' ? monthArg : arg === undefined ? await askMonth() : defaultReportMonth(new Date());
    if (month === undefined) return undefined;
    const problem = monthProblem(month);
    if (problem) throw new Error(problem);
    const report = await writeReport(history, client, month);
    if (report) await preview.show(report);
    return report;
  };
}

/** "Upkeep: Generate All Reports": every client's report for one month, under one progress, then what was written. */
export function generateAllReportsCommand(ctx: Ctx, history: HistoryService) {
  return async (monthArg?: unknown): Promise<PreviewedReport[]> => {
    const model = await ctx.ready();
    const month = typeof monthArg === 'string' ? monthArg : await askMonth();
    if (month === undefined) return [];
    const problem = monthProblem(month);
    if (problem) throw new Error(problem);
    const clients = model.clients.filter((c) => c.manifest);
    const written: PreviewedReport[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating the ${month} reports` }, async (progress) => {
      for (const client of clients) {
        progress.report({ message: client.name, increment: 100 / Math.max(clients.length, 1) });
        written.push(await generate(history, client, month));
      }
    });
    const skipped = model.clients.length - clients.length;
    void vscode.window.showInformationMessage(
      `Wrote the ${month} report of ${written.length} client${written.length === 1 ? '' : 's'}${written.length ? ` (${written.map((r) => r.clientName).join(', ')})` : ''}.` +
        (skipped ? ` ${skipped} client${skipped === 1 ? '' : 's'} skipped: client.yaml does not validate.` : ''),
    );
    return written;
  };
}

/** Regenerates the report the preview shows, and shows it again. */
export function regenerateReportCommand(ctx: Ctx, history: HistoryService, preview: ReportPreview) {
  return async (): Promise<PreviewedReport | undefined> => {
    const current = preview.current;
    const client = current && ctx.client(current.clientId);
    if (!current || !client) return undefined;
    const report = await writeReport(history, client, current.month);
    if (report) await preview.show(report);
    return report;
  };
}

/** A month of the Reports node: its preview from the files already written (the Markdown when there is no HTML). */
export function openReportCommand(ctx: Ctx, preview: ReportPreview) {
  return async (clientId?: unknown, month?: unknown): Promise<PreviewedReport | undefined> => {
    const client = typeof clientId === 'string' ? ctx.client(clientId) : undefined;
    if (!client || typeof month !== 'string') return undefined;
    const dir = reportsDir(client.dir);
    const files: PreviewedReport['files'] = {};
    for (const format of ['md', 'html', 'pdf'] as const) if (existsSync(reportPath(dir, month, format))) files[format] = reportPath(dir, month, format);
    const report = { clientId: client.id, clientName: client.name, month, files };
    if (files.html) await preview.show(report);
    else if (files.md) await openFile(files.md);
    return report;
  };
}

/**
 * Opens one of the previewed report's files outside VS Code: the PDF in the system's viewer (Open
 * PDF), the HTML in the browser (Open in Browser). Returns the file's URI as handed over.
 */
export function openReportFileCommand(preview: ReportPreview, format: 'pdf' | 'html') {
  return async (): Promise<vscode.Uri | undefined> => {
    const file = preview.current?.files[format];
    if (!file) return undefined;
    const uri = vscode.Uri.file(file);
    await vscode.env.openExternal(uri);
    return uri;
  };
}

/** Opens the previewed report's Markdown with the cursor inside the notes markers. */
export function editReportNotesCommand(preview: ReportPreview) {
  return async (): Promise<vscode.TextEditor | undefined> => {
    const md = preview.current?.files.md;
    if (!md) return undefined;
    const editor = await openFile(md);
    const at = editor.document.getText().indexOf(NOTES_START);
    if (at >= 0) {
      const position = editor.document.positionAt(at + NOTES_START.length);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    }
    return editor;
  };
}

async function writeReport(history: HistoryService, client: Client, month: string): Promise<PreviewedReport | undefined> {
  if (!client.manifest) {
    void vscode.window.showErrorMessage(`${client.manifestFile} does not validate: fix it (see Problems) to make ${client.name}'s report.`);
    return undefined;
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating the ${month} report of ${client.name}` }, () => generate(history, client, month));
}

async function generate(history: HistoryService, client: Client, month: string): Promise<PreviewedReport> {
  const generated = await history.generateReport(client, month);
  for (const w of generated.warnings) log().warn(`Report of ${client.name}: ${w}`);
  return { clientId: client.id, clientName: client.name, month, files: generated.files };
}

async function askMonth(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Generate Monthly Report',
    prompt: 'Month (YYYY-MM)',
    value: defaultReportMonth(new Date()),
    validateInput: (text) => monthProblem(text.trim()),
  }).then((m) => m?.trim());
}
