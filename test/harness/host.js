// @ts-check
'use strict';
/**
 * The project's VS Code host: the real VS Code 1.100.3 workbench shipped inside the npm package
 * code-server@4.100.3 (installed by install-host.sh), shown in Debian's Chromium driven by
 * playwright-core. Desktop VS Code cannot be downloaded where only the npm registry and Debian
 * apt are reachable; this runs fully offline. Shared by run-integration.js, run-e2e.js, the e2e
 * tests and scripts/start.js.
 *
 * Facts it relies on (checked on code-server 4.100.3):
 * - there is no CLI flag to load an extension under development: the workbench URL carries it in
 *   `payload` as vscode-remote://HOST:PORT/ABS/PATH (see workbenchUrl);
 * - a test run reports through window.codeAutomationLog(level, args) and ends with
 *   window.codeAutomationExit(code), which we expose to the page;
 * - the extension host is a child of code-server and inherits its environment (the `env` option);
 * - the extension host only starts once a workbench is connected, so a browser is always needed.
 *
 * Env: UPKEEP_HOST_DIR (default ~/.cache/upkeep-vscode-host, as in install-host.sh: outside the
 *        repository, see there why), UPKEEP_CHROMIUM (default /usr/bin/chromium),
 *      UPKEEP_HARNESS_VERBOSE=1 (echo code-server's log and the page's errors),
 *      UPKEEP_KEEP_RUN=1 (keep each run's folder: code-server log, user data, temp files).
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { shrinkPng } = require('../../scripts/shrinkPng');

const repoRoot = path.resolve(__dirname, '..', '..');
const hostDir = path.resolve(process.env.UPKEEP_HOST_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'upkeep-vscode-host'));
const codeServerEntry = path.join(hostDir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.UPKEEP_CHROMIUM || '/usr/bin/chromium';
const verbose = process.env.UPKEEP_HARNESS_VERBOSE === '1';
const keepRuns = process.env.UPKEEP_KEEP_RUN === '1';

/** Short names for the three built-in themes screenshots are taken in. */
const THEMES = {
  dark: 'Default Dark Modern',
  light: 'Default Light Modern',
  'high-contrast': 'Default High Contrast',
};

/**
 * Chromium as the machines here need it: no sandbox (root), no GPU, and no background
 * networking (the closed network refuses those connections, many at a time).
 */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * The workbench's own start-up chatter, which arrives through codeAutomationLog mixed with the
 * suite's output (all at level "info"); shown only with UPKEEP_HARNESS_VERBOSE=1.
 */
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|ChatSessionStore:)/;

const log = (/** @type {unknown[]} */ ...args) => console.error('[host]', ...args);

// ---------------------------------------------------------------------------------------------
// Cleanup: every process and folder we create is registered here, so that a normal exit, an
// exception, Ctrl-C or SIGTERM leaves nothing running and nothing behind.

/** @typedef {{ close: () => Promise<void>, closeSync: () => void }} Resource */
/** @type {Set<Resource>} */
const live = new Set();
let handlersInstalled = false;
let closing = false;

/** @param {Resource} resource */
function track(resource) {
  if (!handlersInstalled) {
    handlersInstalled = true;
    // 'exit' handlers must be synchronous: kill and delete without waiting.
    process.on('exit', () => {
      for (const r of [...live].reverse()) {
        try { r.closeSync(); } catch { /* best effort while exiting */ }
      }
    });
    for (const [signal, code] of /** @type {const} */ ([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]])) {
      // `once`: a second Ctrl-C falls through to Node's default and kills us at once.
      process.once(signal, () => {
        closing = true;
        log(`${signal}: stopping the VS Code host`);
        closeAll().finally(() => process.exit(code));
      });
    }
  }
  live.add(resource);
  return resource;
}

/** Closes everything still open (browsers first, then servers, then folders). */
async function closeAll() {
  closing = true;
  for (const r of [...live].reverse()) {
    try { await r.close(); } catch (e) { log('cleanup:', e instanceof Error ? e.message : e); }
  }
}

/** True once closeAll() has begun (after a signal, say): a server exiting then is expected. */
const isClosing = () => closing;

