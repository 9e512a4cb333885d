import { spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { BENCH_SCRIPT } from './evalSets';

export interface BenchServer {
  url: string;
  /** The processes that answer (one, or each worker of --workers). */
  pids: number[];
  stop: () => void;
}

/** As many answering processes as cores, as Ollama's Go server answers connections on every core. */
export const SERVER_WORKERS = Math.max(1, os.cpus().length);

/**
 * The Ollama-compatible test server in processes of its own, so the benchmark process's CPU time
 * and memory are the runner's alone.
 */
export async function startServerProcess(args: string[] = []): Promise<BenchServer> {
  const cli = path.join(__dirname, '..', '..', 'test', 'fixtures', 'ollamaServerCli.js');
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  const { url, pids } = JSON.parse(first) as { url: string; pids: number[] };
  return { url, pids, stop: () => child.kill('SIGTERM') };
}

/** The server answering every request with the bench's streamed answer, its script written into `dir`. */
export async function startBenchServer(dir: string, workers = SERVER_WORKERS): Promise<BenchServer> {
  const script = path.join(dir, 'script.json');
  await fs.writeFile(script, JSON.stringify(BENCH_SCRIPT));
  return startServerProcess(['--script', script, '--workers', String(workers)]);
}
