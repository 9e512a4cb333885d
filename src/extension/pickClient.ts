import * as vscode from 'vscode';
import type { Client } from '../core/workspace/loadWorkspace';
import type { TreeNode } from './clientsTree';
import type { Ctx } from './ctx';

/**
 * The client a command is about: the tree node it was invoked on, a client id passed by another
 * command, the only client there is, or the one the user picks (among those `offer` admits,
 * `none` saying why there is none).
 */
export async function pickClient(
  ctx: Ctx,
  arg: unknown,
  purpose: string,
  offer: (c: Client) => boolean = () => true,
  none = 'No client in this workspace yet. Run "Upkeep: Create Client" to add one.',
): Promise<Client | undefined> {
  const model = await ctx.ready();
  if (isTreeNode(arg)) return ctx.client(arg.client.id) ?? arg.client;
  if (typeof arg === 'string') return ctx.client(arg);
  const usable = model.clients.filter((c) => c.manifest && offer(c));
  if (usable.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  if (usable.length === 1) return usable[0];
  const picked = await vscode.window.showQuickPick(
    usable.map((c) => ({ label: c.name, description: c.manifest?.model.name, detail: c.id, client: c })),
    { title: purpose, placeHolder: 'Client', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.client;
}

export function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'client' in arg;
}

export async function openFile(file: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}
