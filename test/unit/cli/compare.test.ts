import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { startOllamaServer, type OllamaTestServer, type Rule } from '../../fixtures/ollamaServer';
import { upkeepCli } from '../helpers/cli';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

describe('upkeep compare (CLI)', () => {
  let server: OllamaTestServer;
  let dir: string;

  /** A client on acme:v1 with `n` cases; `rules` script how v1 and v2 answer (default "ok", a pass). */
  async function client(rules: Rule[], n = 6) {
    server = await startOllamaServer({ script: { models: ['acme:v1', 'acme:v2'], rules, defaultReply: 'ok' } });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v1\n  host: ${server.url}\nthresholds: { passRate: 0.5 }\n`,
      'acme/system-prompt.md': 'You are Acme.',
      'acme/evals/smoke.yaml': setOf(n),
    });
    return path.join(dir, 'acme');
  }

  const fails = (model: string, ...cases: number[]): Rule[] => cases.map((i) => ({ model, match: `question ${i}`, reply: 'no' }));

  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('--json prints the wins and losses the script implies, the p-value, the interval and the decision; exit 0 on promote', async () => {
    // Production fails q5 and q6; the candidate passes everything: two wins, no loss.
    const clientDir = await client(fails('acme:v1', 5, 6));
    const r = await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2', '--json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const set = out.sets[0];
    assert.deepStrictEqual([set.wins, set.losses, set.bothPass, set.bothFail], [2, 0, 4, 0]);
    assert.strictEqual(set.pValue, 0.5);
    assert.ok(set.interval.low >= 0 && set.interval.low <= 1 / 3 && set.interval.high > 1 / 3, JSON.stringify(set.interval));
    assert.strictEqual(set.interval.mean, 1 / 3);
    assert.deepStrictEqual([set.decision, out.decision], ['promote', 'promote']);
    assert.ok((await fs.readdir(path.join(clientDir, 'comparisons'))).some((f) => f === `${out.comparison}.json`));
  });

  it('exit 1 on reject: significantly more losses than wins', async () => {
    const clientDir = await client(fails('acme:v2', 1, 2, 3, 4, 5, 6, 7, 8), 12);
    const r = await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2']);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Smoke: 0 wins, 8 losses, 4 both pass, 0 both fail$/m);
    assert.match(r.stdout, /reject: .*8 losses against 0 wins: p = 0\.0078, significantly worse/);
    assert.match(r.stdout, /^Decision: reject\. Over the eval sets/m);
  });

  it('exit 1 on inconclusive, saying about how many more cases would settle it', async () => {
    const clientDir = await client([...fails('acme:v1', 5, 6), ...fails('acme:v2', 3, 4)]);
    const r = await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2', '--json']);
    assert.strictEqual(r.code, 1, r.stderr);
    const set = JSON.parse(r.stdout).sets[0];
    assert.deepStrictEqual([set.wins, set.losses, set.decision], [2, 2, 'inconclusive']);
  });

  it('exit 2 for a candidate the server lacks, before anything runs, and for bad arguments', async () => {
    const clientDir = await client([]);
    const r = await upkeepCli(['compare', clientDir, '--candidate', 'acme:v9']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /upkeep: The candidate: .*acme:v9/);
    assert.strictEqual(server.requests.filter((q) => q.path === '/api/chat').length, 0);
    assert.strictEqual((await upkeepCli(['compare', clientDir])).code, 2);
    assert.strictEqual((await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2', '--candidate-provider', 'vllm'])).code, 2);
    assert.strictEqual((await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2', '--set', 'Nope'])).code, 2);
    const down = await upkeepCli(['compare', clientDir, '--candidate', 'acme:v2', '--candidate-host', 'http://127.0.0.1:9']);
    assert.strictEqual(down.code, 2);
    assert.match(down.stderr, /The candidate: .*127\.0\.0\.1:9/);
  });
});
