import * as vscode from 'vscode';
import { defaultReportMonth } from '../../core/report/calendar';
import { readSample } from '../../core/review/sampleStore';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { pickClient } from '../pickClient';
import type { ReviewPanel } from '../review/reviewPanel';
import { requireTrust } from '../trust';

/**
 * "Upkeep: Review Production Sample": the month's review of a client (the month a report is due
 * for, or the one given). An existing sample resumes where its verdicts stop; without one, the
 * sample is drawn from client.yaml's `production` log and graded first, as `upkeep sample` does.
 */
export function reviewProductionCommand(ctx: Ctx, panel: ReviewPanel) {
  return async (clientArg?: unknown, monthArg?: string): Promise<boolean> => {
    const client = await pickClient(ctx, clientArg, 'Review Production Sample', (c) => c.manifest?.production !== undefined, 'No client has a production: section in its client.yaml (where its production log is).');
    if (!client) return false;
    const month = typeof monthArg === 'string' ? monthArg : defaultReportMonth(new Date());
    if (!(await readSample(client.dir, month))) {
      if (!requireTrust('draws and grades a production sample')) return false;
      const runner = loadRunner();
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Drawing the ${month} production sample of ${client.name}` }, () =>
          runner.drawMonthlySample(client, { since: `${month}-01`, run: { trigger: 'vscode' } }),
        );
      } catch (e) {
        if (e instanceof runner.UnusableSample || e instanceof runner.UnmappableLog) {
          void vscode.window.showErrorMessage(`Upkeep: no review sample for ${client.name}: ${e.message}`);
          return false;
        }
        throw e;
      }
    }
    return (await panel.show(ctx.client(client.id) ?? client, month)) !== undefined;
  };
}
