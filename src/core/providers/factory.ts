// From client.yaml's `model` (and `judge`) to a Provider. The caller supplies what core must not
// fetch by itself: the API key (SecretStorage in VS Code, the `apiKeyEnv` variable in the CLI) and,
// optionally, the transcript's text when it has read the file already.

import * as path from 'node:path';
import type { ClientManifest, ModelConfig } from '../workspace/schemas';
import { DEFAULT_OLLAMA_HOST, OllamaProvider } from './ollama';
import { DEFAULT_OPENAI_HOST, OpenAIProvider } from './openai';
import { ReplayProvider } from './replay';
import { ProviderError, type Provider } from './types';

export interface ProviderFactoryOptions {
  /** The client folder; `model.transcript` is resolved against it. */
  clientDir: string;
  /** For provider openai: the key itself, read by the caller (never from client.yaml). */
  apiKey?: string;
  /** For tests; default nodeFetch. */
  fetch?: typeof fetch;
  /** For provider replay: the transcript's contents, so the file is not read again. */
  transcriptText?: string;
}

export function createProvider(model: ModelConfig, opts: ProviderFactoryOptions): Provider {
  const common = { host: model.host, model: model.name, options: model.options, format: model.format, timeoutMs: model.timeoutMs, fetch: opts.fetch };
  switch (model.provider) {
    case 'ollama':
      return new OllamaProvider({ ...common, keepAlive: model.keepAlive });
    case 'openai':
      return new OpenAIProvider({ ...common, apiKey: opts.apiKey });
    case 'replay': {
      if (!model.transcript) {
        throw new ProviderError('bad-request', 'provider: replay needs `transcript` in client.yaml: a JSONL file of recorded answers inside the client folder.');
      }
      return new ReplayProvider({
        transcriptPath: path.resolve(opts.clientDir, model.transcript),
        model: model.name,
        text: opts.transcriptText,
        label: model.transcript.replace(/\\/g, '/'),
      });
    }
    default:
      throw new ProviderError('bad-request', `Unknown provider '${String((model as { provider?: unknown }).provider)}' in client.yaml.`);
  }
}

/**
 * The model that grades llm-rubric assertions (and embeds for `similar`), or undefined when
 * client.yaml has no `judge`. Provider and host default to the client's model's; a replay model's
 * judge defaults to Ollama. The API key goes to the judge only when it talks to the model's own
 * host: the client's key is never sent to another server.
 */
export function createJudgeProvider(manifest: Pick<ClientManifest, 'model' | 'judge'>, opts: ProviderFactoryOptions): Provider | undefined {
  const config = judgeModel(manifest);
  if (!config) return undefined;
  const { model } = manifest;
  const sameServer = model.provider === config.provider && sameHost(config.host, model.host);
  return createProvider(config, { ...opts, apiKey: sameServer ? opts.apiKey : undefined, transcriptText: undefined });
}

/** The judge as a model of its own, its provider and host filled in from the client's model. */
function judgeModel({ judge, model }: Pick<ClientManifest, 'model' | 'judge'>): ModelConfig | undefined {
  if (!judge) return undefined;
  const provider = judge.provider ?? (model.provider === 'replay' ? 'ollama' : model.provider);
  return { provider, name: judge.name, host: judge.host ?? model.host, timeoutMs: model.timeoutMs };
}

function sameHost(a: string | undefined, b: string | undefined): boolean {
  return (a && serverKey(a)) === (b && serverKey(b));
}

/**
 * Which server a client's model answers from, one string per server (Run Every Client runs one
 * set at a time on each): the host with the provider's default filled in. A replay model reads
 * its own transcript and shares no server with anyone.
 */
export function modelServer(model: ModelConfig, clientDir: string): string {
  if (model.provider === 'replay') return `replay:${path.resolve(clientDir, model.transcript ?? '')}`;
  return serverKey(model.host ?? (model.provider === 'openai' ? DEFAULT_OPENAI_HOST : DEFAULT_OLLAMA_HOST));
}

/** Every server a client's run asks: its model's, and its judge's (which also embeds) when it has one. */
export function clientServers(manifest: Pick<ClientManifest, 'model' | 'judge'>, clientDir: string): string[] {
  const judge = judgeModel(manifest);
  return [modelServer(manifest.model, clientDir), ...(judge ? [modelServer(judge, clientDir)] : [])];
}

/** "HTTP://127.0.0.1:11434/v1/" and "http://127.0.0.1:11434" are one server. */
function serverKey(host: string): string {
  return host.replace(/\/+$/, '').replace(/\/v1$/, '').toLowerCase();
}
