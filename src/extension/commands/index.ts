import * as vscode from 'vscode';
import type { UpkeepApi } from '../api';
import type { TreeNode } from '../clientsTree';
import { COMPARE_CASE_COMMAND, compareWithPrevious, RUN_CASE_COMMAND, runCase } from '../codeLens';
import { log } from '../log';
import { compareRunsCommand, pinBaselineCommand, showResultsCommand, unpinBaselineCommand } from '../results/commands';
import { setApiKeyCommand } from './apiKey';
import { checkModelHealthCommand } from './checkModelHealth';
import { compareCandidateCommand } from './compareCandidate';
import { createClient } from './createClient';
import { promoteCandidateCommand, rollBackCommand, showComparisonCommand } from './promoteCandidate';
import { promptHistoryCommand } from './promptHistory';
import { editReportNotesCommand, generateAllReportsCommand, generateReportCommand, openReportCommand, openReportFileCommand, regenerateReportCommand } from './generateReport';
import { importPromptfooCommand } from './importPromptfoo';
import { acknowledgeIncidentCommand, openIncidentCommand, resolveIncidentCommand, showHealthCommand } from './incidents';
import { logHoursCommand } from './logHours';
import { openDashboardCommand } from './openDashboard';
import { openChangelog, openRunbook, openSystemPrompt } from './openFiles';
import { reviewProductionCommand } from './reviewProduction';
import { runAllEvalSetsCommand, runEvalSetCommand } from './runEvalSet';
import { runEveryClientCommand } from './runEveryClient';

/** What a command is made from: the state (ctx) and the extension's views and panels. */
export type CommandContext = Omit<UpkeepApi, 'commandFailures'> & { view: vscode.TreeView<TreeNode> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments come from VS Code, menus and other commands untyped
export type Handler = (...args: any[]) => unknown;
type CommandFactory = (c: CommandContext) => Handler;

/**
 * Every command Upkeep registers, as a factory over the context (the palette's titles come from
 * package.json). Adding a command is one line here and one factory in its own module.
 */
export const COMMANDS: Record<string, CommandFactory> = {
  'upkeep.createClient': (c) => createClient(c.ctx, c.clientsTree, c.view),
  'upkeep.refresh': (c) => () => c.ctx.reload(),
  'upkeep.openSystemPrompt': (c) => openSystemPrompt(c.ctx),
  'upkeep.openChangelog': (c) => openChangelog(c.ctx),
  'upkeep.openRunbook': (c) => openRunbook(c.ctx),
  'upkeep.runEvalSet': (c) => runEvalSetCommand(c.ctx),
  'upkeep.runAllEvalSets': (c) => runAllEvalSetsCommand(c.ctx),
  'upkeep.runEveryClient': (c) => runEveryClientCommand(c.ctx),
  'upkeep.setApiKey': (c) => setApiKeyCommand(c.ctx),
  'upkeep.checkModelHealth': (c) => checkModelHealthCommand(c.ctx),
  'upkeep.showHealth': (c) => showHealthCommand(c.ctx, c.health),
  'upkeep.openIncident': (c) => openIncidentCommand(c.ctx),
  'upkeep.acknowledgeIncident': (c) => acknowledgeIncidentCommand(c.ctx),
  'upkeep.resolveIncident': (c) => resolveIncidentCommand(c.ctx),
  'upkeep.logHours': (c) => logHoursCommand(c.ctx),
  'upkeep.importPromptfoo': (c) => importPromptfooCommand(c.ctx),
  'upkeep.showLog': () => () => log().show(),
  'upkeep.openDashboard': (c) => openDashboardCommand(c.ctx, c.dashboard, c.view),
  'upkeep.generateReport': (c) => generateReportCommand(c.ctx, c.history, c.reportPreview),
  'upkeep.generateAllReports': (c) => generateAllReportsCommand(c.ctx, c.history),
  // The report preview's editor title.
  'upkeep.regenerateReport': (c) => regenerateReportCommand(c.ctx, c.history, c.reportPreview),
  'upkeep.openReport': (c) => openReportCommand(c.ctx, c.reportPreview),
  'upkeep.openReportPdf': (c) => openReportFileCommand(c.reportPreview, 'pdf'),
  'upkeep.openReportInBrowser': (c) => openReportFileCommand(c.reportPreview, 'html'),
  'upkeep.editReportNotes': (c) => editReportNotesCommand(c.reportPreview),
  'upkeep.showResults': (c) => showResultsCommand(c.ctx, c.results, c.results.listRuns),
  'upkeep.compareCandidate': (c) => compareCandidateCommand(c.ctx, c.candidate),
  'upkeep.promoteCandidate': (c) => promoteCandidateCommand(c.ctx, c.candidate),
  'upkeep.rollBack': (c) => rollBackCommand(c.ctx),
  'upkeep.promptHistory': (c) => promptHistoryCommand(c.ctx),
  'upkeep.reviewProduction': (c) => reviewProductionCommand(c.ctx, c.review),
  'upkeep.showComparison': (c) => showComparisonCommand(c.ctx, c.candidate),
  'upkeep.compareRuns': (c) => compareRunsCommand(c.ctx, c.results, c.results.listRuns),
  // The tree's "Compare with…": Compare Runs from one run.
  'upkeep.compareWith': (c) => {
    const compare = compareRunsCommand(c.ctx, c.results, c.results.listRuns);
    return (run?: unknown) => compare(run);
  },
  'upkeep.pinBaseline': (c) => pinBaselineCommand(c.ctx, c.results, c.results.listRuns),
  'upkeep.unpinBaseline': (c) => unpinBaselineCommand(c.ctx, c.results),
  // CodeLens: "▶ Run" one case, "Compare with previous" outputs.
  [RUN_CASE_COMMAND]: (c) => (file: string, caseId: string) => runCase(c.ctx, c.testing, file, caseId),
  [COMPARE_CASE_COMMAND]: () => compareWithPrevious,
};

/** A command that failed: what the user was shown and the log got. */
export interface CommandFailure {
  command: string;
  message: string;
}

/**
 * Hands `register` every command of the table, each wrapped once: a failure becomes an error
 * message (with Show Log) and a log line with its stack, and the command resolves with undefined
 * instead of rejecting where nobody listens. VS Code itself knows the commands from activation,
 * whose stand-ins call what is registered here (src/extension/extension.ts).
 */
export function registerCommands(c: CommandContext, register: (id: string, handler: Handler) => void): CommandFailure[] {
  const failures: CommandFailure[] = [];
  const titles = commandTitles(c.ctx.extension);
  for (const [id, factory] of Object.entries(COMMANDS)) {
    const handler = factory(c);
    const title = titles.get(id) ?? id;
    const guarded = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        const message = `${title} failed: ${e instanceof Error ? e.message : String(e)}`;
        log().error(e instanceof Error && e.stack ? `${message}\n${e.stack}` : message);
        failures.push({ command: id, message });
        if (failures.length > 20) failures.shift();
        void vscode.window.showErrorMessage(`Upkeep: ${message}`, 'Show Log').then((choice) => choice && log().show());
        return undefined;
      }
    };
    register(id, guarded);
  }
  return failures;
}

/** "Log Hours" for `upkeep.logHours`, from the manifest's contributed commands. */
function commandTitles(extension: vscode.ExtensionContext): Map<string, string> {
  const contributed = (extension.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes?.commands ?? [];
  return new Map(contributed.map((c) => [c.command, c.title]));
}
