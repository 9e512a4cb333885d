import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OllamaProvider } from '../../src/core/providers';
import { runEvalSet } from '../../src/core/runner/runEvalSet';
import { parseEvalSet } from '../../src/core/workspace/evalSet';
import { startServerProcess } from './serverProcess';

const CASES = 1000;
const CONCURRENCY = 8;

/**
 * The runner's own cost per case against a test server that answers at once: everything the
 * model does not account for (HTTP client, streaming, grading, journal writes, the record).
 */
export async function benchRunnerOverhead(): Promise<Record<string, string>> {
  const server = await startServerProcess();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-'));
  try {
    const cases = Array.from({ length: CASES }, (_, i) =>
      `  - id: c${i}\n    input: question number ${i}\n    expected: ok\n    assert:\n      - { type: icontains, value: know }\n      - { type: regex, value: "^I\\\\b" }\n      - { type: levenshtein, threshold: 20 }\n`,
    );
    const text = `name: Bench\ncases:\n${cases.join('')}`;
    const set = parseEvalSet(path.join(dir, 'bench.yaml'), 'bench.yaml', text).set!;
    const run = () =>
      runEvalSet({
        client: { id: 'bench', name: 'Bench', dir },
        set,
        systemPrompt: 'You are a benchmark.',
        model: { provider: 'ollama', name: 'llama3.2:latest' },
        provider: new OllamaProvider({ host: server.url, model: 'llama3.2:latest' }),
        trigger: 'script',
        concurrency: CONCURRENCY,
      });
    await run(); // warm-up: JIT, connection pool
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { record } = await run();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (record.cases.length !== CASES) throw new Error(`only ${record.cases.length} cases ran`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      cases: `${CASES} (concurrency ${CONCURRENCY}, 3 assertions each, zero-latency server in another process)`,
      'wall time': `${wallMs.toFixed(0)} ms (${(wallMs / CASES).toFixed(3)} ms per case)`,
      'runner CPU per case': `${(cpuMs / CASES).toFixed(3)} ms`,
      // maxRSS is the operating system's high-water mark for the process, in KiB.
      'peak RSS of the runner process': `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    };
  } finally {
    server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
