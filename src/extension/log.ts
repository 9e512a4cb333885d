import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Upkeep" output channel: every request's outcome and timing. Secrets never reach it. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Upkeep', { log: true });
  return channel;
}