/** @param {string} dir */
function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ---------------------------------------------------------------------------------------------
// Install

/** Runs install-host.sh (a no-op in well under a second when the host is installed). */
function ensureInstalled() {
  const r = spawnSync('bash', [path.join(__dirname, 'install-host.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`test/harness/install-host.sh failed (exit ${r.status ?? r.signal})`);
}

// ---------------------------------------------------------------------------------------------
// Workspace copies (tests change files, so they never run in sample-workspace itself)

/**
 * Copies `src` into a fresh temp folder, keeping its base name (it shows in the Explorer and in
 * screenshots). The copy is deleted when the process exits unless UPKEEP_KEEP_WORKSPACE=1.
 * @param {string} src
 * @returns {string} the copy's absolute path
 */
function copyWorkspace(src) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-ws-'));
  const dest = path.join(parent, path.basename(path.resolve(src)));
  fs.cpSync(src, dest, { recursive: true });
  if (process.env.UPKEEP_KEEP_WORKSPACE !== '1') {
    track({ close: async () => removeDir(parent), closeSync: () => removeDir(parent) });
  }
  return dest;
}

// ---------------------------------------------------------------------------------------------
// code-server

/** @param {number} port */
function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** @returns {Promise<number>} a port the OS says is free on 127.0.0.1 */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** @param {string} url */
function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

/** @param {string} file @param {number} lines */
function tail(file, lines) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/** What every test run's user settings add, whatever its host: no scheduled health check until a health test turns it on. */
const TEST_RUN_SETTINGS = { 'upkeep.health.intervalMinutes': 0 };

/**
 * Writes the run's user settings: the quiet settings install-host.sh wrote, the color theme and
 * any extra settings asked for. A test run (no kept state dir) has Upkeep's scheduled health
 * checks off, so no alert about the sample clients' absent server covers what a test looks at;
 * the health tests turn them on.
 * @param {string} file
 * @param {{ theme?: string, settings?: Record<string, unknown>, stateDir?: string, workspaceTrust?: boolean }} opts
 */
function writeSettings(file, opts) {
  const base = JSON.parse(fs.readFileSync(path.join(hostDir, 'settings.json'), 'utf8'));
  const quiet = opts.stateDir ? {} : TEST_RUN_SETTINGS;
  /** @type {Record<string, unknown>} */
  const settings = { ...base, ...quiet, ...opts.settings };
  if (opts.theme) settings['workbench.colorTheme'] = THEMES[/** @type {keyof THEMES} */ (opts.theme)] || opts.theme;
  if (opts.workspaceTrust) settings['security.workspace.trust.enabled'] = true;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

/**
 * @typedef {object} ServerOptions
 * @property {number} [port]  port to listen on; default: any free port
 * @property {Record<string, string | undefined>} [env]  variables the extension host inherits
 * @property {string} [theme]  "Default Dark Modern" | "Default Light Modern" | "Default High Contrast" (or dark | light | high-contrast)
 * @property {Record<string, unknown>} [settings]  extra user settings
 * @property {string} [installVsix]  a .vsix to install with --install-extension before starting
 * @property {boolean} [workspaceTrust]  keep VS Code's workspace trust on (tests of Restricted Mode);
 *   by default it is off, or its dialog would cover the workbench
 * @property {string} [stateDir]  keep user data here across runs (npm start); default: a fresh
 *   folder under <host>/runs, deleted on stop
 *
 * @typedef {object} Server
 * @property {string} url  http://127.0.0.1:PORT
 * @property {string} authority  127.0.0.1:PORT, the remote authority in vscode-remote:// URIs
 * @property {number} port
 * @property {number} pid
 * @property {string} logFile
 * @property {Promise<void>} exited  settles when code-server exits (stopped or crashed)
 * @property {() => Promise<void>} stop
 */

/**
 * Starts code-server on 127.0.0.1 and waits until it answers /healthz.
 * @param {ServerOptions} [opts]
 * @returns {Promise<Server>}
 */
async function startServer(opts = {}) {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`the VS Code host is not installed in ${hostDir}: run bash test/harness/install-host.sh`);
  }
  const port = opts.port ?? (await freePort());
  const runDir = opts.stateDir ?? (fs.mkdirSync(path.join(hostDir, 'runs'), { recursive: true }),
    fs.mkdtempSync(path.join(hostDir, 'runs', 'run-')));
  const dirs = {
    home: path.join(runDir, 'home'),
    tmp: path.join(runDir, 'tmp'),
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  // A kept state dir keeps the user's own setting changes; a fresh run always gets ours.
  if (!opts.stateDir || !fs.existsSync(settingsFile) || opts.theme || opts.settings) writeSettings(settingsFile, opts);
  // An explicit config file stops code-server from writing one with a random password.
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  // Variables of an enclosing VS Code (running this from its terminal) would make code-server
  // hand its work to that instance, or make Node behave as Electron.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k]; else env[k] = v;
  }
  Object.assign(env, {
    // Keep code-server's config, logs, caches and temp files (and the extension host's) in the
    // run folder, not in the real home.
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    // No extension gallery: no marketplace request at startup.
    EXTENSIONS_GALLERY: '{}',
  });

  if (opts.installVsix) installVsix(opts.installVsix, dirs, env);

  const logFile = path.join(runDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', configFile,
  ], {
    env,
    // Its own process group, so that stopping it takes the extension host, file watcher and
    // pty host with it.
    detached: true,
    stdio: ['ignore', verbose ? 'inherit' : logFd, verbose ? 'inherit' : logFd],
  });
  fs.closeSync(logFd);
  const pid = /** @type {number} */ (child.pid);
  let exited = false;
  /** @type {Promise<void>} */
  const exitedP = new Promise((resolve) => child.once('exit', () => { exited = true; resolve(); }));

  const killGroup = (/** @type {NodeJS.Signals} */ sig) => {
    try { process.kill(-pid, sig); } catch { /* already gone */ }
  };
  const cleanDir = () => { if (!opts.stateDir && !keepRuns) removeDir(runDir); };
  /** @type {Resource} */
  const resource = track({
    async close() {
      live.delete(resource);
      if (!exited) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
        await exitedP;
        clearTimeout(timer);
      }
      killGroup('SIGKILL'); // anything of the group that outlived its parent
      cleanDir();
    },
    closeSync() { killGroup('SIGKILL'); cleanDir(); },
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  while (!(await httpOk(`${url}/healthz`))) {
    if (exited || Date.now() > deadline) {
      const why = exited ? `exited with code ${child.exitCode}` : 'did not answer /healthz within 30 s';
      const logTail = tail(logFile, 30);
      await resource.close();
      throw new Error(`code-server on port ${port} ${why}. Its log:\n${logTail}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { url, authority: `127.0.0.1:${port}`, port, pid, logFile, exited: exitedP, stop: () => resource.close() };
}

// ---------------------------------------------------------------------------------------------
// The workbench URL

/**
 * vscode-remote://HOST:PORT/ABS/PATH: how the workbench names a folder on the code-server side.
 * @param {Pick<Server, 'authority'>} server @param {string} absPath
 */
function remoteUri(server, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${server.authority}${p}`;
}

/**
 * @typedef {object} WorkbenchTarget
 * @property {string} [folder]  folder to open
 * @property {string} [workspace]  a .code-workspace file to open instead (a multi-root workspace)
 * @property {string} [extensionDevelopmentPath]  extension under development (its folder)
 * @property {string} [extensionTestsPath]  module exporting run(): makes this a test run
 */

/**
 * The URL that opens `folder` with the extension under development loaded. Works in any browser
 * on this machine (for as long as the server runs).
 * @param {Pick<Server, 'url' | 'authority'>} server @param {WorkbenchTarget} target
 */
function workbenchUrl(server, target) {
  /** @type {[string, string][]} */
  const payload = [];
  if (target.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, target.extensionDevelopmentPath)]);
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, target.extensionTestsPath)]);
  const query = [];
  if (target.folder) query.push(`folder=${encodeURIComponent(path.resolve(target.folder))}`);
  if (target.workspace) query.push(`workspace=${encodeURIComponent(path.resolve(target.workspace))}`);
  if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${query.join('&')}`;
}

// ---------------------------------------------------------------------------------------------
// Chromium

/**
 * @typedef {object} Browser
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Page} page
 * @property {Promise<number>} testExit  settles with the code a test run passes to codeAutomationExit
 * @property {Set<string>} externalOrigins  non-local origins the page requested
 * @property {() => Promise<void>} close
 */

/** @param {string} host */
const isLocalHost = (host) => host === '127.0.0.1' || host === 'localhost' || host === '[::1]';

/**
 * Launches headless Chromium with a fresh profile and wires up the test-run hooks.
 * @param {{ viewport?: { width: number, height: number } }} [opts]
 * @returns {Promise<Browser>}
 */
async function launchBrowser(opts = {}) {
  const { chromium } = require('playwright-core');
  fs.mkdirSync(path.join(hostDir, 'runs'), { recursive: true });
  const profile = fs.mkdtempSync(path.join(hostDir, 'runs', 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
    // Our own handlers close code-server too; Playwright still kills Chromium on exit.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  let closed = false;
  /** @type {Resource} */
  const resource = track({
    async close() {
      live.delete(resource);
      if (!closed) { closed = true; await context.close().catch(() => {}); }
      if (externalOrigins.size) log('non-local origins requested:', [...externalOrigins].join(' '));
      removeDir(profile);
    },
    closeSync() { removeDir(profile); }, // Playwright's own exit handler kills Chromium
  });

  // Nothing should leave the machine: report every other origin the workbench asks for.
  /** @type {Set<string>} */
  const externalOrigins = new Set();
  context.on('request', (req) => {
    const u = new URL(req.url());
    // *.vscode-resource.vscode-cdn.net is how webviews name their own files: VS Code's service
    // worker answers those requests, they never reach the network.
    const webviewResource = u.hostname.endsWith('.vscode-resource.vscode-cdn.net');
    if ((u.protocol === 'http:' || u.protocol === 'https:') && !isLocalHost(u.hostname) && !webviewResource && !externalOrigins.has(u.origin)) {
      externalOrigins.add(u.origin);
      log('non-local origin requested:', u.origin);
    }
  });

  const page = context.pages()[0] ?? (await context.newPage());
  if (verbose) {
    page.on('pageerror', (e) => log('pageerror:', e.message));
    page.on('console', (m) => { if (m.type() === 'error') log('console.error:', m.text().slice(0, 300)); });
  }
  // The hooks VS Code's web workbench calls during and after an extension test run (the same
  // ones @vscode/test-web uses): the suite's console output, then its exit code.
  /** @type {(code: number) => void} */
  let resolveExit = () => {};
  /** @type {Promise<number>} */
  const testExit = new Promise((resolve) => { resolveExit = resolve; });
  await page.exposeFunction('codeAutomationLog', (/** @type {string} */ level, /** @type {unknown} */ args) => {
    const parts = Array.isArray(args) ? args : [args];
    if (!verbose && typeof parts[0] === 'string' && WORKBENCH_NOISE.test(parts[0])) return;
    // console.log applies the printf-style format (mocha's '%s %s') the args carry.
    (level === 'error' ? console.error : console.log)(...parts);
  });
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => resolveExit(code));
  return { context, page, testExit, externalOrigins, close: () => resource.close() };
}

/**
 * Loads the workbench and waits until its DOM exists.
 * @param {import('playwright-core').Page} page @param {string} url
 */
async function openWorkbench(page, url, timeoutMs = 60000) {
  await page.goto(url, { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
}

// ---------------------------------------------------------------------------------------------
// What the runners and e2e tests call

/**
 * @typedef {WorkbenchTarget & ServerOptions & { viewport?: { width: number, height: number } }} SessionOptions
 * @typedef {{ server: Server, browser: Browser, page: import('playwright-core').Page, url: string, close: () => Promise<void> }} Session
 */

/**
 * code-server's built-in extensions below the extension development path make the workbench
 * ignore workbench.colorTheme (it shows Light+, silently): say so rather than mislead.
 * @param {string | undefined} extPath
 */
function warnIfHostInside(extPath) {
  if (!extPath) return;
  const real = (/** @type {string} */ p) => { try { return fs.realpathSync(p); } catch { return path.resolve(p); } };
  const rel = path.relative(real(extPath), real(hostDir));
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    log(`warning: the host (${hostDir}) is inside the extension under development; themes and other built-in contributions may not apply. Set UPKEEP_HOST_DIR outside it.`);
  }
}

/**
 * Installs a packaged extension the way a user would, with code-server's `--install-extension`,
 * into this run's extensions folder.
 * @param {string} vsix @param {{ userData: string, extensions: string }} dirs @param {NodeJS.ProcessEnv} env
 */
function installVsix(vsix, dirs, env) {
  const r = spawnSync(process.execPath, [codeServerEntry, '--install-extension', path.resolve(vsix),
    '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], { env, encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${output}`);
  }
  log(output.trim().split('\n').pop() ?? '');
}

