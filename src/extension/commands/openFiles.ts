import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { isTreeNode, openFile, pickClient } from '../pickClient';

export function openSystemPrompt(ctx: Ctx) {
  return async (arg?: unknown) => {
    const client = await pickClient(ctx, arg, 'Open System Prompt');
    if (!client) return undefined;
    if (!client.systemPromptFile) {
      void vscode.window.showWarningMessage(`${client.name} has no system prompt file; set systemPrompt in client.yaml.`);
      return undefined;
    }
    return openFile(client.systemPromptFile);
  };
}

export function openChangelog(ctx: Ctx) {
  return async (arg?: unknown) => {
    const client = await pickClient(ctx, arg, 'Open Change Log');
    if (!client?.changelog) {
      if (client) void vscode.window.showWarningMessage(`${client.name} has no change log yet.`);
      return undefined;
    }
    return openFile(client.changelog.file);
  };
}

export function openRunbook(ctx: Ctx) {
  return async (arg?: unknown) => {
    if (isTreeNode(arg) && arg.kind === 'runbook') return openFile(arg.runbook.file);
    const client = await pickClient(ctx, arg, 'Open Runbook');
    if (!client) return undefined;
    if (client.runbooks.length === 0) {
      void vscode.window.showInformationMessage(`${client.name} has no runbooks yet; add Markdown files to ${client.manifest?.runbooks ?? 'runbooks'}/.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      client.runbooks.map((r) => ({ label: r.title, description: vscode.workspace.asRelativePath(r.file), file: r.file })),
      { title: `Runbooks of ${client.name}` },
    );
    return picked ? openFile(picked.file) : undefined;
  };
}
