// "Is the client's model there, and is it still the one that answered last time?" What a run's
// preflight asks, for a command that asks before anything runs: the server, the model (and the
// judge), the weights' digest, and whether that digest moved since the client's newest run
// (a re-pulled tag changes the weights under the same name, and the scores with them).

import { createJudgeProvider, createProvider } from '../providers/factory';
import { ProviderError, type ModelDescription, type Provider } from '../providers/types';
import type { Client } from '../workspace/loadWorkspace';

export interface ModelCheck {
  role: 'model' | 'judge';
  name: string;
  host: string;
  ok: boolean;
  serverVersion?: string;
  description?: ModelDescription;
  /** The digest the newest run recorded, when the server now has other weights under the name. */
  digestChangedFrom?: string;
  /** One sentence for people; `hint` says what to try when not ok. */
  message: string;
  hint?: string;
}

export interface CheckModelsOptions {
  apiKey?: string;
  signal?: AbortSignal;
  /** The model digest the client's newest run recorded. */
  lastDigest?: string;
  fetch?: typeof fetch;
}

/** Checks the client's model and, when client.yaml has one, its judge. */
export async function checkClientModels(client: Client, o: CheckModelsOptions = {}): Promise<ModelCheck[]> {
  const manifest = client.manifest;
  if (!manifest) throw new Error(`${client.manifestFile} has problems; fix them first.`);
  const factory = { clientDir: client.dir, apiKey: o.apiKey, fetch: o.fetch };
  const judge = createJudgeProvider(manifest, factory);
  const checks = [checkModel('model', createProvider(manifest.model, factory), o.signal, o.lastDigest)];
  if (judge) checks.push(checkModel('judge', judge, o.signal));
  return Promise.all(checks);
}

async function checkModel(role: ModelCheck['role'], provider: Provider, signal?: AbortSignal, lastDigest?: string): Promise<ModelCheck> {
  const base = { role, name: provider.model, host: provider.host };
  const health = await provider.health(signal);
  if (!health.ok) return { ...base, ok: false, serverVersion: health.serverVersion, message: health.message ?? `${provider.host} is not answering.`, ...hintFor(role, health.hint) };
  let description: ModelDescription;
  try {
    description = health.model ?? (await provider.describeModel(signal));
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'cancelled') throw e;
    return { ...base, ok: false, serverVersion: health.serverVersion, message: (e as Error).message };
  }
  const server = health.serverVersion ? `${provider.kind} ${health.serverVersion}` : provider.kind;
  const weights = [description.digest && `digest ${shortDigest(description.digest)}`, description.family, description.parameterSize, description.quantization].filter(Boolean).join(', ');
  const changed = lastDigest && description.digest && bare(lastDigest) !== bare(description.digest) ? lastDigest : undefined;
  return {
    ...base,
    ok: true,
    serverVersion: health.serverVersion,
    description,
    ...(changed ? { digestChangedFrom: changed } : {}),
    message:
      `${role === 'judge' ? 'Judge ' : ''}${provider.model} is ready on ${server} at ${provider.host}${weights ? ` (${weights})` : ''}` +
      (changed ? `; its weights changed since the last run (was ${shortDigest(changed)}), so scores may move.` : '.'),
  };
}

const bare = (digest: string): string => digest.replace(/^sha256:/, '');
const shortDigest = (digest: string): string => bare(digest).slice(0, 12);

/** A provider's hint names the model's fields (`name`); for the judge those are `judge.name`. */
function hintFor(role: ModelCheck['role'], hint: string | undefined): { hint?: string } {
  if (!hint) return {};
  return { hint: role === 'judge' ? hint.replace(/`name`/g, '`judge.name`') : hint };
}

/**
 * The checks in one text for a notification or a log: each message, then each hint once (a
 * model and a judge on one server that is down share the same advice).
 */
export function describeChecks(checks: readonly ModelCheck[]): string {
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return [...unique(checks.map((c) => c.message)), ...unique(checks.map((c) => c.hint))].join(' ');
}
