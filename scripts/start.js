// @ts-check
'use strict';
/**
 * `npm start`: try Upkeep on sample-workspace/ from a fresh clone.
 *
 *   npm start                     install dependencies if needed, build, then open VS Code with
 *                                 Upkeep loaded: the desktop `code` when it is on PATH, otherwise
 *                                 VS Code in the browser (code-server, installed into .vscode-host/)
 *   npm start -- --port 9000      browser host port (default 8080; a free one if that is busy)
 *   npm start -- --web            the browser host even when desktop `code` is on PATH
 *   npm start -- --check          (tests/CI) start, load the printed URL in headless Chromium,
 *                                 wait for Upkeep's activity-bar entry, print OK and exit 0
 *
 * When nothing answers at the sample clients' model host, the demo model server answers there
 * until this ends (scripts/demoModelServer.js); a server already listening is left alone.
 *
 * Env: as test/harness/host.js (UPKEEP_HOST_DIR, UPKEEP_CHROMIUM, UPKEEP_HARNESS_VERBOSE).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { startDemoModelServer } = require('./demoModelServer');

const repo = path.resolve(__dirname, '..');
const workspace = path.join(repo, 'sample-workspace');
const isWindows = process.platform === 'win32';

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { port: 8080, portGiven: false, check: false, web: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--web') opts.web = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? argv[++i] : a.slice('--port='.length);
      opts.port = Number(v);
      opts.portGiven = true;
      if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) fail(`--port needs a port number, got ${v}`);
    } else fail(`unknown option ${a} (options: --port N, --web, --check)`);
  }
  return opts;
}

/** @param {string} msg @returns {never} */
function fail(msg) {
  console.error(`[start] ${msg}`);
  process.exit(1);
}

/** Runs a command in the repo, echoing it; stops here if it fails. @param {string} cmd @param {string[]} args */
function run(cmd, args) {
  console.error(`[start] ${cmd} ${args.join(' ')}`);
  // npm is npm.cmd on Windows, which only a shell can start.
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', shell: isWindows });
  if (r.status !== 0) fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

/** The desktop VS Code CLI, if one is on PATH. */
function findCodeCli() {
  const names = isWindows ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const name of names) {
      const p = path.join(dir, name);
      try { fs.accessSync(p, fs.constants.X_OK); if (fs.statSync(p).isFile()) return p; } catch { /* not here */ }
    }
  }
  return undefined;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  if (!fs.existsSync(path.join(repo, 'node_modules'))) run('npm', ['install']);
  run('npm', ['run', 'build']);
  const demo = await startDemoModelServer(workspace);
  console.error(`[start] ${demo.message}`);

  const code = !opts.check && !opts.web ? findCodeCli() : undefined;
  if (code) {
    // Desktop VS Code opens its own window and the CLI returns at once, unless told to wait for
    // the window to close: the demo model server must answer until then.
    console.error(`[start] opening desktop VS Code (${code}) with the extension under development`);
    const wait = demo.started ? ['--wait'] : [];
    const r = spawnSync(code, [...wait, `--extensionDevelopmentPath=${repo}`, workspace], { stdio: 'inherit', shell: isWindows, env: { ...process.env, ...demo.env } });
    await demo.stop();
    process.exit(r.status ?? 1);
  }

  // No desktop VS Code: VS Code 1.100.3 in the browser, from the project's own harness.
  const host = require('../test/harness/host');
  host.ensureInstalled();
  let port = opts.port;
  if (!(await host.isPortFree(port))) {
    const free = await host.freePort();
    console.error(`[start] port ${port} is busy; using ${free}`);
    port = free;
  }
  // `npm start` keeps its user data (open editors, layout, settings) between runs; --check
  // starts clean every time.
  const server = await host.startServer({ port, stateDir: opts.check ? undefined : path.join(host.hostDir, 'start-state'), env: demo.env });
  const url = host.workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repo });

  if (opts.check) {
    const ok = await check(host, url);
    await host.closeAll();
    process.exit(ok ? 0 : 1);
  }

  console.log(`
  Upkeep is running in VS Code 1.100.3 (in the browser) on sample-workspace/.
  Open this URL in a browser on this machine:

    ${url}

  Models: ${demo.message}.

  The extension is loaded from ${repo}; after changing it, run \`npm run build\` and reload the
  page. code-server's log: ${server.logFile}
  Press Ctrl-C to stop.
`);
  await server.exited;
  if (host.isClosing()) return; // Ctrl-C: host.js stops code-server and exits
  fail(`code-server stopped unexpectedly; see ${server.logFile}`);
}

/**
 * Opens the URL in headless Chromium and waits for Upkeep's activity-bar entry: proof that the
 * URL users are given loads the extension.
 * @param {typeof import('../test/harness/host')} host @param {string} url
 */
async function check(host, url) {
  const t0 = Date.now();
  const browser = await host.launchBrowser();
  try {
    await host.openWorkbench(browser.page, url);
    await host.openViewContainer(browser.page, 'Upkeep', 60000);
    const clients = ['Acme Dental', 'Fernhill Outfitters', 'Northwind Legal'];
    for (const name of clients) {
      await browser.page.locator('.part.sidebar .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 60000 });
    }
    console.log(`OK: the workbench at ${url.split('?')[0]} shows the Clients tree with ${clients.join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    console.error(`[start] check FAILED: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    return false;
  } finally {
    await browser.close();
  }
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
