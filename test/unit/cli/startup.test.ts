import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

// What `node dist/cli.js` does before the first case and after the last, as the package's bin runs
// it (the bundle, built by `node esbuild.js`). Speed itself is the bench's (`npm run bench whole`).
const DIST = path.join(__dirname, '..', '..', '..', '..', 'dist');
const CLI = path.join(DIST, 'cli.js');
const PROBE = path.join(__dirname, '..', '..', 'fixtures', 'moduleLoadProbe.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('upkeep start-up (dist/cli.js)', () => {
  let server: OllamaTestServer | undefined;
  let dir: string;

  beforeEach(async () => {
    server = await startOllamaServer({ script: { models: ['acme:v3'], defaultReply: 'ok' } });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n`,
      'acme/evals/smoke.yaml': setOf(2),
    });
  });

  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it("a run loads no fetch implementation: neither Node's own (undici) nor the whatwg-fetch polyfill", async () => {
    const probe = path.join(dir, 'modules.json');
    const r = await node(['--require', PROBE, CLI, 'run', path.join(dir, 'acme'), '--json'], { UPKEEP_MODULE_PROBE: probe });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout).runs[0].passed, 2);
    const loaded = JSON.parse(await fs.readFile(probe, 'utf8')) as string[];
    assert.ok(loaded.includes('NativeModule net'), 'the probe saw the run connect');
    assert.deepStrictEqual(loaded.filter((m) => /undici/.test(m)), []);
    for (const bundle of ['cli.js', 'runner.js', 'features.js']) {
      assert.doesNotMatch(await fs.readFile(path.join(DIST, bundle), 'utf8'), /fetch-mock wraps the Response object/, `dist/${bundle} holds whatwg-fetch`);
    }
  });
});
