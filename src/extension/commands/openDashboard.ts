import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { DashboardMode, DashboardPanel } from '../dashboard/dashboardPanel';
import type { TreeNode } from '../clientsTree';
import { isTreeNode } from '../pickClient';

/**
 * "Upkeep: Open Dashboard": from a client in the tree (context menu, inline icon) or with a
 * client id, that client's dashboard; from the palette, the only client's, or with several
 * clients the all-clients overview, whose picker and rows open each client's. Its keybinding
 * (package.json) says where it was pressed: in a client's file, that client's; in the Clients
 * view, the selected item's client.
 */
export function openDashboardCommand(ctx: Ctx, panel: DashboardPanel, view: vscode.TreeView<TreeNode>) {
  return async (arg?: unknown): Promise<DashboardMode | undefined> => {
    const model = await ctx.ready();
    const only = model.clients.length === 1 ? model.clients[0].id : undefined;
    const clientId = isTreeNode(arg) ? arg.client.id : typeof arg === 'string' ? arg : isKeybinding(arg) ? (keyedClient(ctx, view, arg)?.id ?? only) : only;
    if (clientId === undefined || clientId === 'overview') {
      if (model.clients.length === 0) {
        void vscode.window.showInformationMessage('No client in this workspace yet. Run "Upkeep: Create Client" to add one.');
        return undefined;
      }
      await panel.showOverview();
    } else {
      await panel.showClient(clientId);
    }
    return panel.current;
  };
}

/** The `args` of the dashboard's keybindings: which client the key was pressed on. */
interface KeybindingArgs {
  client: 'editor' | 'selection';
}

function isKeybinding(arg: unknown): arg is KeybindingArgs {
  return typeof arg === 'object' && arg !== null && ((arg as KeybindingArgs).client === 'editor' || (arg as KeybindingArgs).client === 'selection');
}

function keyedClient(ctx: Ctx, view: vscode.TreeView<TreeNode>, arg: KeybindingArgs): { id: string } | undefined {
  if (arg.client === 'selection') return view.selection[0]?.client;
  const file = vscode.window.activeTextEditor?.document.uri;
  return file && ctx.clientOwning(file.fsPath);
}
