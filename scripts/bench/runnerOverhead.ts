import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OllamaProvider, type Provider } from '../../src/core/providers';
import { runEvalSet } from '../../src/core/runner/runEvalSet';
import { parseEvalSet, type EvalSet } from '../../src/core/workspace/evalSet';
import { BENCH_CASES as CASES, flowStyleSet } from './evalSets';
import { SERVER_WORKERS, startBenchServer, type BenchServer } from './serverProcess';
import { readRawAnswers, serverCpuMs } from './socketFloor';
import { median } from './timing';

const CONCURRENCY = 8;
/** Runs before measuring (JIT, the connection pool), then runs measured; one run is too noisy on 2 cores. */
const WARM_UPS = 2;
const RUNS = 7;

/**
 * The runner's own cost per case against a test server that answers at once, streaming as Ollama
 * does (one token a line, then the `done` line with the counts): everything the model does not
 * account for (HTTP client, streaming, grading, journal writes, the record). The server answers
 * from as many processes as there are cores, as Ollama's Go server does; the same figures with
 * it in one process follow, since how fast the lines come changes how many socket reads the
 * runner makes for them.
 */
export async function benchRunnerOverhead(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-'));
  try {
    const set = parseEvalSet(path.join(dir, 'bench.yaml'), 'bench.yaml', flowStyleSet()).set!;
    const rows: Record<string, string> = {};
    for (const workers of new Set([SERVER_WORKERS, 1])) { // one run only on a one-core machine
      const server = await startBenchServer(dir, workers);
      try {
        const headline = workers === SERVER_WORKERS;
        Object.assign(rows, await measureAgainst(server, set, dir, headline, headline ? '' : ', the test server in one process'));
      } finally {
        server.stop();
      }
    }
    // maxRSS is the operating system's high-water mark for the process, in KiB.
    rows['peak RSS of the runner process'] = `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
    return rows;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The rows against one server; the headline run also gives the set's description and the in-process figure. */
async function measureAgainst(server: BenchServer, set: EvalSet, dir: string, headline: boolean, label: string): Promise<Record<string, string>> {
  const ollama = new OllamaProvider({ host: server.url, model: 'llama3.2:latest' });
  const answer = await ollama.complete({ messages: [{ role: 'user', content: 'question number 1' }] });
  const server0 = serverCpuMs(server.pids);
  const http = await measure(set, dir, ollama);
  const server1 = serverCpuMs(server.pids);
  const floors = [];
  for (let i = 0; i < WARM_UPS + RUNS; i++) floors.push(await readRawAnswers(server.url, server.pids, CASES, CONCURRENCY));
  const floor = floors.slice(WARM_UPS);
  const range = (xs: number[]) => `${(median(xs) / CASES).toFixed(3)} ms (${(Math.min(...xs) / CASES).toFixed(3)}–${(Math.max(...xs) / CASES).toFixed(3)})`;
  const perCase = (xs: number[]) => range(xs.map((x) => x * CASES));
  const rows: Record<string, string> = {};
  if (headline) {
    rows.cases = `${CASES} (concurrency ${CONCURRENCY}, 4 assertions each, zero-latency server in ${SERVER_WORKERS} other processes streaming a ${answer.tokens.completion ?? '?'}-token answer a token a line); median of ${RUNS} runs after ${WARM_UPS} warm-up runs, range in brackets`;
    // The same cases with the answer handed over in-process: what grading, the journal and the
    // record cost without HTTP.
    const canned: Provider = {
      kind: 'ollama',
      host: 'in-process',
      model: 'llama3.2:latest',
      health: async () => ({ ok: true, host: 'in-process', modelAvailable: true }),
      describeModel: async () => ({ name: 'llama3.2:latest' }),
      complete: async () => ({ ...answer }),
      embed: async () => [],
    };
    rows['runner CPU per case, answers handed over in-process (no HTTP)'] = range((await measure(set, dir, canned)).cpuMs);
  }
  rows[`wall time per case${label}`] = range(http.wallMs);
  rows[`runner CPU per case${label}`] = range(http.cpuMs);
  rows[`floor: a bare socket reader over the same streams (sends the request, reads to the last chunk, parses nothing), CPU per case${label}`] =
    `${perCase(floor.map((f) => f.clientCpuMs))}, ${median(floor.map((f) => f.readsPerAnswer)).toFixed(0)} socket reads an answer`;
  if (server0 !== undefined && server1 !== undefined) {
    rows[`the test server's own CPU per answer while the runner ran${label}`] = `${((server1 - server0) / ((WARM_UPS + RUNS) * CASES)).toFixed(3)} ms`;
  }
  return rows;
}

/** Wall and CPU milliseconds of each measured run, run as the CLI and VS Code run it: with a cancellation signal and a progress listener. */
async function measure(set: EvalSet, dir: string, provider: Provider): Promise<{ wallMs: number[]; cpuMs: number[] }> {
  const cancel = new AbortController();
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < WARM_UPS + RUNS; i++) {
    let progressEvents = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { record } = await runEvalSet({
      client: { id: 'bench', name: 'Bench', dir },
      set,
      systemPrompt: 'You are a benchmark.',
      model: { provider: 'ollama', name: 'llama3.2:latest' },
      provider,
      trigger: 'script',
      concurrency: CONCURRENCY,
      signal: cancel.signal,
      onProgress: () => progressEvents++,
    });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (record.cases.length !== CASES || record.summary.errored > 0) throw new Error(`${record.cases.length} cases ran, ${record.summary.errored} errored`);
    if (progressEvents !== CASES + 1) throw new Error(`${progressEvents} progress events for ${CASES} cases`);
    if (i < WARM_UPS) continue;
    wallMs.push(wall);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  return { wallMs, cpuMs };
}

