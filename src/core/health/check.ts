// One health check of a client: what Check Model Health asks (server version, model, judge,
// digest against the newest production run) plus a real generation probe, because Ollama's `/`
// says "running" while generation can hang. The answer is up / degraded / down with its reasons,
// and it comes in bounded time: a dead host within METADATA_BOUND_MS, a hung one within the probe's.

import { ms as seconds } from '../format/numbers';
import { createProvider } from '../providers/factory';
import { ProviderError, type Completion } from '../providers/types';
import { checkClientModels, type ModelCheck } from '../runner/checkModels';
import { latestRunsBySet } from '../store/latestRuns';
import type { Client } from '../workspace/loadWorkspace';

export type HealthStatus = 'up' | 'degraded' | 'down';

/** What went wrong, by the runbook `covers:` names (runbooks.ts chooses by them). */
export type ProblemKind = 'model-down' | 'judge-missing' | 'digest-changed' | 'slow';

export interface HealthProblem {
  kind: ProblemKind;
  message: string;
  hint?: string;
}

export interface HealthCheck {
  clientId: string;
  clientName: string;
  /** ISO time the check started. */
  at: string;
  status: HealthStatus;
  model: string;
  host: string;
  serverVersion?: string;
  digest?: string;
  digestChangedFrom?: string;
  /** The probe's time to first token and to the whole answer, when it answered. */
  firstTokenMs?: number;
  totalMs?: number;
  problems: HealthProblem[];
  /** One sentence for people: why, or that all is well. */
  summary: string;
}

export interface HealthCheckOptions {
  apiKey?: string;
  fetch?: typeof fetch;
  /** The digest the newest production run recorded; read from the run records when undefined. */
  lastDigest?: string;
  /** The generation probe's time-out (default PROBE_TIMEOUT_MS). */
  probeTimeoutMs?: number;
  now?: () => Date;
}

/** A server that does not say its version and list its models in this time is down. */
export const METADATA_BOUND_MS = 5_000;
export const PROBE_TIMEOUT_MS = 20_000;
/** The probe asks for a few tokens: enough to show generation works, cheap on a busy server. */
const PROBE = { messages: [{ role: 'user' as const, content: 'Reply with the single word: ok' }], options: { num_predict: 8 }, maxAnswerChars: 200 };

export async function checkClientHealth(client: Client, o: HealthCheckOptions = {}): Promise<HealthCheck> {
  const manifest = client.manifest;
  if (!manifest) throw new Error(`${client.manifestFile} has problems; fix them first.`);
  const at = (o.now?.() ?? new Date()).toISOString();
  const lastDigest = o.lastDigest ?? (await newestProductionDigest(client));
  const bound = new AbortController();
  const timer = setTimeout(() => bound.abort(), METADATA_BOUND_MS);
  let checks: ModelCheck[];
  try {
    checks = await checkClientModels(client, { apiKey: o.apiKey, fetch: o.fetch, lastDigest, signal: bound.signal });
  } catch (e) {
    if (!(e instanceof ProviderError && e.kind === 'cancelled' && bound.signal.aborted)) throw e;
    const host = createProvider(manifest.model, { clientDir: client.dir }).host;
    const problem = { kind: 'model-down' as const, message: `${host} did not say its version and models within ${METADATA_BOUND_MS / 1000} s.`, hint: 'The server may be stuck: check it and its log.' };
    return result(client, at, { model: manifest.model.name, host }, [problem]);
  } finally {
    clearTimeout(timer);
  }
  const [model, judge] = checks;
  const base = { model: model.name, host: model.host, serverVersion: model.serverVersion, digest: model.description?.digest, digestChangedFrom: model.digestChangedFrom };
  if (!model.ok) return result(client, at, base, [{ kind: 'model-down', message: model.message, hint: model.hint }]);
  const problems: HealthProblem[] = [];
  let probe: Completion | undefined;
  if (manifest.model.provider !== 'replay') {
    const timeoutMs = Math.min(manifest.model.timeoutMs ?? Infinity, o.probeTimeoutMs ?? PROBE_TIMEOUT_MS);
    const provider = createProvider({ ...manifest.model, timeoutMs }, { clientDir: client.dir, apiKey: o.apiKey, fetch: o.fetch });
    try {
      probe = await provider.complete(PROBE);
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      problems.push({ kind: 'model-down', message: `${model.name} is listed but does not generate: ${e.message}`, hint: 'Generation can hang while the server still answers: restart it (`systemctl restart ollama`) and check its log and free disk and memory.' });
    }
  }
  const limit = manifest.thresholds?.latencyP95Ms;
  if (probe?.latencyMs !== undefined && limit !== undefined && probe.latencyMs > limit) {
    const first = probe.firstTokenMs !== undefined ? `, first token after ${seconds(probe.firstTokenMs)}` : '';
    problems.push({ kind: 'slow', message: `Slow: a ${PROBE.options.num_predict}-token answer took ${seconds(probe.latencyMs)}${first}, over the ${seconds(limit)} latency threshold.` });
  }
  if (model.digestChangedFrom) problems.push({ kind: 'digest-changed', message: model.message });
  if (judge && !judge.ok) problems.push({ kind: 'judge-missing', message: judge.message, hint: judge.hint });
  return result(client, at, { ...base, firstTokenMs: probe?.firstTokenMs, totalMs: probe?.latencyMs }, problems);
}

function result(client: Client, at: string, fields: Omit<HealthCheck, 'clientId' | 'clientName' | 'at' | 'status' | 'problems' | 'summary'>, problems: HealthProblem[]): HealthCheck {
  const status: HealthStatus = problems.some((p) => p.kind === 'model-down') ? 'down' : problems.length ? 'degraded' : 'up';
  const speed = fields.totalMs !== undefined ? ` (probe ${seconds(fields.totalMs)}${fields.firstTokenMs !== undefined ? `, first token ${seconds(fields.firstTokenMs)}` : ''})` : '';
  const summary = problems.length ? problems.map((p) => p.message).join(' ') : `${fields.model} answers on ${fields.host}${speed}.`;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as typeof fields;
  return { clientId: client.id, clientName: client.name, at, status, ...defined, problems, summary };
}

/** The model digest of the newest run that counts as a set's score, whichever set it was. */
export async function newestProductionDigest(client: Pick<Client, 'runFiles' | 'evalSets'>): Promise<string | undefined> {
  const runs = [...(await latestRunsBySet(client.runFiles, client.evalSets)).values()].map((r) => r.last).filter((r) => r !== undefined);
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return runs[0]?.model.digest;
}
