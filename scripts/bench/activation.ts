import { spawnSync } from 'child_process';
import { promises as fs, readdirSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ActivationTimes, StartupTimes } from './activationStats';
import { median } from './timing';

/** The repository: this file runs from out/scripts/bench. */
const repo = path.resolve(__dirname, '..', '..', '..');
type Host = typeof import('../../test/harness/host');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript outside out/, typed by host.d.ts
const host: Host = require(path.join(repo, 'test', 'harness', 'host.js'));
const SESSIONS = 5;
const README_BLOCK = /(<!-- bench:activation -->\n)[\s\S]*?(<!-- \/bench:activation -->)/;

/**
 * Upkeep's activation as the extension host itself records it, in the real VS Code (code-server
 * 4.100.3) on a fresh copy of sample-workspace, with the bundles built as they are packaged
 * (minified): load code (requiring dist/extension.js) plus call activate is the figure Developer:
 * Show Running Extensions shows; finish activate is until activate's promise resolves. Median of
 * five fresh sessions. Also each bundle's size. With `--readme`, writes the table into the README
 * between its bench:activation markers, so the figures there are this script's, never typed.
 */
export async function benchActivation(): Promise<Record<string, string>> {
  build(['--production']);
  let rows: Record<string, string>;
  try {
    host.ensureInstalled();
    const times: (ActivationTimes & StartupTimes)[] = [];
    for (let i = 0; i < SESSIONS; i++) times.push(await oneSession());
    const shown = times.map((t) => t.loadCodeMs + t.callActivateMs);
    rows = {
      [`activation in the extension host (load code + call activate, as Show Running Extensions; aim: under 50 ms), median of ${SESSIONS} sessions`]: `${median(shown)} ms (${Math.min(...shown)}–${Math.max(...shown)})`,
      'load code (require dist/extension.js)': `${median(times.map((t) => t.loadCodeMs))} ms`,
      'call activate (its synchronous part)': `${median(times.map((t) => t.callActivateMs))} ms`,
      "until activate's promise resolves": `${median(times.map((t) => t.finishActivateMs))} ms`,
      'activated by': times[0].event,
      'after activation: dist/features.js required and its providers built (from the call of activate)': `${median(times.map((t) => t.featuresStartedMs))} ms`,
      'until the Clients tree has its clients (load code + from the call of activate to the end of the first workspace load)': `${median(times.map((t) => t.loadCodeMs + t.workspaceLoadedMs))} ms`,
      ...bundleSizes(),
    };
  } finally {
    await host.closeAll();
    // Back to the development build (source maps) the other scripts and the suites expect.
    build([]);
  }
  if (process.argv.includes('--readme')) await writeReadme(rows);
  return rows;
}

async function oneSession(): Promise<ActivationTimes & StartupTimes> {
  const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-activation-')), 'times.json');
  const code = await host.runExtensionTests({
    folder: host.copyWorkspace(path.join(repo, 'sample-workspace')),
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out', 'scripts', 'bench', 'activationProbe.js'),
    env: { UPKEEP_BENCH_OUT: out },
  });
  if (code !== 0) throw new Error(`the activation probe exited with ${code}`);
  return JSON.parse(await fs.readFile(out, 'utf8')) as ActivationTimes & StartupTimes;
}

function build(args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(repo, 'esbuild.js'), ...args], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node esbuild.js ${args.join(' ')} failed`);
}

/** "dist/extension.js (minified)": "61 KiB", for every script bundle in dist/ and dist/webview/. */
function bundleSizes(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const dir of ['dist', 'dist/webview']) {
    for (const name of readdirSync(path.join(repo, dir)).filter((n) => n.endsWith('.js')).sort()) {
      const bytes = statSync(path.join(repo, dir, name)).size;
      rows[`${dir}/${name} (minified)`] = bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(2)} MiB` : `${Math.round(bytes / 1024)} KiB`;
    }
  }
  return rows;
}

async function writeReadme(rows: Record<string, string>): Promise<void> {
  const file = path.join(repo, 'README.md');
  const text = await fs.readFile(file, 'utf8');
  if (!README_BLOCK.test(text)) throw new Error('README.md has no <!-- bench:activation --> block');
  const table = ['| measure | value |', '| --- | --- |', ...Object.entries(rows).map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  await fs.writeFile(file, text.replace(README_BLOCK, `$1${table}\n$2`));
}
