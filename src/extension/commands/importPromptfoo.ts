import * as vscode from 'vscode';
import { ImportError, importPromptfoo, type ImportResult } from '../../core/import/promptfoo';
import { formatProblem } from '../../core/workspace/problems';
import type { Ctx } from '../ctx';
import { log } from '../log';
import { isTreeNode, openFile, pickClient } from '../pickClient';

/**
 * Upkeep: Import promptfoo Config: asks for the config and the client (or takes them as
 * arguments: a config path and a client id or tree node), writes the eval set through the core
 * importer, opens it, and lists what was not carried over in the Upkeep output.
 */
export function importPromptfooCommand(ctx: Ctx) {
  return async (configArg?: unknown, clientArg?: unknown): Promise<ImportResult | undefined> => {
    const client = await pickClient(ctx, isTreeNode(configArg) ? configArg : clientArg, 'Import promptfoo Config into');
    if (!client) return undefined;
    const config =
      typeof configArg === 'string'
        ? configArg
        : (
            await vscode.window.showOpenDialog({
              title: `Import promptfoo Config into ${client.name}`,
              openLabel: 'Import',
              canSelectMany: false,
              filters: { 'promptfoo config': ['yaml', 'yml', 'json'] },
            })
          )?.[0]?.fsPath;
    if (!config) return undefined;
    let result: ImportResult;
    try {
      result = await importPromptfoo(config, client.dir);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      void vscode.window.showErrorMessage(`Import promptfoo Config: ${e.message}`);
      return undefined;
    }
    for (const p of result.notCarried) log().warn(`not carried over: ${formatProblem(p)}`);
    await ctx.reload();
    await openFile(result.setFile);
    const left = result.notCarried.length;
    const summary = `Imported ${result.caseCount} case${result.caseCount === 1 ? '' : 's'} into ${vscode.workspace.asRelativePath(result.setFile)}${left ? `; ${left} thing${left === 1 ? '' : 's'} not carried over` : ''}.`;
    void vscode.window.showInformationMessage(summary, ...(left ? ['Show What Was Left Out'] : [])).then((choice) => choice && log().show());
    return result;
  };
}
