import { spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { BENCH_SCRIPT } from './evalSets';

/**
 * The Ollama-compatible test server in its own process, so the benchmark process's CPU time and
 * memory are the runner's alone.
 */
export async function startServerProcess(args: string[] = []): Promise<{ url: string; pid?: number; stop: () => void }> {
  const cli = path.join(__dirname, '..', '..', 'test', 'fixtures', 'ollamaServerCli.js');
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** The server answering every request with the bench's streamed answer, its script written into `dir`. */
export async function startBenchServer(dir: string): Promise<{ url: string; pid?: number; stop: () => void }> {
  const script = path.join(dir, 'script.json');
  await fs.writeFile(script, JSON.stringify(BENCH_SCRIPT));
  return startServerProcess(['--script', script]);
}
