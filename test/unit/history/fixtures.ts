import { promises as fs } from 'fs';
import * as path from 'path';
import type { CaseResult, RunRecord } from '../../../src/core/store/runRecord';
import { summarize } from '../../../src/core/store/summary';
import { loadWorkspace, type Client } from '../../../src/core/workspace/loadWorkspace';

/** A case result that passed or failed (or errored), as the runner writes it. */
export function caseOf(id: string, status: CaseResult['status'], latencyMs = 100): CaseResult {
  const pass = status === 'passed';
  return {
    id,
    input: `question ${id}`,
    attempts: [
      { output: `answer ${id}`, latencyMs, tokens: { prompt: 10, completion: 5 }, assertions: [], score: pass ? 1 : 0, pass, retries: 0, ...(status === 'errored' ? { error: 'connection refused' } : {}) },
    ],
    status,
    score: pass ? 1 : 0,
    pass,
    flaky: false,
    passRate: pass ? 1 : 0,
    finishedAt: '2026-11-23T10:00:05.000Z',
  };
}

export interface RecordSpec {
  /** ISO start time. */
  at: string;
  set?: string;
  /** Case id → passed; or a count of cases of which the first `passed` pass and the next `errored` error. */
  cases?: Record<string, boolean> | { total: number; passed: number; errored?: number };
  status?: RunRecord['status'];
  /** `production` unless given; `null` leaves the field out, as records written before it existed do. */
  purpose?: RunRecord['purpose'] | null;
  selectedCases?: string[];
  model?: string;
  digest?: string;
  /** A provider that reports no digest (replay, some OpenAI-compatible servers). */
  noDigest?: boolean;
  promptSha?: string;
  latencyMs?: number;
  clientId?: string;
}

export function makeRecord(spec: RecordSpec): RunRecord {
  const set = spec.set ?? 'front-desk';
  const id = `${spec.at.replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}-${set}`;
  const c = spec.cases ?? { total: 4, passed: 3 };
  const cases =
    'total' in c && typeof c.total === 'number'
      ? Array.from({ length: c.total as number }, (_, i) =>
          caseOf(`c${i}`, i < (c.passed as number) ? 'passed' : i < (c.passed as number) + ((c as { errored?: number }).errored ?? 0) ? 'errored' : 'failed', spec.latencyMs),
        )
      : Object.entries(c as Record<string, boolean>).map(([cid, pass]) => caseOf(cid, pass ? 'passed' : 'failed', spec.latencyMs));
  return {
    schemaVersion: 1,
    id,
    client: { id: spec.clientId ?? 'clients/acme', name: 'Acme' },
    evalSet: { id: `evals/${set}.yaml`, name: set === 'front-desk' ? 'Front desk' : set },
    startedAt: spec.at,
    endedAt: spec.at,
    status: spec.status ?? 'complete',
    trigger: 'cli',
    purpose: spec.purpose ?? 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: spec.model ?? 'acme:v3', ...(spec.noDigest ? {} : { digest: spec.digest ?? 'abc' }) },
    systemPrompt: { sha256: spec.promptSha ?? 'f00', text: 'Be kind.' },
    settings: { concurrency: 4, timeoutMs: 60000, maxRetries: 4 },
    ...(spec.selectedCases ? { selectedCases: spec.selectedCases } : {}),
    cases,
    summary: summarize(cases),
  };
}

export const MANIFEST = (name: string) => `name: ${name}
model:
  provider: ollama
  name: acme:v3
thresholds:
  passRate: 0.8
  latencyP95Ms: 1000
retainer:
  includedHours: 2
  hourlyRate: 180
  currency: AUD
`;

/** A workspace root with clients; returns the root. */
export async function writeClient(root: string, slug: string, opts: { records?: RecordSpec[]; changelog?: string; manifest?: string } = {}): Promise<string> {
  const dir = path.join(root, 'clients', slug);
  await fs.mkdir(path.join(dir, 'runs'), { recursive: true });
  await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
  await fs.writeFile(path.join(dir, 'client.yaml'), opts.manifest ?? MANIFEST(slug));
  await fs.writeFile(path.join(dir, 'system-prompt.md'), 'Be kind.\n');
  await fs.writeFile(path.join(dir, 'evals', 'front-desk.yaml'), 'name: Front desk\ncases:\n  - id: c0\n    input: hi\n    assert: [{ type: icontains, value: hi }]\n');
  if (opts.changelog !== undefined) await fs.writeFile(path.join(dir, 'CHANGELOG.md'), opts.changelog);
  for (const spec of opts.records ?? []) await writeRecord(dir, spec);
  return dir;
}

export async function writeRecord(clientDir: string, spec: RecordSpec): Promise<string> {
  const record: Partial<RunRecord> = makeRecord(spec);
  if (spec.purpose === null) delete record.purpose;
  const file = path.join(clientDir, 'runs', `${record.id}.json`);
  await fs.writeFile(file, JSON.stringify(record, null, 2) + '\n');
  return file;
}

export async function clientsOf(root: string): Promise<Client[]> {
  return (await loadWorkspace([root])).clients;
}

/** Days after 2026-01-01T09:00Z as an ISO time. */
export function day(n: number): string {
  return new Date(Date.UTC(2026, 0, 1, 9) + n * 86_400_000).toISOString();
}
