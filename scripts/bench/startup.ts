// The CLI's start-up and end: whole `upkeep run` processes on a 2-case set against the bench's
// server (everything before the first case and after the last, with two cases between), and
// `upkeep --version`, beside Node's own start (`node -e 0`). Warm is as a user has it, the V8 code
// cache written by an earlier process (src/cli/codeCache.ts); cold is the first process after a
// build, each in an empty cache folder, writing the cache at its exit.
import { spawnSync } from 'child_process';
import { rmSync } from 'fs';
import * as path from 'path';
import { median, timeRuns } from './timing';

const RUNS = 15;

export function benchStartup(cli: string, client: string, dir: string): Record<string, string> {
  const cache = path.join(dir, 'code-cache');
  const node = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  };
  const run = (cacheDir: string) => node([cli, 'run', client, '--json'], { UPKEEP_CACHE_DIR: cacheDir });
  // The records of the runs before are removed, untimed, so no run spends time claiming a free
  // name beside one started in the same second.
  const fresh = () => rmSync(path.join(client, 'runs'), { recursive: true, force: true });
  run(cache);
  let cold = 0;
  return {
    'start-up: `upkeep run` of a 2-case set, whole process, code cache warm': ms(timeRuns(RUNS, () => run(cache), fresh)),
    'the same, code cache cold (the first process after a build: compiles the bundle and writes the cache)': ms(timeRuns(RUNS, () => run(path.join(dir, `cold-cache-${cold++}`)), fresh)),
    '`upkeep --version`, code cache warm': ms(timeRuns(RUNS, () => node([cli, '--version'], { UPKEEP_CACHE_DIR: cache }))),
    "`node -e 0` (Node's own start, for comparison)": ms(timeRuns(RUNS, () => node(['-e', '0']))),
  };
}

function ms(xs: number[]): string {
  return `${Math.round(median(xs))} ms (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}), median of ${xs.length}`;
}
