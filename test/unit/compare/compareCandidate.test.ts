import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { compareCandidate } from '../../../src/core/compare/compareCandidate';
import { CandidateError } from '../../../src/core/compare/candidate';
import { readComparison } from '../../../src/core/compare/comparisonStore';
import { ModelUnavailableError } from '../../../src/core/runner/runEvalSet';
import { readRunRecord } from '../../../src/core/store/readRuns';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { startOllamaServer, type OllamaTestServer, type Rule, type ScriptRequest } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';
import { setOf } from '../runner/fixtures';

/**
 * Two models on one test server that answer six questions differently: production (acme:v1)
 * fails q5 and q6, the candidate (acme:v2) fails q4. So the script implies wins q5 and q6, the
 * loss q4, and q1–q3 passing on both.
 */
export const TWO_MODELS: Rule[] = [
  { model: 'acme:v1', match: 'question 5', reply: 'no' },
  { model: 'acme:v1', match: 'question 6', reply: 'no' },
  { model: 'acme:v2', match: 'question 4', reply: 'no' },
];

/**
 * TWO_MODELS with production's answers held until the candidate has asked its first question, so
 * the two sides overlap for certain: a comparison that ran one side after the other would never
 * get production's answers (the test times out), and one that ran both at once gets them all.
 */
function productionWaitsForCandidate(): Rule[] {
  let candidateAsked!: () => void;
  const asked = new Promise<void>((resolve) => (candidateAsked = resolve));
  return [
    // Matches nothing: only notes that the candidate has asked.
    { model: 'acme:v2', match: () => (candidateAsked(), false), reply: '' },
    ...[...TWO_MODELS, { model: 'acme:v1', match: /^question/, reply: 'ok' }].map((r) => (r.model === 'acme:v1' ? { ...r, holdUntil: asked } : r)),
  ];
}

