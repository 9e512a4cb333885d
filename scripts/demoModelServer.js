// @ts-check
'use strict';
/**
 * The demo model server `npm start` runs for sample-workspace/: the project's Ollama-compatible
 * test server (test/fixtures/ollamaServerCli.ts --sample-workspace) answering the sample clients'
 * eval cases as their history was made, on the host their client.yaml files name. Something
 * already listening there (a real Ollama) is left alone. The server is a child process that ends
 * with this one.
 *
 * Also used by the e2e suite (test/e2e/demoModelServer.e2e.ts), on a copy of the workspace.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const readline = require('readline');

const repo = path.resolve(__dirname, '..');
/** Where Ollama listens unless told otherwise, as in the client manifest's schema. */
const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The one host the workspace's clients send their models' requests to (judge included).
 * @param {string} workspace @returns {URL}
 */
function sampleHost(workspace) {
  const YAML = require('yaml');
  const clients = path.join(workspace, 'clients');
  const hosts = new Set();
  for (const name of fs.existsSync(clients) ? fs.readdirSync(clients) : []) {
    const file = path.join(clients, name, 'client.yaml');
    if (!fs.existsSync(file)) continue;
    const manifest = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
    hosts.add(manifest.model?.host ?? OLLAMA_DEFAULT_HOST);
    if (manifest.judge) hosts.add(manifest.judge.host ?? manifest.model?.host ?? OLLAMA_DEFAULT_HOST);
  }
  if (hosts.size !== 1) throw new Error(`the sample clients in ${workspace} name ${hosts.size} model hosts (${[...hosts].join(', ')}); the demo model server serves one`);
  return new URL([...hosts][0]);
}

/** Whether anything accepts a connection on the URL's port. @param {URL} url @returns {Promise<boolean>} */
function isListening(url) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
    socket.setTimeout(2000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(true); }); // something holds the port, however slowly
    socket.once('error', () => resolve(false));
  });
}

/** Bundles the server's CLI (fast, unlike a full `tsc`) into out/start/. @returns {string} */
function buildServer() {
  const outfile = path.join(repo, 'out', 'start', 'ollamaServerCli.js');
  require('esbuild').buildSync({
    entryPoints: [path.join(repo, 'test', 'fixtures', 'ollamaServerCli.ts')],
    outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  });
  return outfile;
}

/**
 * @typedef {object} DemoModelServer
 * @property {string} url            the sample clients' host
 * @property {boolean} started       false when something already listened there (left alone)
 * @property {string} message        one sentence for people: what answers the sample clients
 * @property {Record<string, string>} env  for the VS Code that opens the workspace: the Upkeep log says the same
 * @property {() => Promise<void>} stop   ends the server this call started (nothing otherwise)
 */

/**
 * Starts the demo model server for `workspace` unless something listens on its clients' host.
 * @param {string} workspace @returns {Promise<DemoModelServer>}
 */
async function startDemoModelServer(workspace) {
  const url = sampleHost(workspace);
  const base = url.origin;
  const env = (/** @type {boolean} */ started) => ({
    UPKEEP_SAMPLE_WORKSPACE: path.resolve(workspace),
    UPKEEP_DEMO_MODEL_SERVER: JSON.stringify({ url: base, started }),
  });
  const stopNothing = async () => {};
  if (await isListening(url)) {
    return { url: base, started: false, env: env(false), stop: stopNothing,
      message: `a server already listens at ${base}; the sample clients use it (no demo model server started)` };
  }
  if (!LOOPBACK.has(url.hostname) || url.protocol !== 'http:') {
    return { url: base, started: false, env: env(false), stop: stopNothing,
      message: `nothing answers at ${base}, which is not this machine, so no demo model server can stand in for it` };
  }
  const child = spawn(process.execPath, [buildServer(), '--host', url.hostname.replace(/^\[|\]$/g, ''), '--port', url.port || '80', '--sample-workspace', workspace],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill();
  process.on('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await new Promise((resolve) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(line.includes('"url"')));
    void exited.then(() => resolve(false));
  });
  if (!ready) {
    process.off('exit', killOnExit);
    throw new Error(`the demo model server did not start: ${stderr.trim() || 'no output'}`);
  }
  return {
    url: base,
    started: true,
    env: env(true),
    message: `nothing answered at ${base}, so the demo model server answers the sample clients there (scripted answers, some wrong on purpose; stopped when this ends)`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { startDemoModelServer, sampleHost };
