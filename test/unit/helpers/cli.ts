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
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
