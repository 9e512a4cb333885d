import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clientDashboard, clientsOverview, HistoryIndex } from '../../src/core/history';
import type { CaseResult, RunRecord } from '../../src/core/store/runRecord';
import { summarize } from '../../src/core/store/summary';
import { loadWorkspace } from '../../src/core/workspace/loadWorkspace';

const CLIENTS = 10;
const DAYS = 365;
const CASES = 100;
const SETS = ['front-desk', 'safety'];

/**
 * The history index on a year of daily runs for ten clients: 3,650 run records of 100 cases
 * each, pretty-printed as the runner writes them, with outputs and assertion reasons of the
 * length real ones have. Measures the cold build, a reopen from disk, the dashboard queries
 * warm, a sync with nothing to do and one after a new run.
 */
export async function benchHistoryIndex(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-history-'));
  try {
    const g0 = performance.now();
    const bytes = await generate(dir);
    const genMs = performance.now() - g0;
    let clients = (await loadWorkspace([dir])).clients;
    const files = clients.reduce((n, c) => n + c.runFiles.length, 0);
    if (files !== CLIENTS * DAYS) throw new Error(`generated ${files} run files`);
    const rssBefore = process.resourceUsage().maxRSS;

    const dbFile = path.join(dir, '.index', 'history.sqlite');
    const t0 = performance.now();
    const index = await HistoryIndex.open({ file: dbFile });
    const cold = await index.sync(clients);
    const coldMs = performance.now() - t0;
    const s0 = performance.now();
    await index.save();
    const saveMs = performance.now() - s0;
    index.close();
    if (cold.totals.cases !== CLIENTS * DAYS * CASES || cold.failed.length) throw new Error(`cold build: ${JSON.stringify({ ...cold.totals, failed: cold.failed.slice(0, 3) })}`);

    const o0 = performance.now();
    const reopened = await HistoryIndex.open({ file: dbFile });
    const reopenMs = performance.now() - o0;
    if (reopened.rebuilt) throw new Error(`reopen rebuilt: ${JSON.stringify(reopened.rebuilt)}`);
    const n0 = performance.now();
    const noop = await reopened.sync(clients);
    const noopMs = performance.now() - n0;
    if (noop.read !== 0) throw new Error(`a sync with nothing changed read ${noop.read} files`);

    const now = new Date(Date.UTC(2026, 11, 31, 12));
    const one = clients[3];
    const dash = timeIt(() => clientDashboard(reopened, one, now));
    const overview = timeIt(() => clientsOverview(reopened, clients, now));
    const sample = clientDashboard(reopened, one, now);
    if (sample.sets.length !== SETS.length || sample.sets[0].series.length < 150) throw new Error('dashboard is missing data');

    // One more run for one client, then a sync.
    const runsDir = path.join(one.dir, 'runs');
    const record = makeRecord(3, DAYS, 0, rng(99));
    await fs.writeFile(path.join(runsDir, `${record.id}.json`), JSON.stringify(record, null, 2) + '\n');
    clients = (await loadWorkspace([dir])).clients;
    const i0 = performance.now();
    const inc = await reopened.sync(clients);
    const incMs = performance.now() - i0;
    if (inc.added !== 1 || inc.read !== 1) throw new Error(`incremental sync: ${JSON.stringify(inc)}`);
    const is0 = performance.now();
    await reopened.save();
    const incSaveMs = performance.now() - is0;
    const dbBytes = (await fs.stat(dbFile)).size;
    reopened.close();

    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    return {
      data: `${CLIENTS} clients × ${DAYS} daily runs × ${CASES} cases = ${files} run files, ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON (generated in ${(genMs / 1000).toFixed(1)} s, not counted)`,
      'cold build (open + sync of every file)': `${(coldMs / 1000).toFixed(2)} s (${cold.totals.runs} runs, ${cold.totals.cases} cases, ${cold.totals.changelogEntries} change-log entries)`,
      'save (export + atomic write)': `${saveMs.toFixed(0)} ms, index file ${(dbBytes / 2 ** 20).toFixed(1)} MiB`,
      'reopen from disk (with quick_check)': `${reopenMs.toFixed(0)} ms`,
      'sync with nothing changed (stat only)': `${noopMs.toFixed(0)} ms`,
      'sync after one new run file': `${incMs.toFixed(0)} ms (+ save ${incSaveMs.toFixed(0)} ms)`,
      'client dashboard, warm (median of 20)': `${dash.median.toFixed(1)} ms (max ${dash.max.toFixed(1)} ms)`,
      'all-clients overview, warm (median of 20)': `${overview.median.toFixed(1)} ms (max ${overview.max.toFixed(1)} ms)`,
      'peak RSS before the build (generation, workspace load)': mib(rssBefore),
      'peak RSS of the process': mib(process.resourceUsage().maxRSS),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function timeIt(fn: () => unknown): { median: number; max: number } {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

// ---- data ----------------------------------------------------------------------------------

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const WORDS = 'the appointment refund clinic policy cleaning patient booking insurance cover we can please days notice dentist check-up fee hours weekend emergency our team will call you back within business'.split(' ');
function sentence(r: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

async function generate(root: string): Promise<number> {
  let bytes = 0;
  for (let c = 0; c < CLIENTS; c++) {
    const dir = path.join(root, 'clients', `client-${c}`);
    await fs.mkdir(path.join(dir, 'runs'), { recursive: true });
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'client.yaml'),
      `name: Client ${c}\nmodel:\n  provider: ollama\n  name: client-${c}:v1\nthresholds:\n  passRate: 0.85\n  latencyP95Ms: 4000\nretainer:\n  includedHours: 2\n  hourlyRate: 180\n  currency: AUD\n`,
    );
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You are the front desk.\n');
    for (const set of SETS) {
      const cases = Array.from({ length: CASES }, (_, i) => `  - id: ${set}-case-${i}\n    input: question ${i}\n    assert: [{ type: icontains, value: ok }]\n`).join('');
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
    const r = rng(c + 1);
    const writes: Promise<void>[] = [];
    for (let d = 0; d < DAYS; d++) {
      const record = makeRecord(c, d, d % SETS.length, r);
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

function makeRecord(client: number, day: number, setIndex: number, r: () => number): RunRecord {
  const set = SETS[setIndex];
  const start = new Date(Date.UTC(2026, 0, 1, 9, 0, 0) + day * 86_400_000);
  const id = `${start.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}-${set}`;
  // The model is retrained in the middle of the year; one client slowly degrades after it.
  const version = day < 180 ? 'v1' : 'v2';
  const base = 0.88 + (client === 7 && day > 200 ? -(day - 200) / 800 : 0);
  const cases: CaseResult[] = Array.from({ length: CASES }, (_, i) => {
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
