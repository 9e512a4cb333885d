import type { CaseResult, RunSummary } from './runRecord';

export function summarize(cases: readonly CaseResult[]): RunSummary {
  const latencies = cases.flatMap((c) => c.attempts.map((a) => a.latencyMs)).filter((l): l is number => l !== undefined);
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  const sumTokens = (k: 'prompt' | 'completion') => cases.reduce((n, c) => n + c.attempts.reduce((m, a) => m + (a.tokens[k] ?? 0), 0), 0);
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    flaky: cases.filter((c) => c.flaky).length,
    score: cases.length ? cases.reduce((s, c) => s + (c.status === 'errored' ? 0 : c.score), 0) / cases.length : 0,
    passRate: cases.length ? count('passed') / cases.length : 0,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    tokens: { prompt: sumTokens('prompt'), completion: sumTokens('completion') },
  };
}

/** Nearest-rank percentile: a latency that some request really had, not an interpolation. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
