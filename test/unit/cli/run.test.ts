import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRunRecord } from '../../../src/core/store/readRuns';
import { startOllamaServer, type OllamaTestServer, type ScriptRequest } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `upkeep ARGS`; `kill` ends the process with SIGKILL, as a machine that loses power would. */
function upkeep(args: string[], kill?: AbortSignal): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], signal: kill, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => void (e.name === 'AbortError' || console.error(e)));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('upkeep run (CLI)', () => {
  let server: OllamaTestServer;
  let dir: string;

  async function client(setText: string, thresholds = 'thresholds: { passRate: 0.5 }\n') {
    server = await startOllamaServer({ script: { models: ['acme:v3'], rules: [{ match: 'question 1', reply: 'no' }], defaultReply: 'ok' } });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n${thresholds}`,
      'acme/system-prompt.md': 'You are Acme.',
      'acme/evals/smoke.yaml': setText,
    });
    return path.join(dir, 'acme');
  }

  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('exits 0 when thresholds are met, printing the summary as JSON and JUnit', async () => {
    const clientDir = await client(setOf(4));
    const junit = path.join(dir, 'junit.xml');
    const r = await upkeep(['run', clientDir, '--json', '--junit', junit, '--concurrency', '2']);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual([out.runs[0].total, out.runs[0].passed, out.runs[0].passRate, out.breaches], [4, 3, 0.75, []]);
    const xml = await fs.readFile(junit, 'utf8');
    assert.strictEqual((xml.match(/<testcase /g) ?? []).length, 4);
    assert.match(xml, /<testsuite name="Acme \/ Smoke" tests="4" failures="1" errors="0"/);
    assert.match(xml, /<testcase classname="Acme.Smoke" name="q1"[^>]*>\s*<failure message="contains: /);
  });

  it('exits 1 when a threshold is breached, naming it', async () => {
    const clientDir = await client(setOf(2), 'thresholds: { passRate: 0.9 }\n');
    const r = await upkeep(['run', clientDir]);
    assert.strictEqual(r.code, 1);
    // The pass rate the threshold judges leads the summary; the score is second and labelled.
    assert.match(r.stdout, /^Smoke: pass 50% \(1\/2\) · score 0\.50 · p95 \d+ ms$/m);
    assert.match(r.stderr, /breach: Smoke: pass rate 50% < 90% threshold \(−40 pts\)/);
  });

  it('--case runs only those cases, as a run of selected cases; an unknown case is unusable input', async () => {
    const clientDir = await client(setOf(4));
    const r = await upkeep(['run', clientDir, '--case', 'q2', '--case', 'q4', '--json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual([JSON.parse(r.stdout).runs[0].total, JSON.parse(r.stdout).runs[0].passed], [2, 2]);
    const runs = path.join(clientDir, 'runs');
    const [file] = (await fs.readdir(runs)).filter((f) => f.endsWith('.json'));
    const read = await readRunRecord(path.join(runs, file));
    assert.ok(read.ok);
    assert.deepStrictEqual(read.record.selectedCases, ['q2', 'q4']);
    assert.deepStrictEqual(read.record.cases.map((c) => c.id), ['q2', 'q4']);

    const unknown = await upkeep(['run', clientDir, '--case', 'q1,nope,gone']);
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.stderr, /Acme has no case 'nope', 'gone'/);
  });

  it('exits 2 with one clear message when the server is down', async () => {
    const clientDir = await client(setOf(5));
    await server.refuse();
    const r = await upkeep(['run', clientDir, '--json']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual((r.stderr.match(/Cannot reach/g) ?? []).length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(server.url.replace(/[.]/g, '\\.')));
    assert.match(r.stderr, /ollama serve/);
  });

  it('exits 2 for unusable input, with the problem at its line and column', async () => {
    const clientDir = await client(setOf(1));
    await fs.writeFile(path.join(clientDir, 'client.yaml'), 'name: Acme\nmodel:\n  nme: acme:v3\n');
    const r = await upkeep(['run', clientDir]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /client\.yaml:3:3: error: Unknown property 'nme' in 'model'/);
    assert.strictEqual((await upkeep(['run', clientDir, '--concurrency', 'lots'])).code, 2);
    assert.strictEqual((await upkeep(['run', clientDir, '--set', 'Nope'])).code, 2);
  });

  it('killed midway, leaves an interrupted record holding every case finished before the kill', async () => {
    const clientDir = await client(setOf(20));
    const runs = path.join(clientDir, 'runs');
    // One case at a time, q1–q3 answered at once and q4 never: the process is killed when the
    // server has q4, so q1–q3 are in the journal (a case is journaled before the next is asked).
    const kill = new AbortController();
    const killOnQ4 = (req: ScriptRequest) => (req.prompt === 'question 4' && kill.abort(), false);
    const never = new Promise(() => undefined);
    server.setScript({ models: ['acme:v3'], rules: [{ match: killOnQ4, reply: '' }, { match: 'question 1', reply: 'no' }, { match: /^question ([4-9]|1\d|20)$/, reply: 'ok', holdUntil: never }], defaultReply: 'ok' });
    const killed = await upkeep(['run', clientDir, '--concurrency', '1'], kill.signal);
    assert.strictEqual(killed.signal, 'SIGKILL');
    const journal = (await fs.readdir(runs)).find((n) => n.startsWith('.journal-'));
    assert.ok(journal, 'the killed run left its journal');
    const journaled = (await fs.readFile(path.join(runs, journal!), 'utf8')).split('\n').filter((l) => l.trim()).slice(1).map((l) => (JSON.parse(l) as { id: string }).id);
    assert.deepStrictEqual(journaled, ['q1', 'q2', 'q3']);

    // The next run (even one that cannot reach the server) turns the journal into a record first.
    await server.refuse();
    assert.strictEqual((await upkeep(['run', clientDir])).code, 2);
    const files = (await fs.readdir(runs)).filter((n) => n.endsWith('.json'));
    assert.strictEqual(files.length, 1);
    const read = await readRunRecord(path.join(runs, files[0]));
    assert.ok(read.ok);
    assert.strictEqual(read.record.status, 'interrupted');
    assert.deepStrictEqual(read.record.cases.map((c) => c.id), ['q1', 'q2', 'q3']);
  });

  /** One plain message: no stack trace, no `at …` frames. */
  const plain = (stderr: string): void => assert.ok(!/^\s+at /m.test(stderr) && !/Error:/.test(stderr), stderr);

  it('a folder that does not exist, or is not a client: one plain message and exit 2', async () => {
    const clientDir = await client(setOf(1));
    const missing = await upkeep(['run', path.join(dir, 'nope')]);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.stderr, `upkeep: ${path.join(dir, 'nope')} does not exist.\n`);
    const noManifest = await upkeep(['run', path.join(clientDir, 'evals')]);
    assert.strictEqual(noManifest.code, 2);
    assert.match(noManifest.stderr, /evals has no client\.yaml/);
    assert.ok(!/required property/.test(noManifest.stderr));
  });

  it('runs/ being a file: one plain message naming it, exit 2', async () => {
    const clientDir = await client(setOf(2));
    await fs.writeFile(path.join(clientDir, 'runs'), 'a file where the records go');
    const r = await upkeep(['run', clientDir, '--json']);
    assert.strictEqual(r.code, 2);
    plain(r.stderr);
    assert.match(r.stderr, new RegExp(`upkeep: Could not write the run record .*: ${path.join(clientDir, 'runs').replace(/[.]/g, '\\.')} is a file where a folder is needed\\.`));
  });

  it('--junit into a missing folder is refused before anything runs', async () => {
    const clientDir = await client(setOf(2));
    const r = await upkeep(['run', clientDir, '--json', '--junit', path.join(dir, 'reports', 'junit.xml')]);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, `upkeep: --junit ${path.join(dir, 'reports', 'junit.xml')}: the folder ${path.join(dir, 'reports')} does not exist.\n`);
    assert.strictEqual(server.requests.filter((q) => q.path === '/api/chat').length, 0);
  });

  it('a JUnit file the disk has no room for (ENOSPC): the record and the --json output are kept, one message, exit 2', async () => {
    const clientDir = await client(setOf(2));
    const r = await upkeep(['run', clientDir, '--json', '--junit', '/dev/full']);
    assert.strictEqual(r.code, 2);
    plain(r.stderr);
    assert.match(r.stderr, /upkeep: could not write --junit \/dev\/full: the disk is full \(ENOSPC\)\./);
    assert.strictEqual(JSON.parse(r.stdout).runs[0].total, 2);
    assert.strictEqual((await fs.readdir(path.join(clientDir, 'runs'))).filter((n) => n.endsWith('.json')).length, 1);
  });

  it('a damaged journal (valid JSON, not a run header) is set aside with a message, and the run goes on', async () => {
    const clientDir = await client(setOf(2));
    await fs.mkdir(path.join(clientDir, 'runs'));
    await fs.writeFile(path.join(clientDir, 'runs', '.journal-old.jsonl'), `{"journal":1,"pid":2147483646,"hostname":${JSON.stringify(os.hostname())},"header":{"id":"old"}}\n`);
    const r = await upkeep(['run', clientDir]);
    assert.strictEqual(r.code, 0, r.stderr);
    plain(r.stderr);
    assert.match(r.stderr, /upkeep: \.journal-old\.jsonl could not be recovered: its header is not a run header .*set aside as \.journal-old\.jsonl\.damaged\./);
    const again = await upkeep(['run', clientDir]);
    assert.strictEqual(again.code, 0);
    assert.ok(!/could not be recovered/.test(again.stderr));
  });

  it('a hung server: the run stops after three timed-out cases and says why', async () => {
    const clientDir = await client(setOf(8), 'thresholds: { passRate: 0.5 }\n');
    // The time-out also bounds the server's version and model check before the first case, the
    // CLI process's first request (its HTTP client loading inside that time): 150 ms missed it
    // under heavy load and the run ended as unreachable (exit 2). A second gives it room.
    await fs.writeFile(path.join(clientDir, 'client.yaml'), `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n  timeoutMs: 1000\n`);
    server.setFaults({ hang: {}, paths: ['/api/chat'] });
    const r = await upkeep(['run', clientDir, '--concurrency', '1']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /interrupted → .*\n {2}Stopped: .* stopped answering: 3 cases in a row got no answer within 1(000 ms| s) \(each tried 2 times; timeout: /);
    assert.strictEqual(server.requests.filter((q) => q.path === '/api/chat').length, 6);
  });

  it('two runs of one client at once both land', async () => {
    const clientDir = await client(setOf(6));
    server.setFaults({ latencyMs: 30 });
    const [a, b] = await Promise.all([upkeep(['run', clientDir, '--json']), upkeep(['run', clientDir, '--json'])]);
    assert.deepStrictEqual([a.code, b.code], [0, 0], a.stderr + b.stderr);
    const ids = [JSON.parse(a.stdout).runs[0].runId, JSON.parse(b.stdout).runs[0].runId];
    assert.notStrictEqual(ids[0], ids[1]);
    const files = (await fs.readdir(path.join(clientDir, 'runs'))).sort();
    assert.deepStrictEqual(files, ids.map((id) => `${id}.json`).sort(), 'two records, no journal left, none relabelled interrupted');
    for (const f of files) {
      const read = await readRunRecord(path.join(clientDir, 'runs', f));
      assert.ok(read.ok && read.record.status === 'complete' && read.record.cases.length === 6);
    }
  });
});

describe('upkeep status (CLI) with .upkeep a file', () => {
  it('says so plainly and exits 2', async () => {
    const dir = await tempTree({ 'acme/client.yaml': 'name: Acme\nmodel:\n  name: acme:v3\n', '.upkeep': 'a file' });
    try {
      const r = await upkeep(['status', dir]);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, `upkeep: Could not write the history index ${path.join(dir, '.upkeep', 'history.sqlite')}: ${path.join(dir, '.upkeep')} is a file where a folder is needed.\n`);
    } finally {
      await removeTree(dir);
    }
  });
});
