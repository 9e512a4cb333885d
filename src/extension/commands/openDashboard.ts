import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { DashboardMode, DashboardPanel } from '../dashboard/dashboardPanel';
import { isTreeNode } from '../pickClient';

/**
 * "Upkeep: Open Dashboard": from a client in the tree (context menu, inline icon) or with a
 * client id, that client's dashboard; from the palette, the only client's, or with several
 * clients the all-clients overview, whose picker and rows open each client's.
 */
export function openDashboardCommand(ctx: Ctx, panel: DashboardPanel) {
  return async (arg?: unknown): Promise<DashboardMode | undefined> => {
    const model = await ctx.ready();
    const clientId = isTreeNode(arg) ? arg.client.id : typeof arg === 'string' ? arg : model.clients.length === 1 ? model.clients[0].id : undefined;
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
