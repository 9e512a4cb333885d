import * as vscode from 'vscode';
import type { Problem } from '../core/workspace/problems';
import type { Ctx } from './ctx';
import type { HistoryService } from './history';

/**
 * Mirrors the model's problems, and the run records the history index could not read, into the
 * Problems panel; fixed problems disappear on the next load.
 */
export function registerDiagnostics(ctx: Ctx, history?: HistoryService): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('upkeep');
  const publish = () => {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of [...ctx.workspace.problems, ...(history?.unreadableRuns ?? [])]) {
      const list = byFile.get(p.file) ?? [];
      list.push(toDiagnostic(p));
      byFile.set(p.file, list);
    }
    collection.clear();
    for (const [file, diagnostics] of byFile) collection.set(vscode.Uri.file(file), diagnostics);
  };
  ctx.disposables.push(collection, ctx.onDidChange(publish));
  if (history) ctx.disposables.push(history.onDidUpdate(publish));
  return collection;
}

export function toDiagnostic(p: Problem): vscode.Diagnostic {
  const r = p.range;
  const range = new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, Math.max(r.endColumn - 1, r.line === r.endLine ? r.column : 0));
  const d = new vscode.Diagnostic(range, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'Upkeep';
  d.code = p.code;
  return d;
}
