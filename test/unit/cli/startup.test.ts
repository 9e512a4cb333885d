import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LoadedModules } from '../../fixtures/moduleLoadProbe';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { nodeProcess } from '../helpers/cli';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

// What `node dist/cli.js` does before the first case and after the last, as the package's bin runs
// it (the bundle, built by `node esbuild.js`). Speed itself is the bench's (`npm run bench whole`).
const DIST = path.join(__dirname, '..', '..', '..', '..', 'dist');
const CLI = path.join(DIST, 'cli.js');
const PROBE = path.join(__dirname, '..', '..', 'fixtures', 'moduleLoadProbe.js');
const V8_FLAGS_PROBE = path.join(__dirname, '..', '..', 'fixtures', 'v8FlagsProbe.js');

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
    const r = await nodeProcess(['--require', PROBE, CLI, 'run', path.join(dir, 'acme'), '--json'], { UPKEEP_MODULE_PROBE: probe, UPKEEP_CACHE_DIR: path.join(dir, 'cache') });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout).runs[0].passed, 2);
    const loaded = (JSON.parse(await fs.readFile(probe, 'utf8')) as LoadedModules).builtins;
    assert.ok(loaded.includes('NativeModule net'), 'the probe saw the run connect');
    assert.deepStrictEqual(loaded.filter((m) => /undici/.test(m)), []);
    for (const bundle of ['cli-main.js', 'runner.js', 'features.js']) {
      assert.doesNotMatch(await fs.readFile(path.join(DIST, bundle), 'utf8'), /fetch-mock wraps the Response object/, `dist/${bundle} holds whatwg-fetch`);
    }
  });

  it('dist/cli.js is a small loader: the bundle is compiled from its code cache, written by the first run and used by the next', async () => {
    assert.ok((await fs.stat(CLI)).size < 16 * 1024, 'dist/cli.js holds the loader only');
    const cache = path.join(dir, 'cache');
    const env = { UPKEEP_CACHE_DIR: cache };
    const first = await nodeProcess([CLI, 'run', path.join(dir, 'acme'), '--json'], env);
    assert.strictEqual(first.code, 0, first.stderr);
    const [written, ...more] = await fs.readdir(cache);
    assert.deepStrictEqual(more, []);
    assert.match(written, /^cli-main-[0-9a-f]{8}-[0-9a-f]{20}-.*\.v8cache$/);
    const before = await fs.stat(path.join(cache, written));
    const second = await nodeProcess([CLI, 'run', path.join(dir, 'acme'), '--json'], env);
    assert.strictEqual(second.code, 0, second.stderr);
    assert.deepStrictEqual(JSON.parse(second.stdout).runs.map((r: { passed: number }) => r.passed), [2]);
    assert.deepStrictEqual(await fs.readdir(cache), [written]);
    assert.strictEqual((await fs.stat(path.join(cache, written))).ino, before.ino, 'V8 took the cache: a rejected one is written anew');
  });

  it("--version and help evaluate no command's modules (http, the schemas' libraries): each command's are required when it runs", async () => {
    for (const args of [['--version'], ['help', 'run']]) {
      const probe = path.join(dir, 'modules.json');
      const r = await nodeProcess(['--require', PROBE, CLI, ...args], { UPKEEP_MODULE_PROBE: probe, UPKEEP_CACHE_DIR: path.join(dir, 'cache') });
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /^upkeep \d|^usage: upkeep run/);
      const loaded = (JSON.parse(await fs.readFile(probe, 'utf8')) as LoadedModules).builtins;
      assert.deepStrictEqual(loaded.filter((m) => /^NativeModule (https?|tls|readline|fs\/promises)$/.test(m)), [], args.join(' '));
    }
  });

  it("a run evaluates only a run's modules: not the history index, health, report or other commands' (tsc's modules, one file each)", async () => {
    const probe = path.join(dir, 'modules.json');
    const main = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
    const r = await nodeProcess(['--require', PROBE, main, 'run', path.join(dir, 'acme'), '--json'], { UPKEEP_MODULE_PROBE: probe });
    assert.strictEqual(r.code, 0, r.stderr);
    const src = path.join(__dirname, '..', '..', '..', 'src');
    const files = (JSON.parse(await fs.readFile(probe, 'utf8')) as LoadedModules).files.filter((f) => f.startsWith(src)).map((f) => path.relative(src, f).split(path.sep).join('/'));
    assert.ok(files.includes('core/runner/runEvalSet.js'), 'the probe saw the run');
    // The run record's schemas (store/runRecord) are built only when a journal is recovered or a record read.
    const unneeded = /^core\/(history\/(index|historyIndex|wasm|dashboard)|report\/(health|operations)|health\/(uptime|incidents|compliance)|store\/runRecord)\.js$|^cli\/(validate|status|report|compare|health|sample|import)\.js$/;
    assert.deepStrictEqual(files.filter((f) => unneeded.test(f)), []);
  });

  it('compiles WebAssembly (sql.js, for the history index) with Liftoff only, a flag set before the bundle is compiled', async () => {
    const flags = path.join(dir, 'flags.txt');
    const r = await nodeProcess(['--require', V8_FLAGS_PROBE, CLI, 'validate', path.join(dir, 'acme')], { UPKEEP_V8_FLAGS_PROBE: flags, UPKEEP_CACHE_DIR: path.join(dir, 'cache') });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual((await fs.readFile(flags, 'utf8')).split('\n').filter(Boolean), ['--liftoff-only']);
  });
});
