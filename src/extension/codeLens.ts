import * as vscode from 'vscode';
import type { CaseHistory } from '../core/store/caseHistory';
import { parseEvalSet, type EvalSet } from '../core/workspace/evalSet';
import type { Client } from '../core/workspace/loadWorkspace';
import type { Problem } from '../core/workspace/problems';
import type { Ctx } from './ctx';
import { openRunDiff, runDocumentUri } from './runDocuments';
import type { EvalTestController } from './testing/controller';
import type { TestRunReport } from './testing/report';
import { outcomeLine } from './testing/report';

import { COMPARE_CASE_COMMAND, RUN_CASE_COMMAND } from './names';

export { COMPARE_CASE_COMMAND, RUN_CASE_COMMAND };

/**
 * Over each case of an eval file (YAML or JSONL): "▶ Run" (the case alone, through the Test
 * Explorer's run), its last result ("✓ 0.92", "✗ 0.40", "! error", which opens the results), and
 * "Compare with previous" when it has two results (the two outputs in VS Code's diff editor).
 */
export class EvalCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ctx: Ctx,
    private readonly testing: EvalTestController,
  ) {
    // A reload follows every saved eval file and every new run record.
    this.subscription = ctx.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const found = findSet(this.ctx, document.uri.fsPath);
    if (!found) return [];
    const { client, set, broken } = found;
    // Positions from the text as it is now (it may be unsaved); results from the saved set's records.
    // While the text does not parse, the last known cases keep their lenses.
    const parsed = (document.isDirty ? parseEvalSet(set.file, set.id, document.getText()).set : undefined) ?? set;
    const runnable = new Set(set.cases.map((c) => c.id));
    const history = await this.testing.history.forSet(client, set);
    const lenses: vscode.CodeLens[] = [];
    for (const c of parsed.cases) {
      const at = new vscode.Range(c.range.line - 1, 0, c.range.line - 1, 0);
      if (broken) {
        const line = broken.range.line;
        lenses.push(
          new vscode.CodeLens(at, {
            title: `⚠ Does not load (line ${line}): fix it to run`,
            command: 'vscode.open',
            arguments: [document.uri, { selection: new vscode.Range(line - 1, broken.range.column - 1, broken.range.endLine - 1, broken.range.endColumn - 1) }],
            tooltip: broken.message,
          }),
        );
      } else if (runnable.has(c.id)) {
        lenses.push(
          new vscode.CodeLens(at, {
            title: '▶ Run',
            command: RUN_CASE_COMMAND,
            arguments: [set.file, c.id],
            tooltip: `Run ${c.id} against ${client.manifest?.model.name ?? 'the client\u2019s model'}`,
          }),
        );
      }
      const h = history.get(c.id);
      if (!h) continue;
      lenses.push(new vscode.CodeLens(at, { title: outcomeLine(h.last), command: 'upkeep.showResults', arguments: [h.last.runFile, c.id], tooltip: resultTooltip(h) }));
      if (h.previous) {
        lenses.push(
          new vscode.CodeLens(at, {
            title: 'Compare with previous',
            command: COMPARE_CASE_COMMAND,
            arguments: [h.previous.runFile, h.last.runFile, c.id, h.previous.attempt, h.last.attempt],
            tooltip: `${c.id}: the output of ${h.previous.runId} beside the output of ${h.last.runId}`,
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The CodeLens provider; the two commands its lenses call are in commands/index.ts. */
export function registerCodeLens(ctx: Ctx, testing: EvalTestController): vscode.Disposable {
  const provider = new EvalCodeLensProvider(ctx, testing);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', pattern: '**/*.{yaml,yml}' },
        { scheme: 'file', pattern: '**/*.jsonl' },
      ],
      provider,
    ),
  );
}

/** Runs one case the way the Test Explorer does (its TestRun, its run record), saving the file first when it has edits. */
export async function runCase(ctx: Ctx, testing: EvalTestController, file: string, caseId: string): Promise<TestRunReport | undefined> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (document?.isDirty) {
    await document.save();
    await ctx.reload();
  }
  await ctx.ready();
  const item = testing.caseItem(file, caseId);
  if (!item) {
    void vscode.window.showWarningMessage(`Case '${caseId}' is not in a loaded eval set; fix the problems in the file first.`);
    return undefined;
  }
  return testing.run(new vscode.TestRunRequest([item]));
}

/** The previous run's output on the left, the last run's on the right, read from the two run records. */
export async function compareWithPrevious(previousFile: string, lastFile: string, caseId: string, previousAttempt = 0, lastAttempt = 0): Promise<void> {
  const left = runDocumentUri(previousFile, 'output', caseId, previousAttempt);
  const right = runDocumentUri(lastFile, 'output', caseId, lastAttempt);
  await openRunDiff(left, right, `${caseId}: previous ↔ last output`);
}

/** The set of an eval file; for a file that does not load, its last known cases and the error (it runs nothing until fixed). */
function findSet(ctx: Ctx, file: string): { client: Client; set: EvalSet; broken?: Problem } | undefined {
  for (const client of ctx.workspace.clients) {
    const set = client.evalSets.find((s) => s.file === file);
    if (set) return { client, set };
    const broken = client.brokenEvalSets.find((b) => b.file === file);
    if (broken?.lastKnown) return { client, set: broken.lastKnown, broken: broken.problem };
  }
  return undefined;
}

function resultTooltip(h: CaseHistory): string {
  const o = h.last;
  const when = o.finishedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const parts = [`${o.caseId}: ${o.status}, score ${o.score.toFixed(2)} on ${when} (${o.runId})`];
  if (o.attempts > 1) parts.push(`${Math.round(o.passRate * o.attempts)} of ${o.attempts} attempts passed`);
  if (o.error) parts.push(o.error);
  else if (o.failures.length) parts.push(...o.failures);
  if (h.previous) parts.push(`before: ${outcomeLine(h.previous)} (${h.previous.runId})`);
  parts.push('Click to show the results.');
  return parts.join('\n');
}
