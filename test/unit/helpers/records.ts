import type { CaseResult, RunHeader } from '../../../src/core/store/runRecord';

/** Run records by hand, for tests of anything that reads them. */
export function header(id = '2026-11-23T10-00-00Z-front-desk'): RunHeader {
  return {
    schemaVersion: 1,
    id,
    client: { id: 'clients/acme', name: 'Acme' },
    evalSet: { id: 'evals/front-desk.yaml', name: 'Front desk' },
    startedAt: '2026-11-23T10:00:00.000Z',
    trigger: 'cli',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: 'acme:v3', digest: 'abc' },
    systemPrompt: { sha256: 'f00', text: 'Be kind.' },
    settings: { concurrency: 4, timeoutMs: 60000, maxRetries: 4 },
  };
}

export function caseResult(id: string, pass: boolean, latencyMs = 100): CaseResult {
  return {
    id,
    input: `question ${id}`,
    attempts: [{ output: `answer ${id}`, latencyMs, tokens: { prompt: 10, completion: 5 }, assertions: [], score: pass ? 1 : 0, pass, retries: 0 }],
    status: pass ? 'passed' : 'failed',
    score: pass ? 1 : 0,
    pass,
    flaky: false,
    passRate: pass ? 1 : 0,
    finishedAt: '2026-11-23T10:00:05.000Z',
  };
}

