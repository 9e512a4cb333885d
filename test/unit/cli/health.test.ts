// `upkeep health` against the Ollama test server over real HTTP: each failure named, in bounded time.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { upkeepCli } from '../helpers/cli';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

describe('upkeep health (CLI)', () => {
  let server: OllamaTestServer;
  let dir: string;

  async function workspace(extra = 'thresholds: { latencyP95Ms: 4000 }\n') {
    server = await startOllamaServer({ script: { models: ['acme:v3', 'llama3.1:8b'], defaultReply: 'ok' } });
    dir = await tempTree({
      'clients/acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n${extra}`,
      'clients/acme/evals/smoke.yaml': setOf(1),
    });
    return dir;
  }

  /** Runs `upkeep health`, and how long it took. */
  async function health(...args: string[]) {
    const started = Date.now();
    const r = await upkeepCli(['health', dir, ...args], 30000);
    return { ...r, tookMs: Date.now() - started };
  }

  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('up: exit 0, with the probe timed to the first token and the server version', async () => {
    await workspace();
    const r = await health('--json');
    assert.strictEqual(r.code, 0, r.stderr);
    const [check] = JSON.parse(r.stdout).clients;
    assert.deepStrictEqual([check.status, check.model, check.serverVersion, check.problems], ['up', 'acme:v3', '0.12.3', []]);
    assert.ok(check.firstTokenMs >= 0 && check.totalMs >= check.firstTokenMs, JSON.stringify(check));
    assert.ok(server.requests.some((q) => q.path === '/api/chat' && (q.body as { options?: { num_predict?: number } }).options?.num_predict === 8), 'a real generation with a token limit');
    assert.match((await health()).stdout, /^✓ Acme: up · acme:v3 answers on http:\/\/127\.0\.0\.1:\d+ \(probe \d+ ms, first token \d+ ms\)\.\n$/);
  });

  it('down: a server that refuses is named with its host, exit 1, within seconds', async () => {
    await workspace();
    await server.refuse();
    const r = await health();
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, new RegExp(`^down: Acme \\(acme:v3 at ${server.url}\\): Cannot reach Ollama at ${server.url}`, 'm'));
    assert.ok(r.tookMs < 5000, `took ${r.tookMs} ms`);
  });

  it('missing model: down, naming the model and what the server has', async () => {
    await workspace();
    server.setScript({ models: ['llama3.1:8b'] });
    const r = await health();
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /down: Acme .*does not have the model 'acme:v3' \(it has llama3\.1:8b\)/);
  });

  it('hung generation: the server lists the model but never answers a chat; down within the probe time-out', async () => {
    await workspace();
    server.setFaults({ hang: {}, paths: ['/api/chat'] });
    const r = await health('--probe-timeout-ms', '1500', '--json');
    assert.strictEqual(r.code, 1);
    const [check] = JSON.parse(r.stdout).clients;
    assert.strictEqual(check.status, 'down');
    assert.match(check.summary, /acme:v3 is listed but does not generate: .*did not answer within 1500 ms/);
    assert.ok(r.tookMs < 6000, `took ${r.tookMs} ms`);
  });

  it('a server that hangs on everything: down within the metadata bound, not the 15 s of a run', async () => {
    await workspace();
    server.setFaults({ hang: {} });
    const r = await health();
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /down: Acme .* did not say its version and models within 5 s\./);
    assert.ok(r.tookMs < 9000, `took ${r.tookMs} ms`);
  });

  it('slow: answers over the latency threshold are degraded, with the time to first token', async () => {
    await workspace('thresholds: { latencyP95Ms: 200 }\n');
    server.setFaults({ latencyMs: 400, paths: ['/api/chat'] });
    const r = await health('--json');
    assert.strictEqual(r.code, 1);
    const [check] = JSON.parse(r.stdout).clients;
    assert.strictEqual(check.status, 'degraded');
    assert.deepStrictEqual(check.problems.map((p: { kind: string }) => p.kind), ['slow']);
    assert.match(check.summary, /^Slow: a 8-token answer took \d+ ms, first token after \d+ ms, over the 200 ms latency threshold\.$/);
  });

  it('digest moved: weights re-pulled under the same tag since the last production run are degraded', async () => {
    await workspace();
    const run = await upkeepCli(['run', path.join(dir, 'clients', 'acme')]);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual((await health()).code, 0);
    server.setScript({ models: [{ name: 'acme:v3', digest: 'f'.repeat(64) }], defaultReply: 'ok' });
    const r = await health('--format', 'prometheus');
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /degraded: Acme .*its weights changed since the last run \(was [0-9a-f]{12}\), so scores may move\./);
    assert.match(r.stdout, /^upkeep_digest_changed\{client="clients\/acme",model="acme:v3",host="[^"]+"\} 1$/m);
    assert.match(r.stdout, /^upkeep_up\{[^}]+\} 1$/m);
  });

  it('a judge the server lacks is degraded; --record appends each check to health/YYYY-MM.jsonl', async () => {
    await workspace('judge:\n  name: missing-judge\n');
    const r = await health('--record', '--every', '5');
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /degraded: Acme .*missing-judge/);
    await health('--record', '--every', '5');
    const files = await fs.readdir(path.join(dir, 'clients', 'acme', 'health'));
    assert.deepStrictEqual(files, [`${new Date().toISOString().slice(0, 7)}.jsonl`]);
    const lines = (await fs.readFile(path.join(dir, 'clients', 'acme', 'health', files[0]), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepStrictEqual(lines.map((l) => [l.status, l.every, l.problems]), [['degraded', 5, ['judge-missing']], ['degraded', 5, ['judge-missing']]]);
  });

  it('upkeep status shows the uptime of the month from the recorded checks', async () => {
    await workspace();
    assert.strictEqual((await health('--record')).code, 0);
    const r = await upkeepCli(['status', dir, '--json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const [client] = JSON.parse(r.stdout).clients;
    assert.strictEqual(client.operations.monitored, true);
    assert.strictEqual(client.operations.uptime, 1);
    assert.match(client.operations.note, /^Uptime 100% against a 99\.5% target \(met\)/);
    assert.match((await upkeepCli(['status', dir])).stdout, /\n {2}Uptime 100% against a 99\.5% target \(met\).*No incidents\.\n/);
  });

  it('unusable input exits 2: a client.yaml that does not validate, a format it does not know', async () => {
    await workspace();
    await fs.writeFile(path.join(dir, 'clients', 'acme', 'client.yaml'), 'name: Acme\nmodel: {}\n');
    const r = await health();
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /client\.yaml:2:\d+: error: .*name/);
    assert.strictEqual((await health('--format', 'openmetrics')).code, 2);
  });
});
