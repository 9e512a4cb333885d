import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { staticDocumentHtml } from '../webview/html';

export const REPORT_PREVIEW_VIEW_TYPE = 'upkeep.reportPreview';

/** The report being previewed: its client and month, and the files written. */
export interface PreviewedReport {
  clientId: string;
  clientName: string;
  month: string;
  files: Partial<Record<'md' | 'html' | 'pdf', string>>;
}

/**
 * The monthly report's own HTML in a panel, with no script: Open PDF, Open in Browser, Edit Notes and Regenerate
 * are commands in the panel's editor title (`activeWebviewPanelId`), so the page needs none.
 */
export class ReportPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  current: PreviewedReport | undefined;
  /** The HTML last given to the panel, for the tests. */
  html: string | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  async show(report: PreviewedReport): Promise<void> {
    if (!report.files.html) throw new Error(`The ${report.month} report of ${report.clientName} has no HTML to preview.`);
    const document = await fs.readFile(report.files.html, 'utf8');
    const title = `Report: ${report.clientName} ${report.month}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(REPORT_PREVIEW_VIEW_TYPE, title, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      const panel = this.panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      });
    }
    this.panel.title = title;
    this.current = report;
    this.html = staticDocumentHtml(document, this.panel.webview.cspSource);
    this.panel.webview.html = this.html;
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
