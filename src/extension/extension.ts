import * as vscode from 'vscode';
import type { UpkeepApi } from './api';
import type { TreeNode } from './clientsTree';
import type { Handler } from './commands';
import type { Features } from './features';
import { loadFeatures } from './lazy';
import { CLIENTS_VIEW, COMPARE_CASE_COMMAND, RUN_CASE_COMMAND, RUN_SCHEME, STARTUP_MARKS } from './names';

/**
 * Activation registers, as stand-ins, only what VS Code must find the moment it returns: every
 * command, the Clients view and the `upkeep-run:` documents an editor restored from the last
 * session may show. Everything behind them (the workspace loader with its schemas and parsers,
 * the tree's data, Problems, Test Explorer, CodeLens, health checks, panels) is dist/features.js,
 * required on the next turn of the event loop or by the first stand-in used, if sooner. So what
 * the extension host counts as activation (loading this file and calling activate) stays a few
 * milliseconds, and the first tree paint waits for the same load it always waited for.
 */
export function activate(context: vscode.ExtensionContext): UpkeepApi {
  performance.mark(STARTUP_MARKS.activate);
  const handlers = new Map<string, Handler>();
  const treeChanged = new vscode.EventEmitter<TreeNode | undefined>();
  let features: Features | undefined;
  const start = (): Features => {
    if (!features) {
      features = loadFeatures().startFeatures(context, view, (id, handler) => handlers.set(id, handler));
      context.subscriptions.push(features.clientsTree.onDidChangeTreeData((node) => treeChanged.fire(node)));
      performance.mark(STARTUP_MARKS.featuresStarted);
    }
    return features;
  };

  const view = vscode.window.createTreeView<TreeNode>(CLIENTS_VIEW, {
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getChildren: (node) => start().clientsTree.getChildren(node),
      getTreeItem: (node) => start().clientsTree.getTreeItem(node),
      getParent: (node) => start().clientsTree.getParent(node),
    },
    showCollapseAll: true,
  });
  context.subscriptions.push(
    treeChanged,
    view,
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, { provideTextDocumentContent: (uri) => start().runDocuments.provideTextDocumentContent(uri) }),
    ...commandIds(context).map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        start();
        const handler = handlers.get(id);
        if (!handler) throw new Error(`Upkeep has no handler for ${id}`);
        return handler(...args);
      }),
    ),
  );

  setImmediate(() => {
    try {
      start();
    } catch (e) {
      void vscode.window.showErrorMessage(`Upkeep could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return apiOf(start);
}

export function deactivate(): void {}

/** Every command package.json contributes, and the CodeLens ones it does not. */
function commandIds(context: vscode.ExtensionContext): string[] {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  return [...contributed.map((c) => c.command), RUN_CASE_COMMAND, COMPARE_CASE_COMMAND];
}

/**
 * The API, whose objects are the features': reading one of them starts the features first. It is
 * not a thenable (VS Code resolves a promise with it, which asks for `then`).
 */
function apiOf(start: () => Features): UpkeepApi {
  return new Proxy({} as UpkeepApi, {
    get: (_, key) => (typeof key === 'string' && key !== 'then' ? start().api[key as keyof UpkeepApi] : undefined),
  });
}
