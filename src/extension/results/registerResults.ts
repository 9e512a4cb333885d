import type { Ctx } from '../ctx';
import type { HistoryService } from '../history';
import { log } from '../log';
import { ResultsPanel } from './resultsPanel';
import { readRunList, type ListRuns } from '../../core/store/runLookup';

/** The results feature's objects, on the extension's API for tests and other extensions. */
export interface ResultsApi {
  /** The panel that shows one run. */
  runs: ResultsPanel;
  /** The panel that compares two runs. */
  comparison: ResultsPanel;
  /** A client's runs, newest first, for the pickers of Show Results, Compare Runs and Pin as Baseline. */
  listRuns: ListRuns;
}

/** The two panels behind Show Results, Compare Runs and Pin/Unpin Baseline (commands/index.ts). */
export function registerResults(ctx: Ctx, history: HistoryService): ResultsApi {
  const extensionUri = ctx.extension.extensionUri;
  const panels: ResultsApi = {
    runs: new ResultsPanel(extensionUri, 'upkeep.results', 'Results view'),
    comparison: new ResultsPanel(extensionUri, 'upkeep.comparison', 'Comparison view'),
    // The pickers list runs from the history index; if it cannot open, by reading the records.
    listRuns: (clientDir, evalSetId, limit) =>
      history.listRuns(clientDir, evalSetId, limit).catch((e) => {
        log().warn(`Listing runs from the history index failed (${(e as Error).message}); reading the run records instead.`);
        return readRunList(clientDir, evalSetId, limit);
      }),
  };
  ctx.extension.subscriptions.push(
    panels.runs,
    panels.comparison,
    // baselines.json edited by hand or pulled from git: what the views compare with may have changed.
    ctx.onDidChange(() => void Promise.all([panels.runs.refreshIfBaselineChanged(), panels.comparison.refreshIfBaselineChanged()]).catch(() => undefined)),
  );
  return panels;
}
