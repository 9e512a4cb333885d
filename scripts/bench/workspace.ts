// The workspaces the benchmarks measure: client folders with a year of run records of realistic
// size (outputs and assertion reasons as long as real ones), written by a seeded generator so
// every run of a benchmark reads the same data.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { CaseResult, RunRecord } from '../../src/core/store/runRecord';
import { summarize } from '../../src/core/store/summary';
import { mulberry32 } from '../../src/core/util/prng';

/** How big a generated workspace is. */
export interface BenchShape {
  clients: number;
  /** Days of 2026 with a run, from 1 January: one run a day per client, its sets taking turns. */
  days: number;
  cases: number;
  /** Eval set slugs. */
  sets: readonly string[];
}

/** Median and max of `runs` timed calls (ms) after `warmups` untimed ones. */
export async function timeIt(fn: () => unknown, runs = 20, warmups = 3): Promise<{ median: number; max: number }> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

// ---- data ----------------------------------------------------------------------------------

const WORDS = 'the appointment refund clinic policy cleaning patient booking insurance cover we can please days notice dentist check-up fee hours weekend emergency our team will call you back within business'.split(' ');
function sentence(r: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

/**
 * Writes `shape.clients` client folders under `<root>/clients/`: manifest, prompt, the eval sets,
 * a change log of four entries a month (review, prompt, incident, infra) and a run a day, the
 * sets taking turns, pretty-printed as the runner writes them. Returns the run records' bytes.
 */
export async function writeBenchWorkspace(root: string, shape: BenchShape): Promise<number> {
  let bytes = 0;
  for (let c = 0; c < shape.clients; c++) {
    const dir = path.join(root, 'clients', `client-${c}`);
    await fs.mkdir(path.join(dir, 'runs'), { recursive: true });
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'client.yaml'),
      `name: Client ${c}\nmodel:\n  provider: ollama\n  name: client-${c}:v1\nthresholds:\n  passRate: 0.85\n  latencyP95Ms: 4000\nretainer:\n  includedHours: 2\n  hourlyRate: 180\n  currency: AUD\n`,
    );
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You are the front desk.\n');
    for (const set of shape.sets) {
      const cases = Array.from({ length: shape.cases }, (_, i) => `  - id: ${set}-case-${i}\n    input: question ${i}\n    assert: [{ type: icontains, value: ok }]\n`).join('');
      await fs.writeFile(path.join(dir, 'evals', `${set}.yaml`), `name: ${title(set)}\ncases:\n${cases}`);
    }
    const log: string[] = ['# Change log\n'];
    for (let m = 0; m < 12; m++) {
      for (let e = 0; e < 4; e++) {
        const day = String(1 + e * 7).padStart(2, '0');
        log.push(`## 2026-${String(m + 1).padStart(2, '0')}-${day} · ${['review', 'prompt', 'incident', 'infra'][e]} · ${(0.25 + e * 0.25).toFixed(2)} h · Entry ${m}-${e}\n\nSome notes.\n`);
      }
    }
    await fs.writeFile(path.join(dir, 'CHANGELOG.md'), log.join('\n'));
    const r = mulberry32(c + 1);
    const writes: Promise<void>[] = [];
    for (let d = 0; d < shape.days; d++) {
      const record = benchRecord(shape, c, d, d % shape.sets.length, r);
      const text = JSON.stringify(record, null, 2) + '\n';
      bytes += text.length;
      writes.push(fs.writeFile(path.join(dir, 'runs', `${record.id}.json`), text));
      if (writes.length >= 16) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
  }
  return bytes;
}

function title(slug: string): string {
  return slug.replace(/(^|-)(\w)/g, (_, sep: string, ch: string) => (sep ? ' ' : '') + ch.toUpperCase());
}

/** The run of one client's set on day `day` of 2026 (0 is 1 January). */
export function benchRecord(shape: BenchShape, client: number, day: number, setIndex: number, r: () => number): RunRecord {
  const set = shape.sets[setIndex];
  const start = new Date(Date.UTC(2026, 0, 1, 9, 0, 0) + day * 86_400_000);
  const id = `${start.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}-${set}`;
  // The model is retrained in the middle of the year; one client slowly degrades after it.
  const version = day < 180 ? 'v1' : 'v2';
  const base = 0.88 + (client === 7 && day > 200 ? -(day - 200) / 800 : 0);
  const cases: CaseResult[] = Array.from({ length: shape.cases }, (_, i) => {
    const pass = r() < base + ((i % 10) - 5) / 100;
    const latencyMs = Math.round(800 + r() * 2500);
    return {
      id: `${set}-case-${i}`,
      input: `Question ${i}: ${sentence(r, 20)}?`,
      expected: sentence(r, 16),
      tags: ['billing'],
      attempts: [
        {
          output: sentence(r, 90),
          latencyMs,
          firstTokenMs: Math.round(latencyMs / 4),
          tokens: { prompt: 420, completion: 130 },
          assertions: [
            { type: 'icontains', pass, score: pass ? 1 : 0, reason: pass ? 'Contains "30 days"' : 'Expected output to contain "30 days"', weight: 1 },
            { type: 'llm-rubric', pass, score: pass ? 0.9 : 0.3, reason: `The answer ${sentence(r, 18)}.`, weight: 1 },
            { type: 'latency', pass: true, score: 1, reason: `Latency ${latencyMs} ms is within 5000 ms`, weight: 1 },
          ],
          score: pass ? 0.97 : 0.43,
          pass,
          retries: 0,
        },
      ],
      status: pass ? 'passed' : 'failed',
      score: pass ? 0.97 : 0.43,
      pass,
      flaky: false,
      passRate: pass ? 1 : 0,
      finishedAt: new Date(start.getTime() + 60_000).toISOString(),
    };
  });
  return {
    schemaVersion: 1,
    id,
    client: { id: `clients/client-${client}`, name: `Client ${client}` },
    evalSet: { id: `evals/${set}.yaml`, name: title(set) },
    startedAt: start.toISOString(),
    endedAt: new Date(start.getTime() + 120_000).toISOString(),
    status: 'complete',
    trigger: 'script',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: `client-${client}:${version}`, digest: `sha256:${version}${'0'.repeat(60)}`, family: 'llama', parameterSize: '8B', quantization: 'Q4_K_M', options: { temperature: 0, seed: 7 } },
    systemPrompt: { sha256: day < 90 ? 'a'.repeat(64) : 'b'.repeat(64), text: sentence(r, 300) },
    settings: { concurrency: 4, timeoutMs: 300000, maxRetries: 4 },
    cases,
    summary: summarize(cases),
  };
}
