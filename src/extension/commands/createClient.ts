import * as path from 'path';
import * as vscode from 'vscode';
import { localDate } from '../../core/format/dates';
import { scaffoldClient, slugify, validateClientName } from '../../core/workspace/scaffold';
import type { ClientsTreeProvider, TreeNode } from '../clientsTree';
import { roots, type Ctx } from '../ctx';
import { openFile } from '../pickClient';

/**
 * Asks for a name (or takes one as argument), writes the client folder next to the existing
 * clients (or under `clients/`), then reveals it in the tree and opens its manifest.
 */
export function createClient(ctx: Ctx, tree: ClientsTreeProvider, view: vscode.TreeView<TreeNode>) {
  return async (nameArg?: unknown): Promise<string | undefined> => {
    const root = roots()[0];
    if (!root) {
      void vscode.window.showErrorMessage('Open a folder first: a client is a folder in the workspace.');
      return undefined;
    }
    const model = await ctx.ready();
    const parent = parentFolder(root, model.clients.map((c) => c.dir));
    const exists = (name: string) => model.clients.some((c) => c.dir === path.join(parent, slugify(name)));
    const name =
      typeof nameArg === 'string'
        ? nameArg
        : await vscode.window.showInputBox({
            title: 'Create Client',
            prompt: `The client's name; its folder goes in ${vscode.workspace.asRelativePath(parent)}/`,
            placeHolder: 'Acme Dental',
            validateInput: (v) => validateClientName(v) ?? (exists(v) ? `A client folder '${slugify(v)}' already exists.` : undefined),
          });
    if (!name) return undefined;
    let dir: string;
    try {
      dir = await scaffoldClient(parent, name, localDate(new Date()));
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not create the client: ${(e as Error).message}`);
      return undefined;
    }
    await ctx.reload();
    const client = ctx.client(dir);
    if (client) {
      const node = (await tree.getChildren()).find((n) => n.client.dir === dir);
      if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      await openFile(client.manifestFile);
    }
    return dir;
  };
}

/** Where new clients go: beside the existing ones when they share a folder, else `<root>/clients`. */
function parentFolder(root: string, clientDirs: readonly string[]): string {
  const parents = new Set(clientDirs.map((d) => path.dirname(d)));
  return parents.size === 1 ? [...parents][0] : path.join(root, 'clients');
}
