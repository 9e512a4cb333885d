import * as vscode from 'vscode';
import type { UpkeepApi } from './api';
import { ClientsTreeProvider } from './clientsTree';
import { setApiKeyCommand } from './commands/apiKey';
import { checkModelHealthCommand } from './commands/checkModelHealth';
import { createClient } from './commands/createClient';
import { importPromptfooCommand } from './commands/importPromptfoo';
import { logHoursCommand } from './commands/logHours';
import { openChangelog, openRunbook, openSystemPrompt } from './commands/openFiles';
import { runAllEvalSetsCommand, runEvalSetCommand } from './commands/runEvalSet';
import { Ctx } from './ctx';
import { registerDiagnostics } from './diagnostics';
import { HistoryService } from './history';
import { log } from './log';
import { RUN_SCHEME, RunDocumentProvider } from './runDocuments';
import { registerCodeLens } from './codeLens';
import { registerTesting } from './testing';
import { registerResults } from './results/registerResults';
import { registerDashboard } from './dashboard/registerDashboard';
import { welcomeSampleWorkspace } from './sampleWorkspace';

/**
 * Activation registers views, commands and watchers and starts the one load the first view
 * needs. Anything heavy (runner, history index, webviews) is loaded by the command that uses it.
 */
export function activate(context: vscode.ExtensionContext): UpkeepApi {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);

  const history = new HistoryService(ctx);
  context.subscriptions.push(history);
  const clientsTree = new ClientsTreeProvider(ctx, history);
  const view = vscode.window.createTreeView('upkeep.clients', { treeDataProvider: clientsTree, showCollapseAll: true });
  registerDiagnostics(ctx, history);
  const testing = registerTesting(ctx);
  context.subscriptions.push(testing, registerCodeLens(ctx, testing));
  const results = registerResults(ctx, history);
  const dashboard = registerDashboard(ctx, history);

  const commands: Record<string, (...args: never[]) => unknown> = {
    'upkeep.createClient': createClient(ctx, clientsTree, view as vscode.TreeView<unknown>),
    'upkeep.refresh': () => ctx.reload(),
    'upkeep.openSystemPrompt': openSystemPrompt(ctx),
    'upkeep.openChangelog': openChangelog(ctx),
    'upkeep.openRunbook': openRunbook(ctx),
    'upkeep.runEvalSet': runEvalSetCommand(ctx),
    'upkeep.runAllEvalSets': runAllEvalSetsCommand(ctx),
    'upkeep.setApiKey': setApiKeyCommand(ctx),
    'upkeep.checkModelHealth': checkModelHealthCommand(ctx),
    'upkeep.logHours': logHoursCommand(ctx),
    'upkeep.importPromptfoo': importPromptfooCommand(ctx),
    'upkeep.showLog': () => log().show(),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  // Any file a client is made of may change: manifests, eval sets, prompts, runbooks, logs, runs.
  // Folders too: files written into a brand-new folder can land before the OS watches it, and
  // then only the folder's creation is reported.
  // Not: dependencies, git, the CLI's index cache, and run journals, which change with every
  // finished case while the record they become is what the views show.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const ignored = /[\\/](node_modules|\.git|\.upkeep)([\\/]|$)|[\\/]\.journal-[^\\/]*\.jsonl$/;
  const onFile = (uri: vscode.Uri) => {
    if (!ignored.test(uri.fsPath)) ctx.scheduleReload();
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, new RunDocumentProvider()),
    view,
    watcher,
    watcher.onDidCreate(onFile),
    watcher.onDidChange(onFile),
    watcher.onDidDelete(onFile),
    vscode.workspace.onDidChangeWorkspaceFolders(() => ctx.scheduleReload()),
  );

  void ctx.reload();
  welcomeSampleWorkspace(context);
  return { ctx, clientsTree, history, testing, results, dashboard };
}

export function deactivate(): void {}