describe('compareCandidate (production against a candidate over real HTTP)', () => {
  let server: OllamaTestServer;
  let dir: string;

  async function client(extra = '', n = 6, rules = TWO_MODELS) {
    server = await startOllamaServer({ script: { models: ['acme:v1', 'acme:v2'], rules, defaultReply: 'ok' } });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v1\n  host: ${server.url}\nthresholds: { passRate: 0.5 }\n${extra}`,
      'acme/system-prompt.md': 'You are Acme.',
      'acme/candidate-prompt.md': 'You are Acme, briefly.',
      'acme/evals/smoke.yaml': setOf(n),
    });
    return (await loadClient(dir, path.join(dir, 'acme'))).client;
  }

  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('finds exactly the wins and losses the script implies, records the candidate as a candidate and saves the comparison', async () => {
    const c = await client('', 6, productionWaitsForCandidate());
    const { record, file, runs } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    const set = record.sets[0];
    assert.deepStrictEqual(set.counts, { wins: 2, losses: 1, bothPass: 3, bothFail: 0, unpaired: 0 });
    assert.deepStrictEqual(set.pairs.filter((p) => p.outcome === 'win').map((p) => p.id), ['q5', 'q6']);
    assert.deepStrictEqual(set.pairs.filter((p) => p.outcome === 'loss').map((p) => p.id), ['q4']);
    assert.strictEqual(set.mcnemar.pValue, 1);
    assert.strictEqual(runs[0].production.purpose, 'production');
    assert.strictEqual(runs[0].candidate.purpose, 'candidate');
    assert.strictEqual(runs[0].candidate.model.name, 'acme:v2');
    assert.strictEqual(record.decision.outcome, set.decision.outcome);
    assert.ok(record.config.some((d) => d.field === 'model' && d.production === 'acme:v1' && d.candidate === 'acme:v2'));
    assert.strictEqual(path.dirname(file), path.join(c.dir, 'comparisons'));
    assert.deepStrictEqual(await readComparison(file), record);
    // Both sides were in flight together: the candidate asked before production's last question.
    const chats = server.requests.filter((r) => r.path === '/api/chat').map((r) => (r.body as { model: string }).model);
    assert.ok(chats.indexOf('acme:v2') < chats.lastIndexOf('acme:v1'), chats.join(' '));
  });

  it('reuses the latest complete production run when digest and prompt are unchanged, and says so', async () => {
    const c = await client();
    const first = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    server.clearRequests();
    const second = await compareCandidate(c, { candidate: { systemPrompt: 'candidate-prompt.md' }, trigger: 'script' });
    assert.strictEqual(second.runs[0].production.id, first.runs[0].production.id);
    assert.match(second.record.sets[0].reusedProduction ?? '', /^Production: reused .+, the latest complete production run \(digest [0-9a-f]{12} and system prompt unchanged\)/);
    const chats = server.requests.filter((r) => r.path === '/api/chat');
    assert.strictEqual(chats.length, 6, 'only the candidate ran');
    assert.ok(chats.every((r) => JSON.stringify(r.body).includes('You are Acme, briefly.')));
    // The candidate prompt's run is a candidate; its prompt differs from production's.
    assert.ok(second.record.config.some((d) => d.field === 'systemPrompt'));
  });

  it('production that ran on another host is run again, not reused, even with the same model and digest', async () => {
    const c = await client();
    const first = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    // The same models (so the same digests) on another server, and client.yaml moved to it.
    const moved = await startOllamaServer({ script: { models: ['acme:v1', 'acme:v2'], rules: TWO_MODELS, defaultReply: 'ok' } });
    try {
      await fs.writeFile(c.manifestFile, (await fs.readFile(c.manifestFile, 'utf8')).replace(server.url, moved.url));
      const again = (await loadClient(dir, c.dir)).client;
      const second = await compareCandidate(again, { candidate: { systemPrompt: 'candidate-prompt.md' }, trigger: 'script' });
      assert.strictEqual(first.runs[0].production.model.digest, second.runs[0].production.model.digest);
      assert.notStrictEqual(second.runs[0].production.id, first.runs[0].production.id);
      assert.strictEqual(second.record.sets[0].reusedProduction, undefined);
      assert.strictEqual(second.runs[0].production.provider.host, moved.url);
    } finally {
      await moved.close();
    }
  });

  it("a set's own repeat runs on both sides, and production is reused only when it ran each case as many times", async () => {
    const c = await client('', 2);
    await fs.writeFile(path.join(c.dir, 'evals', 'smoke.yaml'), setOf(2, '    repeat: 2\n'));
    const twice = (await loadClient(dir, c.dir)).client;
    const first = await compareCandidate(twice, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    assert.deepStrictEqual([first.runs[0].production.cases[0].attempts.length, first.runs[0].candidate.cases[0].attempts.length], [2, 2]);
    const same = await compareCandidate(twice, { candidate: { systemPrompt: 'candidate-prompt.md' }, trigger: 'script' });
    assert.strictEqual(same.runs[0].production.id, first.runs[0].production.id, 'reused: two attempts a case, as the set asks');
    const thrice = await compareCandidate(twice, { candidate: { name: 'acme:v2' }, trigger: 'script', repeat: 3 });
    assert.notStrictEqual(thrice.runs[0].production.id, first.runs[0].production.id, 'not reused: it ran each case twice, not three times');
    assert.deepStrictEqual([thrice.runs[0].production.cases[0].attempts.length, thrice.runs[0].candidate.cases[0].attempts.length], [3, 3]);
  });

  it('latency p50/p95 and token deltas are the candidate less production, over the paired cases', async () => {
    const c = await client('', 4);
    // The candidate answers every case at least 200 ms late, with more words.
    server.setScript({ models: ['acme:v1', 'acme:v2'], rules: [{ model: 'acme:v2', match: /question/, reply: 'ok, and here is a longer answer', latencyMs: 200 }], defaultReply: 'ok' });
    const { record } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script' });
    const { production, candidate, deltas } = record.sets[0];
    assert.ok(candidate.latencyP50Ms! >= 200 && candidate.latencyP95Ms! >= 200, JSON.stringify(candidate));
    assert.strictEqual(deltas.latencyP50Ms, candidate.latencyP50Ms! - production.latencyP50Ms!);
    assert.strictEqual(deltas.latencyP95Ms, candidate.latencyP95Ms! - production.latencyP95Ms!);
    assert.ok(candidate.tokens.completion > production.tokens.completion, JSON.stringify([candidate.tokens, production.tokens]));
    assert.strictEqual(deltas.completionTokens, candidate.tokens.completion - production.tokens.completion);
    assert.strictEqual(deltas.promptTokens, candidate.tokens.prompt - production.tokens.prompt);
  });

  it('repeat: N runs every case N times on both sides', async () => {
    const c = await client('', 2);
    const { runs } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script', repeat: 3 });
    assert.deepStrictEqual([runs[0].production.cases[0].attempts.length, runs[0].candidate.cases[0].attempts.length], [3, 3]);
  });

  it('a candidate missing on its server is one message before anything runs', async () => {
    const c = await client();
    await assert.rejects(compareCandidate(c, { candidate: { name: 'acme:v9' }, trigger: 'script' }), (e: Error) => {
      assert.ok(e instanceof ModelUnavailableError);
      assert.match(e.message, /^The candidate: .*acme:v9/);
      return true;
    });
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, 0);
    assert.deepStrictEqual(await fs.readdir(path.join(c.dir, 'runs')).catch(() => []), []);
  });

  it('a candidate that is production, or a prompt outside the folder, is refused before anything runs', async () => {
    const c = await client();
    await assert.rejects(compareCandidate(c, { candidate: { name: 'acme:v1' }, trigger: 'script' }), CandidateError);
    await assert.rejects(compareCandidate(c, { candidate: { systemPrompt: '../elsewhere.md' }, trigger: 'script' }), /candidate's system prompt \.\.\/elsewhere\.md cannot be read/);
  });

  it('a candidate that errors counts those cases as losses only where production passed, and says how many errored', async () => {
    const c = await client();
    // Every request for the candidate's q1 and q5 fails with a 400, which is not retried.
    server.setScript({
      models: ['acme:v1', 'acme:v2'],
      rules: [...TWO_MODELS, { model: 'acme:v2', match: /question [15]$/, reply: () => { throw new Error('boom'); } }],
      defaultReply: 'ok',
    });
    const { record } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script', retry: { maxRetries: 0, baseDelayMs: 1 } });
    const set = record.sets[0];
    assert.strictEqual(set.candidateErrored, 2);
    // q1: production passed, candidate errored → a loss; q5: production failed → both fail.
    assert.strictEqual(set.pairs.find((p) => p.id === 'q1')!.outcome, 'loss');
    assert.strictEqual(set.pairs.find((p) => p.id === 'q5')!.outcome, 'both-fail');
  });

  it('cancelled midway, both sides keep their finished cases and the comparison pairs what both finished', async () => {
    // q1–q3 are answered at once (production fails q2); every later question is held until the
    // test ends. Each side asks two at a time, so it asks q5 only once q1–q3 are done: the cancel
    // comes when the server holds q4 and q5 of both sides, whatever the machine's speed.
    const controller = new AbortController();
    const release = new AbortController();
    const later = new Promise((resolve) => release.signal.addEventListener('abort', resolve, { once: true }));
    const heldAsked: string[] = [];
    const holdLater = (req: ScriptRequest) => {
      if (!/^question ([4-9]|1\d)$/.test(req.prompt)) return false;
      if (heldAsked.push(`${req.model} ${req.prompt}`) === 4) controller.abort();
      return true;
    };
    const c = await client('', 12, [{ match: holdLater, reply: 'ok', holdUntil: later }, { model: 'acme:v1', match: 'question 2', reply: 'no' }]);
    try {
      const { record, runs } = await compareCandidate(c, { candidate: { name: 'acme:v2' }, trigger: 'script', signal: controller.signal, concurrency: 4 });
      assert.strictEqual(record.status, 'cancelled');
      assert.deepStrictEqual(heldAsked.sort(), ['acme:v1 question 4', 'acme:v1 question 5', 'acme:v2 question 4', 'acme:v2 question 5']);
      for (const run of [runs[0].production, runs[0].candidate]) {
        assert.strictEqual(run.status, 'cancelled');
        assert.deepStrictEqual(run.cases.map((k) => k.id).sort(), ['q1', 'q2', 'q3']);
        const onDisk = await readRunRecord(path.join(c.dir, 'runs', `${run.id}.json`));
        assert.ok(onDisk.ok);
        assert.deepStrictEqual(onDisk.record.cases.map((k) => k.id), run.cases.map((k) => k.id));
      }
      const { pairs, counts } = record.sets[0];
      assert.deepStrictEqual(pairs.filter((p) => p.outcome).map((p) => [p.id, p.outcome]), [['q1', 'both-pass'], ['q2', 'win'], ['q3', 'both-pass']]);
      assert.deepStrictEqual(counts, { wins: 1, losses: 0, bothPass: 2, bothFail: 0, unpaired: pairs.length - 3 });
    } finally {
      release.abort();
    }
  });
});
