import { execFile } from 'child_process';
import * as path from 'path';

export const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

export interface CliExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `upkeep ARGS` to its end; killed after `timeoutMs`, which shows as a null code. */
export function upkeepCli(args: readonly string[], timeoutMs = 15000): Promise<CliExit> {
  return nodeProcess([CLI, ...args], {}, timeoutMs);
}

/** Runs `node ARGS` to its end with `env` added to this process's environment; killed after `timeoutMs`. */
export function nodeProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15000): Promise<CliExit> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
