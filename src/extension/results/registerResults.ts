import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { compareRunsCommand, pinBaselineCommand, showResultsCommand, unpinBaselineCommand } from './commands';
import { ResultsPanel } from './resultsPanel';

/** The results feature's objects, on the extension's API for tests and other extensions. */
export interface ResultsApi {
  /** The panel that shows one run. */
  runs: ResultsPanel;
  /** The panel that compares two runs. */
  comparison: ResultsPanel;
}

/** Show Results, Compare Runs, Pin/Unpin Baseline and the two panels behind them. */
export function registerResults(ctx: Ctx): ResultsApi {
  const extensionUri = ctx.extension.extensionUri;
  const panels: ResultsApi = {
    runs: new ResultsPanel(extensionUri, 'upkeep.results', 'Results view'),
    comparison: new ResultsPanel(extensionUri, 'upkeep.comparison', 'Comparison view'),
  };
  const compare = compareRunsCommand(ctx, panels);
  ctx.extension.subscriptions.push(
    panels.runs,
    panels.comparison,
    vscode.commands.registerCommand('upkeep.showResults', showResultsCommand(ctx, panels)),
    vscode.commands.registerCommand('upkeep.compareRuns', compare),
    // The tree's "Compare with…": the same command, from one run.
    vscode.commands.registerCommand('upkeep.compareWith', (run?: unknown) => compare(run)),
    vscode.commands.registerCommand('upkeep.pinBaseline', pinBaselineCommand(ctx, panels)),
    vscode.commands.registerCommand('upkeep.unpinBaseline', unpinBaselineCommand(ctx, panels)),
    // baselines.json edited by hand or pulled from git: what the views compare with may have changed.
    ctx.onDidChange(() => void Promise.all([panels.runs.refreshIfBaselineChanged(), panels.comparison.refreshIfBaselineChanged()]).catch(() => undefined)),
  );
  return panels;
}
