// @ts-check
'use strict';
/**
 * `npm run test:integration`: the integration suite (mocha, test/integration/index.ts exporting
 * run()) inside a real VS Code 1.100.3 extension host, offline, through host.js. The suite runs
 * against a fresh copy of sample-workspace/ whose path it finds in UPKEEP_TEST_WORKSPACE.
 *
 * Needs beforehand: `npm run build` (dist/extension.js, the package.json `main`) and `tsc -p .`
 * (out/test/integration/index.js).
 *
 * Env: UPKEEP_VSCODE_HOST=desktop   run the same suite in desktop VS Code instead (run-desktop.js)
 *      UPKEEP_TEST_TIMEOUT_MS        overall time-out once the host is installed (default 900000)
 *      UPKEEP_*                      passed through to the extension host (as is the rest of the
 *                                    environment); see host.js for the harness's own variables
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const host = require('./host');

const repo = host.repoRoot;

/** The compiled suite and the bundled extension must exist: say how to make them if not. */
function checkBuilt() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const main = path.resolve(repo, pkg.main || 'dist/extension.js');
  const testsPath = path.join(repo, 'out', 'test', 'integration', 'index.js');
  const problems = [];
  if (!fs.existsSync(main)) problems.push(`${path.relative(repo, main)} is missing: run \`npm run build\``);
  if (!fs.existsSync(testsPath)) problems.push(`${path.relative(repo, testsPath)} is missing: run \`npx tsc -p .\``);
  if (problems.length) {
    console.error(`[integration] cannot run:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return testsPath;
}

async function main() {
  if (process.env.UPKEEP_VSCODE_HOST === 'desktop') {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'run-desktop.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const extensionTestsPath = checkBuilt();
  host.ensureInstalled();

  // The time-out starts after the install (a cold install legitimately takes minutes).
  const timeoutMs = Number(process.env.UPKEEP_TEST_TIMEOUT_MS) || 900000;
  const timer = setTimeout(() => {
    console.error(`\n[integration] TIMED OUT: the suite did not finish within ${timeoutMs / 1000} s ` +
      '(a test that never resolves, or an extension host that did not start; ' +
      'UPKEEP_HARNESS_VERBOSE=1 shows code-server\'s log and the page\'s errors, UPKEEP_TEST_TIMEOUT_MS changes the limit)');
    host.closeAll().finally(() => process.exit(124));
  }, timeoutMs);
  timer.unref();

  const t0 = Date.now();
  const workspace = host.copyWorkspace(path.join(repo, 'sample-workspace'));
  /** @type {Record<string, string>} */
  const env = { UPKEEP_TEST_WORKSPACE: workspace };
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('UPKEEP_') && v !== undefined && !(k in env)) env[k] = v;

  console.error(`[integration] VS Code 1.100.3 (code-server host), workspace copy ${workspace}`);
  const code = await host.runExtensionTests({
    folder: workspace,
    extensionDevelopmentPath: repo,
    extensionTestsPath,
    env,
  });
  console.error(`[integration] suite exited with code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const multiRoot = code === 0 && wantsMultiRoot() ? await runMultiRoot(env) : 0;
  clearTimeout(timer);
  await host.closeAll();
  process.exit(code === 0 && multiRoot === 0 ? 0 : code || multiRoot || 1);
}

/** The multi-root pass runs with the whole suite, or when the title filter names it. */
function wantsMultiRoot() {
  const grep = process.env.UPKEEP_TEST_GREP;
  return !grep || /multi-root/i.test(grep);
}

/**
 * The suite in test/integration/multiRoot, in a second VS Code on a .code-workspace of two copies
 * of sample-workspace named `east` and `west`: the same client folders in two workspace folders.
 * @param {Record<string, string>} env
 */
async function runMultiRoot(env) {
  const t0 = Date.now();
  const parent = path.dirname(host.copyWorkspace(path.join(repo, 'sample-workspace')));
  const folders = ['east', 'west'].map((name) => path.join(parent, name));
  fs.renameSync(path.join(parent, 'sample-workspace'), folders[0]);
  fs.cpSync(folders[0], folders[1], { recursive: true });
  const workspace = path.join(parent, 'book.code-workspace');
  fs.writeFileSync(workspace, JSON.stringify({ folders: folders.map((f) => ({ path: path.basename(f) })) }, null, 2));
  console.error(`[integration] multi-root workspace ${workspace}`);
  const code = await host.runExtensionTests({
    workspace,
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out', 'test', 'integration', 'multiRoot', 'index.js'),
    env: { ...env, UPKEEP_TEST_WORKSPACE: '', UPKEEP_TEST_WORKSPACE_FILE: workspace },
  });
  console.error(`[integration] multi-root suite exited with code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code;
}

main().catch(async (e) => {
  console.error('[integration] harness error:', e instanceof Error ? e.message : e);
  await host.closeAll();
  process.exit(1);
});
