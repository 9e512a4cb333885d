import { canonicalJson } from '../util/canonicalJson';
import { readInside } from '../workspace/paths';
import type { Candidate, ModelConfig } from '../workspace/schemas';
import type { CandidateDescription } from './types';

/** A candidate that cannot be tried: said before anything runs. */
export class CandidateError extends Error {
  override readonly name = 'CandidateError';
}

/**
 * The candidate's model: production's `model` with the candidate's overrides. A new host or
 * provider leaves production's transcript, key variable and price behind only where they belong
 * to the other server: price and key variable stay (a retrained tag on the same server costs the
 * same), a replay transcript never carries over (a candidate is a model, not a recording).
 */
export function candidateModel(production: ModelConfig, c: Candidate): ModelConfig {
  const { transcript: _transcript, ...rest } = production;
  const provider = c.provider ?? (production.provider === 'replay' ? undefined : production.provider);
  if (!provider) throw new CandidateError('Production replays recorded answers; give the candidate a provider (ollama or openai) and a host.');
  return {
    ...rest,
    provider,
    name: c.name ?? production.name,
    ...(c.host ? { host: c.host } : {}),
    ...(c.options ? { options: c.options } : {}),
  };
}

/** What makes the candidate differ from production; empty when it does not. */
export function candidateOverrides(production: ModelConfig, model: ModelConfig, c: Candidate): string[] {
  const differs: string[] = [];
  if (model.name !== production.name) differs.push('model');
  if ((model.host ?? '') !== (production.host ?? '')) differs.push('host');
  if (model.provider !== production.provider) differs.push('provider');
  if (canonicalJson(model.options ?? {}) !== canonicalJson(production.options ?? {})) differs.push('options');
  if (c.systemPrompt) differs.push('system prompt');
  return differs;
}

/** The candidate's system prompt text, read by the path rule of client.yaml (inside the client folder). */
export async function readCandidatePrompt(clientDir: string, file: string): Promise<string> {
  const read = await readInside(clientDir, file);
  if (!read.ok) throw new CandidateError(`The candidate's system prompt ${file} cannot be read: ${read.reason}`);
  return read.text;
}

export function describeCandidate(model: ModelConfig, host: string, c: Candidate): CandidateDescription {
  return { provider: model.provider, host, model: model.name, ...(model.options ? { options: model.options } : {}), ...(c.systemPrompt ? { systemPromptFile: c.systemPrompt } : {}) };
}
