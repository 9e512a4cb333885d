import * as vscode from 'vscode';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { pickClient } from '../pickClient';

/** SecretStorage key of a client's API key: per client folder, never in a file. */
function secretKey(client: Client): string {
  return `upkeep.apiKey:${client.id}`;
}

/** The key for a client's OpenAI-compatible server: SecretStorage first, then the variable named by apiKeyEnv. */
export async function apiKeyFor(ctx: Ctx, client: Client): Promise<string | undefined> {
  if (client.manifest?.model.provider !== 'openai') return undefined;
  const stored = await ctx.extension.secrets.get(secretKey(client));
  const env = client.manifest.model.apiKeyEnv;
  return stored ?? (env ? process.env[env] : undefined);
}

/** "Upkeep: Set API Key": stores (or, given an empty value, deletes) a client's key in SecretStorage. */
export function setApiKeyCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const client = await pickClient(ctx, arg, 'Set API Key');
    if (!client) return;
    const key = await vscode.window.showInputBox({
      title: `API key for ${client.name}`,
      prompt: 'Stored in VS Code SecretStorage, never in a file. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key) await ctx.extension.secrets.store(secretKey(client), key);
    else await ctx.extension.secrets.delete(secretKey(client));
    void vscode.window.showInformationMessage(key ? `Stored the API key for ${client.name}.` : `Removed the stored API key for ${client.name}.`);
  };
}
