import * as vscode from 'vscode';

/** Why `what` does not happen in Restricted Mode, in the words every surface uses; `why` when the reason is not the usual one. */
export function untrustedMessage(what: string, why = 'a client.yaml decides which server receives the eval set'): string {
  return `Upkeep ${what} only in a trusted workspace: ${why}. The tree, problems and files work as usual.`;
}

/**
 * A client.yaml decides which server receives the eval set (and any key it references), so
 * whatever contacts a model needs a trusted workspace. In restricted mode everything else still
 * works, and this says why `what` does not.
 */
export function requireTrust(what: string, why?: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(untrustedMessage(what, why), 'Manage Workspace Trust')
    .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}
