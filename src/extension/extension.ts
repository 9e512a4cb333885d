import * as vscode from 'vscode';
import type { UpkeepApi } from './api';
import { ClientsTreeProvider } from './clientsTree';
import { setApiKeyCommand } from './commands/apiKey';
import { createClient } from './commands/createClient';
import { openChangelog, openRunbook, openSystemPrompt } from './commands/openFiles';
import { runAllEvalSetsCommand, runEvalSetCommand } from './commands/runEvalSet';
import { Ctx } from './ctx';
import { registerDiagnostics } from './diagnostics';
import { log } from './log';
import { RUN_SCHEME, RunDocumentProvider } from './runDocuments';

/**
 * Activation registers views, commands and watchers and starts the one load the first view
 * needs. Anything heavy (runner, history index, webviews) is loaded by the command that uses it.
 */
export function activate(context: vscode.ExtensionContext): UpkeepApi {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);

  const clientsTree = new ClientsTreeProvider(ctx);
  const view = vscode.window.createTreeView('upkeep.clients', { treeDataProvider: clientsTree, showCollapseAll: true });
  registerDiagnostics(ctx);

  const commands: Record<string, (...args: never[]) => unknown> = {
    'upkeep.createClient': createClient(ctx, clientsTree, view as vscode.TreeView<unknown>),
    'upkeep.refresh': () => ctx.reload(),
    'upkeep.openSystemPrompt': openSystemPrompt(ctx),
    'upkeep.openChangelog': openChangelog(ctx),
    'upkeep.openRunbook': openRunbook(ctx),
    'upkeep.runEvalSet': runEvalSetCommand(ctx),
    'upkeep.runAllEvalSets': runAllEvalSetsCommand(ctx),
    'upkeep.setApiKey': setApiKeyCommand(ctx),
    'upkeep.showLog': () => log().show(),
    // Until the results view exists, the record itself is the result.
    'upkeep.showResults': (file: string) => vscode.window.showTextDocument(vscode.Uri.file(file)),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  // Any file a client is made of may change: manifests, eval sets, prompts, runbooks, logs, runs.
  // Folders too: files written into a brand-new folder can land before the OS watches it, and
  // then only the folder's creation is reported.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onFile = (uri: vscode.Uri) => {
    if (!/[\\/](node_modules|\.git)[\\/]/.test(uri.fsPath)) ctx.scheduleReload();
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
  return { ctx, clientsTree };
}

export function deactivate(): void {}
