import { promises as fs } from 'fs';
import * as path from 'path';
import { createEmbedder, createJudge } from '../assertions';
import { createJudgeProvider, createProvider } from '../providers';
import type { Provider } from '../providers/types';
import { recoverInterruptedRuns } from '../store/journal';
import type { EvalSet } from '../workspace/evalSet';
import type { Client } from '../workspace/loadWorkspace';
import type { ModelConfig } from '../workspace/schemas';
import { runEvalSet, type RunEvalSetOptions, type RunOutcome } from './runEvalSet';

export type ClientRunOptions = Pick<RunEvalSetOptions, 'caseIds' | 'concurrency' | 'maxAnswerChars' | 'signal' | 'trigger' | 'purpose' | 'onProgress' | 'log' | 'clock' | 'retry' | 'sleep' | 'random'> & {
  /** The model's API key, read by the caller from SecretStorage or the environment. */
  apiKey?: string;
  fetch?: typeof fetch;
  /** A candidate's model and system prompt in place of the manifest's (the judge stays production's, so both sides are graded alike). */
  model?: ModelConfig;
  systemPrompt?: string;
  /** Answers from somewhere else than the model: the recorded answers of a review sample. */
  provider?: Provider;
};

/**
 * Everything a run of one of a client's eval sets needs, from the loaded workspace model: the
 * system prompt's text, the model's provider, the judge and the embedder. Journals of runs that
 * were killed earlier become interrupted records first, so they show in the history.
 */
export async function runClientEvalSet(client: Client, set: EvalSet, o: ClientRunOptions): Promise<RunOutcome> {
  const manifest = client.manifest;
  if (!manifest) throw new Error(`${client.manifestFile} has problems; fix them before running ${set.name}.`);
  const { notices } = await recoverInterruptedRuns(path.join(client.dir, 'runs'));
  for (const message of notices) {
    o.log?.(message);
    o.onProgress?.({ kind: 'notice', message });
  }
  const systemPrompt = o.systemPrompt ?? (client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8') : '');
  const model = o.model ?? manifest.model;
  const factory = { clientDir: client.dir, apiKey: o.apiKey, fetch: o.fetch };
  const provider = o.provider ?? createProvider(model, factory);
  const judgeProvider = createJudgeProvider(manifest, factory);
  const embeddings = manifest.judge?.embeddings;
  // The embedding model is asked for on the judge's server; a provider named after it checks it is there.
  const embeddingsProvider = manifest.judge && embeddings ? createJudgeProvider({ model: manifest.model, judge: { ...manifest.judge, name: embeddings } }, factory) : undefined;
  return runEvalSet({
    ...o,
    client: { id: client.id, name: client.name, dir: client.dir },
    set,
    systemPrompt,
    model,
    provider,
    judge: judgeProvider && createJudge(judgeProvider),
    embedder: judgeProvider && embeddings ? createEmbedder(judgeProvider, embeddings) : undefined,
    graders: { judge: judgeProvider, embeddings: embeddingsProvider },
    secrets: o.apiKey ? [o.apiKey] : [],
    judgeInfo: manifest.judge && { name: manifest.judge.name, embeddings },
  });
}
