import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { HistoryService } from '../history';
import { isTreeNode } from '../pickClient';
import { DashboardPanel, type DashboardMode } from './dashboardPanel';

/**
 * "Upkeep: Open Dashboard": from a client in the tree (context menu, inline icon) or with a
 * client id, that client's dashboard; from the palette, the only client's, or with several
 * clients the all-clients overview, whose picker and rows open each client's.
 */
export function registerDashboard(ctx: Ctx, history: HistoryService): DashboardPanel {
  const panel = new DashboardPanel(ctx.extension.extensionUri, ctx, history);
  ctx.extension.subscriptions.push(
    panel,
    // The index synced (after every workspace reload: a run file or change-log entry appeared,
    // changed or went): what the open panel shows may have changed. Closing the panel (dispose)
    // keeps this, so the panel opened again updates too.
    history.onDidUpdate(() => void panel.refresh()),
    vscode.commands.registerCommand('upkeep.openDashboard', async (arg?: unknown): Promise<DashboardMode | undefined> => {
      const model = await ctx.ready();
      const clientId = isTreeNode(arg) ? arg.client.id : typeof arg === 'string' ? arg : model.clients.length === 1 ? model.clients[0].id : undefined;
      try {
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
      } catch (e) {
        void vscode.window.showErrorMessage(`Upkeep cannot open the dashboard: ${(e as Error).message}`);
        return undefined;
      }
    }),
  );
  return panel;
}
