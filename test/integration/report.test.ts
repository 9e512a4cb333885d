import * as assert from 'assert';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { NOTES_END, NOTES_START } from '../../src/core/report/notes';
import type { PreviewedReport } from '../../src/extension/report/reportPreview';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * The monthly report from VS Code: Generate Monthly Report writes the three files through the
 * core function the CLI uses, keeps the notes, and previews the HTML under our policy; Generate
 * All Reports writes one per client.
 */
const ACME = 'clients/acme-dental';
const MONTH = '2026-10';

describe('monthly report', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const c of await fs.readdir(path.join(workspaceDir(), 'clients'))) await fs.rm(path.join(workspaceDir(), 'clients', c, 'reports'), { recursive: true, force: true });
  });

  it('Generate Monthly Report writes Acme Dental 2026-10 as .md, .html and .pdf and previews its HTML', async () => {
    const { reportPreview } = await upkeep();
    const report = await vscode.commands.executeCommand<PreviewedReport>('upkeep.generateReport', ACME, MONTH);
    assert.ok(report, 'the command wrote nothing');
    const dir = path.join(workspaceDir(), ACME, 'reports');
    assert.deepStrictEqual(report.files, { md: path.join(dir, `${MONTH}.md`), html: path.join(dir, `${MONTH}.html`), pdf: path.join(dir, `${MONTH}.pdf`) });
    for (const f of Object.values(report.files)) assert.ok(existsSync(f!), `${f} was not written`);
    assert.strictEqual((await fs.readFile(report.files.pdf!)).subarray(0, 5).toString(), '%PDF-');

    assert.ok(reportPreview.isOpen, 'no preview panel');
    assert.deepStrictEqual(reportPreview.current, report);
    const html = reportPreview.html ?? '';
    assert.ok(html.includes('4.25'), 'the preview was not given the report with its 4.25 hours');
    assert.ok(!/unsafe-inline/.test(html) && !/<script/i.test(html), 'the preview allows inline script or has script');
    await waitFor('the report preview tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('upkeep.reportPreview') && t.label === 'Report: Acme Dental 2026-10'),
    );
  });

  it("Open in Browser is in the preview's title bar beside Open PDF, shown for the preview, and hands over the report's own HTML file", async () => {
    const { reportPreview } = await upkeep();
    const contributes = vscode.extensions.getExtension('upkeep.upkeep')!.packageJSON.contributes as { menus: Record<string, { command: string; when?: string }[]> };
    const forPreview = "activeWebviewPanelId == 'upkeep.reportPreview'";
    const titleBar = contributes.menus['editor/title'].filter((m) => m.when === forPreview).map((m) => m.command);
    assert.deepStrictEqual(titleBar, ['upkeep.openReportPdf', 'upkeep.openReportInBrowser', 'upkeep.editReportNotes', 'upkeep.regenerateReport']);
    assert.strictEqual(contributes.menus.commandPalette.find((m) => m.command === 'upkeep.openReportInBrowser')?.when, forPreview);
    // The clause holds: the preview is the active webview panel, of the view type the clause names.
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(active instanceof vscode.TabInputWebview && active.viewType.endsWith('upkeep.reportPreview'), 'the report preview is not the active editor');

    const uri = await vscode.commands.executeCommand<vscode.Uri>('upkeep.openReportInBrowser');
    assert.ok(uri, 'nothing was handed over');
    assert.strictEqual(uri.scheme, 'file');
    assert.strictEqual(uri.fsPath, reportPreview.current?.files.html);
    assert.strictEqual(uri.fsPath, path.join(workspaceDir(), ACME, 'reports', `${MONTH}.html`));
    assert.match(await fs.readFile(uri.fsPath, 'utf8'), /^<!DOCTYPE html>[\s\S]*<title>Acme Dental · AI assistant report · October 2026<\/title>/);
  });

  it("Regenerate keeps the engineer's notes; Edit Notes opens the Markdown at them", async () => {
    const md = path.join(workspaceDir(), ACME, 'reports', `${MONTH}.md`);
    const text = await fs.readFile(md, 'utf8');
    await fs.writeFile(md, text.replace(/(<!-- upkeep:notes:start[^>]*-->)[\s\S]*?(<!-- upkeep:notes:end -->)/, '$1\nCalled Dr Acme about the refund wording.\n$2'));
    await vscode.commands.executeCommand('upkeep.regenerateReport');
    const after = await fs.readFile(md, 'utf8');
    assert.ok(after.includes(`${NOTES_START}\nCalled Dr Acme about the refund wording.\n${NOTES_END}`), 'the notes were lost');

    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('upkeep.editReportNotes');
    assert.strictEqual(editor?.document.uri.fsPath, md);
    assert.strictEqual(editor.document.offsetAt(editor.selection.active), editor.document.getText().indexOf(NOTES_START) + NOTES_START.length);
  });

  it('Generate All Reports writes one per client', async () => {
    const { ctx } = await upkeep();
    const clients = (await ctx.ready()).clients.filter((c) => c.manifest);
    const written = await vscode.commands.executeCommand<PreviewedReport[]>('upkeep.generateAllReports', MONTH);
    assert.deepStrictEqual(written.map((r) => r.clientId).sort(), clients.map((c) => c.id).sort());
    for (const c of clients) await waitFor(`${c.name}'s report`, () => existsSync(path.join(c.dir, 'reports', `${MONTH}.pdf`)));
  });
});

describe('monthly report in the Clients tree', () => {
  it("a client's Reports node lists its months, and a month opens the preview", async () => {
    const { clientsTree, reportPreview } = await upkeep();
    await vscode.commands.executeCommand('upkeep.generateReport', ACME, MONTH);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const client = (await clientsTree.getChildren()).find((n) => n.client.id === ACME)!;
    const reports = await waitFor('the Reports node with 2026-10', async () => {
      const node = (await clientsTree.getChildren(client)).find((n) => n.kind === 'reports');
      return node?.kind === 'reports' && node.months.includes(MONTH) && node;
    });
    const months = await clientsTree.getChildren(reports);
    const october = months.find((n) => n.kind === 'report' && n.month === MONTH)!;
    const item = clientsTree.getTreeItem(october);
    assert.strictEqual(item.label, 'October 2026');
    assert.ok(item.command, 'a month opens nothing');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    assert.ok(reportPreview.isOpen && reportPreview.current?.month === MONTH && reportPreview.html?.includes('4.25'), 'the month did not open its preview');
  });
});
