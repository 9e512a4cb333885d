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

/**
 * "Upkeep: Set API Key": stores (or, given an empty value, deletes) a client's key in
 * SecretStorage. Only `provider: openai` sends a key, so for any other client it says so and
 * asks nothing. Resolves with what it did.
 */
export function setApiKeyCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<'stored' | 'removed' | 'not-used' | undefined> => {
    const usesKey = (c: Client) => c.manifest?.model.provider === 'openai';
    const client = await pickClient(ctx, arg, 'Set API Key', usesKey, 'No client uses provider: openai, the only provider that sends an API key.');
    if (!client?.manifest) return undefined;
    const provider = client.manifest.model.provider;
    if (!usesKey(client)) {
      void vscode.window.showInformationMessage(
        `${client.name} uses provider: ${provider}, which sends no API key. Set API Key is for clients with provider: openai (an OpenAI-compatible server).`,
      );
      return 'not-used';
    }
    const key = await vscode.window.showInputBox({
      title: `API key for ${client.name}`,
      prompt: 'Stored in VS Code SecretStorage, never in a file. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return undefined;
    if (key) await ctx.extension.secrets.store(secretKey(client), key);
    else await ctx.extension.secrets.delete(secretKey(client));
    void vscode.window.showInformationMessage(key ? `Stored the API key for ${client.name}.` : `Removed the stored API key for ${client.name}.`);
    return key ? 'stored' : 'removed';
  };
}
