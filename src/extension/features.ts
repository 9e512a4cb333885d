// Entry of dist/features.js: everything behind activation's stand-ins. Required by the first
// stand-in used or on the turn after activate returns (src/extension/extension.ts), so the
// workspace loader, its schemas and parsers, and the tree's data never count as activation.
import * as vscode from 'vscode';
import type { UpkeepApi } from './api';
import { ClientsTreeProvider, type TreeNode } from './clientsTree';
import { registerCommands, type Handler } from './commands';
import { Ctx } from './ctx';
import { registerDiagnostics } from './diagnostics';
import { HealthMonitor } from './health/healthMonitor';
import { HistoryService } from './history';
import { STARTUP_MARKS } from './names';
import { RunDocumentProvider } from './runDocuments';
import { registerCodeLens } from './codeLens';
import { registerTesting } from './testing';
import { registerResults } from './results/registerResults';
import { registerDashboard } from './dashboard/registerDashboard';
import { ReportPreview } from './report/reportPreview';
import { CandidatePanel } from './candidate/candidatePanel';
import { ReviewPanel } from './review/reviewPanel';
import { welcomeSampleWorkspace } from './sampleWorkspace';

/** What activation's stand-ins forward to: the tree's data, the run documents, the API. */
export interface Features {
  api: UpkeepApi;
  clientsTree: ClientsTreeProvider;
  runDocuments: RunDocumentProvider;
}

/**
 * Builds the views' providers, the commands' handlers (handed to `register`) and the watchers,
 * and starts the one load the first view needs. Anything heavy beyond that (runner, history
 * index, webviews) is loaded by the command that uses it.
 */
export function startFeatures(context: vscode.ExtensionContext, view: vscode.TreeView<TreeNode>, register: (id: string, handler: Handler) => void): Features {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);

  const history = new HistoryService(ctx);
  context.subscriptions.push(history);
  const clientsTree = new ClientsTreeProvider(ctx, history);
  registerDiagnostics(ctx, history);
  const testing = registerTesting(ctx);
  context.subscriptions.push(testing, registerCodeLens(ctx, testing));
  const results = registerResults(ctx, history);
  const dashboard = registerDashboard(ctx, history);
  const reportPreview = new ReportPreview(context.extensionUri);
  const candidate = new CandidatePanel(context.extensionUri);
  const review = new ReviewPanel(context.extensionUri, ctx);
  context.subscriptions.push(reportPreview, candidate, review);

  const health = new HealthMonitor(ctx);
  context.subscriptions.push(health);
  clientsTree.showHealth(health);

  const commandFailures = registerCommands({ ctx, clientsTree, view, history, testing, results, dashboard, reportPreview, candidate, review, health }, register);

  // Any file a client is made of may change: manifests, eval sets, prompts, runbooks, logs, runs.
  // Folders too: files written into a brand-new folder can land before the OS watches it, and
  // then only the folder's creation is reported.
  // Not: dependencies, git, the CLI's index cache, and run journals, which change with every
  // finished case while the record they become is what the views show; nor the health samples
  // every scheduled check appends (the tree hears of checks from the monitor).
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const ignored = /[\\/](node_modules|\.git|\.upkeep)([\\/]|$)|[\\/]\.journal-[^\\/]*\.jsonl$|[\\/]health[\\/]\d{4}-\d{2}\.jsonl$/;
  const onFile = (uri: vscode.Uri) => {
    if (!ignored.test(uri.fsPath)) ctx.scheduleReload();
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(onFile),
    watcher.onDidChange(onFile),
    watcher.onDidDelete(onFile),
    vscode.workspace.onDidChangeWorkspaceFolders(() => ctx.scheduleReload()),
  );

  void ctx.reload().then(() => performance.mark(STARTUP_MARKS.workspaceLoaded));
  welcomeSampleWorkspace(context);
  const api = { ctx, clientsTree, history, testing, results, dashboard, reportPreview, candidate, review, health, commandFailures };
  return { api, clientsTree, runDocuments: new RunDocumentProvider() };
}
