import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

function upkeep(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A client folder's files: its manifest on `host`, its system prompt naming it, and its sets. */
function clientFiles(slug: string, name: string, host: string, thresholds: string, sets: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {
    [`clients/${slug}/client.yaml`]: `name: ${name}\nmodel:\n  name: shop:v1\n  host: ${host}\n${thresholds}`,
    [`clients/${slug}/system-prompt.md`]: `You are ${name}.`,
  };
  for (const [file, text] of Object.entries(sets)) files[`clients/${slug}/evals/${file}`] = text;
  return files;
}

const runFiles = async (dir: string, slug: string) => (await fs.readdir(path.join(dir, 'clients', slug, 'runs')).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));

describe('upkeep run over a workspace (CLI)', () => {
  let shared: OllamaTestServer;
  let own: OllamaTestServer;
  let dir: string;

  beforeEach(async () => {
    // question 1 is answered wrong everywhere: every set of four passes 3 of 4.
    const script = { models: ['shop:v1'], rules: [{ match: 'question 1', reply: 'no' }], defaultReply: 'ok' };
    shared = await startOllamaServer({ script });
    own = await startOllamaServer({ script });
    dir = await tempTree({
      ...clientFiles('acme', 'Acme', shared.url, 'thresholds: { passRate: 0.9 }\n', { 'smoke.yaml': setOf(4), 'more.yaml': setOf(4).replace('name: Smoke', 'name: More') }),
      ...clientFiles('beta', 'Beta', shared.url, 'thresholds: { passRate: 0.5 }\n', { 'smoke.yaml': setOf(4) }),
      ...clientFiles('gamma', 'Gamma', own.url, '', { 'smoke.yaml': setOf(4) }),
    });
  });

  afterEach(async () => {
    await shared.close();
    await own.close();
    await removeTree(dir);
  });

  it('runs every set of every client, one set at a time per server, a line per set and the breaches last; exit 1', async () => {
    const r = await upkeep(['run', dir, '--concurrency', '2']);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepStrictEqual(lines.slice(0, -1).map((l) => l.replace(/ · p95 \d+ ms$/, '')), [
      'Acme · More: pass 75% (3/4) · score 0.75',
      'Acme · Smoke: pass 75% (3/4) · score 0.75',
      'Beta · Smoke: pass 75% (3/4) · score 0.75',
      'Gamma · Smoke: pass 75% (3/4) · score 0.75',
    ]);
    assert.strictEqual(lines.at(-1), '4 sets of 3 clients: 2 breaches. Acme · More: pass rate 75% < 90% threshold (−15 pts); Acme · Smoke: pass rate 75% < 90% threshold (−15 pts)');
    assert.match(r.stderr, /^breach: Acme · Smoke: pass rate 75% < 90% threshold \(−15 pts\)$/m);
    assert.deepStrictEqual([(await runFiles(dir, 'acme')).length, (await runFiles(dir, 'beta')).length, (await runFiles(dir, 'gamma')).length], [2, 1, 1]);
    // The shared server saw one set at a time: its chats come client by client, set by set, never mixed.
    const prompts = shared.requests.filter((q) => q.path === '/api/chat').map((q) => (q.body as { messages: { content: string }[] }).messages[0].content);
    const runsOfPrompts = prompts.filter((p, i) => p !== prompts[i - 1]);
    assert.deepStrictEqual(runsOfPrompts, ['You are Acme.', 'You are Beta.']);
    assert.ok(shared.maxInFlight <= 2, `the shared server had ${shared.maxInFlight} requests at once; one set sends 2`);
    assert.strictEqual(own.requests.filter((q) => q.path === '/api/chat').length, 4);
  });

  it('a server that is down skips its client and exits 2, the others still run; --json lists the runs, the breaches and what did not run', async () => {
    await shared.refuse();
    await fs.mkdir(path.join(dir, 'clients', 'broken'));
    await fs.writeFile(path.join(dir, 'clients', 'broken', 'client.yaml'), 'name: Broken\nmodel:\n  nme: x\n');
    const r = await upkeep(['run', dir, '--json']);
    assert.strictEqual(r.code, 2, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(out.runs.map((x: { client: string; evalSet: string; passRate: number }) => [x.client, x.evalSet, x.passRate]), [['Gamma', 'Smoke', 0.75]]);
    assert.deepStrictEqual(out.breaches, []);
    assert.deepStrictEqual(out.notRun.map((n: { client: string; set: string }) => `${n.client} · ${n.set}`), ['Acme · More', 'Acme · Smoke', 'Beta · Smoke']);
    assert.match(out.notRun[0].message, new RegExp(`Cannot reach .*${shared.url.replace(/[.]/g, '\\.')}`));
    assert.strictEqual(out.notRun[1].message, 'skipped: its model could not be reached for the set before it');
    assert.strictEqual(out.summary, '1 set of 1 client: no breach. 3 sets did not run');
    assert.match(r.stderr, /clients\/broken\/client\.yaml:3:3: error: Unknown property 'nme'/);
    assert.match(r.stderr, /clients\/broken\/client\.yaml is not usable; broken is not run\./);
  });

  it('--set runs that set in each client that has it; --case needs a client; a folder with no client is exit 2', async () => {
    const more = await upkeep(['run', dir, '--set', 'More', '--json']);
    assert.strictEqual(more.code, 1, more.stderr);
    assert.deepStrictEqual(JSON.parse(more.stdout).runs.map((x: { client: string }) => x.client), ['Acme']);
    const cased = await upkeep(['run', dir, '--case', 'q1']);
    assert.strictEqual(cased.code, 2);
    assert.match(cased.stderr, /--case needs a client folder/);
    const empty = await upkeep(['run', path.join(dir, 'clients', 'acme', 'evals')]);
    assert.strictEqual(empty.code, 2);
    assert.match(empty.stderr, /evals has no client\.yaml, nor a client folder under it/);
  });

  it('upkeep help run documents the workspace run', async () => {
    const r = await upkeep(['help', 'run']);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /^usage: upkeep run <clientDir\|workspaceDir>/);
    assert.match(r.stdout, /a workspace .* runs every set of every client, one set at a time per server/);
  });
});
