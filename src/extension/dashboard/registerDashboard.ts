import type { Ctx } from '../ctx';
import type { HistoryService } from '../history';
import { DashboardPanel } from './dashboardPanel';

/** The dashboard panel (opened by "Upkeep: Open Dashboard"), kept up to date with the history index. */
export function registerDashboard(ctx: Ctx, history: HistoryService): DashboardPanel {
  const panel = new DashboardPanel(ctx.extension.extensionUri, ctx, history);
  ctx.extension.subscriptions.push(
    panel,
    // The index synced (after every workspace reload: a run file or change-log entry appeared,
    // changed or went): what the open panel shows may have changed. Closing the panel (dispose)
    // keeps this, so the panel opened again updates too.
    history.onDidUpdate(() => void panel.refresh()),
  );
  return panel;
}
