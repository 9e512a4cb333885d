import { promises as fs } from 'fs';
import { isScalar, parseDocument, stringify } from 'yaml';
import { countsAsScore, runFacts } from '../history/runsThatCount';
import { sha256 } from '../runner/runEvalSet';
import { readRunRecord } from '../store/readRuns';
import { listRunFiles } from '../store/runLookup';
import type { RunRecord } from '../store/runRecord';
import { writeAtomically } from '../util/atomicWrite';
import { canonicalJson } from '../util/canonicalJson';
import type { Client } from '../workspace/loadWorkspace';
import type { ModelConfig } from '../workspace/schemas';
import { readCandidatePrompt } from './candidate';
import type { CandidateDescription, ComparisonRecord } from './types';

/** What production becomes: the model fields client.yaml gets, and the system prompt's text when it changes. */
export interface ProductionConfig {
  model: { name: string; host?: string; provider?: string; options?: Record<string, unknown> };
  systemPrompt?: string;
}

export interface ConfigChange {
  /** What changed, in words: "model acme:v1 → acme:v2", "system prompt". */
  changes: string[];
  /** `retrain` when the model changed, `prompt` when only the prompt did, `infra` for host, provider or options. */
  category: 'retrain' | 'prompt' | 'infra';
}

/**
 * Writes a configuration into client.yaml (through the yaml Document API, so comments, key order
 * and layout stay as they were and only the changed values are replaced) and, when it carries a
 * prompt, into the client's system prompt file. Returns what changed; nothing is written when
 * nothing would change.
 */
export async function writeProductionConfig(client: Client, next: ProductionConfig): Promise<ConfigChange> {
  const text = await fs.readFile(client.manifestFile, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${client.manifestFile} does not parse: ${doc.errors[0].message}`);
  const model = client.manifest?.model;
  if (!model) throw new Error(`${client.manifestFile} has problems; fix them first.`);
  const changes: string[] = [];
  // A scalar that is there already is replaced in the text itself, so every other byte stays; a
  // value that is new or not a scalar goes through the document, which keeps comments and order.
  const splices: { start: number; end: number; text: string }[] = [];
  let restructured = false;
  const set = (key: string, before: unknown, after: unknown) => {
    if (after === undefined || canonicalJson(before ?? null) === canonicalJson(after)) return;
    const node = doc.getIn(['model', key], true);
    doc.setIn(['model', key], after);
    if (isScalar(node) && node.range && typeof after === 'string') splices.push({ start: node.range[0], end: node.range[1], text: scalarText(after) });
    else restructured = true;
    changes.push(`${key === 'name' ? 'model' : key} ${describe(before)} → ${describe(after)}`);
  };
  set('name', model.name, next.model.name);
  set('host', model.host, next.model.host);
  set('provider', model.provider, next.model.provider);
  set('options', model.options, next.model.options);
  const prompt = client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8').catch(() => '') : '';
  const promptChanged = next.systemPrompt !== undefined && next.systemPrompt !== prompt;
  if (promptChanged) changes.push('system prompt');
  if (changes.length > (promptChanged ? 1 : 0)) {
    const written = restructured ? doc.toString() : splices.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
    await writeAtomically(client.manifestFile, written);
  }
  if (promptChanged) {
    if (!client.systemPromptFile) throw new Error(`${client.name} has no system prompt file to write.`);
    await writeAtomically(client.systemPromptFile, next.systemPrompt!);
  }
  const modelChanged = changes.some((c) => c.startsWith('model '));
  return { changes, category: modelChanged ? 'retrain' : promptChanged ? 'prompt' : 'infra' };
}

/** The configuration a comparison's candidate stands for, its prompt read from the file it names. */
export async function candidateConfig(client: Client, record: ComparisonRecord): Promise<ProductionConfig> {
  const c: CandidateDescription = record.candidate;
  return {
    model: { name: c.model, host: c.host, provider: c.provider, ...(c.options ? { options: c.options } : {}) },
    ...(c.systemPromptFile ? { systemPrompt: await readCandidatePrompt(client.dir, c.systemPromptFile) } : {}),
  };
}

/**
 * The production configuration to roll back to, from the history: the newest production run that
 * is a set's score whose model (name, host, provider, options) or system prompt differs from what
 * client.yaml and the prompt file say now. Undefined when production never ran another configuration.
 */
export async function previousProductionConfig(client: Client): Promise<{ config: ProductionConfig; run: RunRecord } | undefined> {
  const model = client.manifest?.model;
  if (!model) throw new Error(`${client.manifestFile} has problems; fix them first.`);
  const promptSha = await productionPromptSha(client);
  for (const file of await listRunFiles(client.dir)) {
    const read = await readRunRecord(file);
    if (!read.ok || !countsAsScore(runFacts(read.record))) continue;
    const run = read.record;
    if (ranConfiguration(run, model, promptSha)) continue;
    return {
      run,
      config: {
        model: { name: run.model.name, ...(model.host !== undefined ? { host: run.provider.host } : {}), provider: run.provider.kind, ...(run.model.options ? { options: run.model.options } : {}) },
        ...(run.systemPrompt.sha256 !== promptSha ? { systemPrompt: run.systemPrompt.text } : {}),
      },
    };
  }
  return undefined;
}

/** Whether production runs now (client.yaml's model and the system prompt file) the configuration a run ran: a promoted candidate's run does. */
export async function runsProductionConfig(client: Client, run: RunRecord): Promise<boolean> {
  const model = client.manifest?.model;
  return !!model && ranConfiguration(run, model, await productionPromptSha(client));
}

/** The same model name, provider, host (when client.yaml names one), options and system prompt. */
export function ranConfiguration(run: RunRecord, model: ModelConfig, promptSha: string): boolean {
  const bare = (host: string) => host.replace(/\/+$/, '');
  return (
    run.model.name === model.name &&
    run.provider.kind === model.provider &&
    (model.host === undefined || bare(run.provider.host) === bare(model.host)) &&
    canonicalJson(run.model.options ?? {}) === canonicalJson(model.options ?? {}) &&
    run.systemPrompt.sha256 === promptSha
  );
}

async function productionPromptSha(client: Client): Promise<string> {
  return sha256(client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8').catch(() => '') : '');
}

/** A string as a YAML scalar: plain when it reads back as the same string, else quoted. */
function scalarText(value: string): string {
  return stringify(value).trimEnd();
}

function describe(x: unknown): string {
  if (x === undefined || x === null) return '(unset)';
  return typeof x === 'string' ? x : canonicalJson(x);
}
