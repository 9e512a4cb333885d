import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';

/**
 * The Ollama-compatible test server in its own process, so the benchmark process's CPU time and
 * memory are the runner's alone.
 */
export async function startServerProcess(args: string[] = []): Promise<{ url: string; stop: () => void }> {
  const cli = path.join(__dirname, '..', '..', 'test', 'fixtures', 'ollamaServerCli.js');
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}