/**
 * Starts code-server and Chromium and opens the workbench: what an e2e test needs.
 * @param {SessionOptions} opts
 * @returns {Promise<Session>}
 */
async function open(opts) {
  warnIfHostInside(opts.extensionDevelopmentPath);
  // In parallel: each takes over a second.
  const [s, b] = await Promise.allSettled([startServer(opts), launchBrowser(opts)]);
  const close = async () => {
    if (b.status === 'fulfilled') await b.value.close();
    if (s.status === 'fulfilled') await s.value.stop();
  };
  try {
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
    const url = workbenchUrl(s.value, opts);
    await openWorkbench(b.value.page, url);
    return { server: s.value, browser: b.value, page: b.value.page, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs an extension's test suite (extensionTestsPath exports run()) inside the real extension
 * host, printing its output. Resolves with the suite's exit code (0 = all passed).
 * @param {SessionOptions & { extensionTestsPath: string }} opts
 * @returns {Promise<number>}
 */
async function runExtensionTests(opts) {
  const session = await open(opts);
  try {
    return await session.browser.testExit;
  } finally {
    await session.close();
  }
}

/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Runs a command through the Command Palette (F1), by its full title ("Upkeep: Run Eval Set").
 * @param {import('playwright-core').Page} page @param {string} title
 */
async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  // F1 is now and then lost while the workbench moves focus (a tab just clicked, a hover
  // opening): ask again rather than wait out the whole time-out on a palette that never opens.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await input.fill('>' + title);
  // Click the row whose label is exactly the title: Enter would take whichever row is first.
  const row = page.locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .first();
  await row.click();
}

/**
 * Shows the view container with this label (activity-bar tooltip, e.g. "Upkeep"). Clicking an
 * already selected container would hide the side bar, so it only clicks when needed.
 * @param {import('playwright-core').Page} page @param {string} label
 */
async function openViewContainer(page, label, timeoutMs = 30000) {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${label.replace(/"/g, '\\"')}"]`).first();
  await item.waitFor({ timeout: timeoutMs });
  const checked = await item.evaluate((el) => !!el.closest('.action-item')?.classList.contains('checked'));
  if (!checked || !(await page.locator('.part.sidebar').isVisible())) {
    await item.click();
    // Park the mouse on the empty part of the activity bar (above Accounts and Manage) so that
    // the container's hover tooltip does not end up in screenshots.
    const bar = await page.locator('.part.activitybar').boundingBox();
    if (bar) await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height - 130);
  }
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Saves a PNG of the whole page (creating its folder), after a moment for animations to settle.
 * @param {import('playwright-core').Page} page @param {string} file
 */
async function screenshot(page, file) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.waitForTimeout(300);
  fs.writeFileSync(file, shrinkPng(await page.screenshot()));
  return file;
}

module.exports = {
  repoRoot, hostDir, THEMES, TEST_RUN_SETTINGS,
  ensureInstalled, copyWorkspace, isPortFree, freePort,
  startServer, workbenchUrl, launchBrowser, openWorkbench, open, runExtensionTests, closeAll, isClosing,
  runCommand, openViewContainer, screenshot,
};
