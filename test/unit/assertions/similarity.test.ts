import * as assert from 'assert';
import { cosineSimilarity, createEmbedder, type Embedder } from '../../../src/core/assertions';
import { fakeProvider, run, tableEmbedder } from './helpers';

const EXPECTED = 'Refunds are available within 30 days.';
const CLOSE = 'You can get a refund within 30 days.';
const FAR = 'We sell toothbrushes.';
const OPPOSITE = 'No refunds, ever.';

function embedder(): ReturnType<typeof tableEmbedder> {
  return tableEmbedder({ [EXPECTED]: [1, 0, 0], [CLOSE]: [0.8, 0.6, 0], [FAR]: [0, 1, 0], [OPPOSITE]: [-1, 0, 0] });
}

describe('assertions: similar', () => {
  it('cosine similarity', () => {
    assert.strictEqual(cosineSimilarity([1, 0], [0, 1]), 0);
    assert.ok(Math.abs(cosineSimilarity([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
    assert.ok(Math.abs(cosineSimilarity([1, 0, 0], [0.8, 0.6, 0]) - 0.8) < 1e-12);
  });

  it('passes at or above the default threshold 0.75, scoring the similarity', async () => {
    const e = embedder();
    const r = await run({ type: 'similar', value: EXPECTED }, CLOSE, { embedder: e });
    assert.strictEqual(r.pass, true);
    assert.ok(Math.abs(r.score - 0.8) < 1e-12);
    assert.strictEqual(r.reason, 'Similarity to the value is 0.800, at least threshold 0.75');
    assert.deepStrictEqual(e.calls, [[EXPECTED, CLOSE]]);
  });

  it('fails below its threshold, keeping the similarity as score', async () => {
    const r = await run({ type: 'similar', value: EXPECTED, threshold: 0.9 }, CLOSE, { embedder: embedder() });
    assert.strictEqual(r.pass, false);
    assert.ok(Math.abs(r.score - 0.8) < 1e-12);
    assert.strictEqual(r.reason, 'Similarity to the value is 0.800, below threshold 0.9');
    const far = await run({ type: 'similar', value: EXPECTED }, FAR, { embedder: embedder() });
    assert.deepStrictEqual([far.pass, far.score], [false, 0]);
  });

  it("compares with the case's expected output when there is no value", async () => {
    const r = await run({ type: 'similar' }, CLOSE, { embedder: embedder(), expected: EXPECTED });
    assert.strictEqual(r.reason, 'Similarity to the expected output is 0.800, at least threshold 0.75');
    const none = await run({ type: 'similar' }, CLOSE, { embedder: embedder() });
    assert.match(none.error ?? '', /needs a value, or an expected output/);
  });

  it('a negative similarity scores 0', async () => {
    const r = await run({ type: 'similar', value: EXPECTED }, OPPOSITE, { embedder: embedder() });
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Similarity to the value is -1.000, below threshold 0.75']);
  });

  it('an empty output fails without asking the embedder', async () => {
    const e = embedder();
    const r = await run({ type: 'similar', value: EXPECTED }, '  ', { embedder: e });
    assert.deepStrictEqual([r.pass, r.score, r.reason, r.error], [false, 0, 'Output is empty: nothing to compare', undefined]);
    assert.deepStrictEqual(e.calls, []);
  });

  it('no embedder is an error result, not a pass', async () => {
    const r = await run({ type: 'similar', value: EXPECTED }, EXPECTED);
    assert.deepStrictEqual([r.pass, r.score], [false, 0]);
    assert.strictEqual(r.error, "'similar' needs an embedding model: set judge.embeddings in client.yaml.");
    assert.strictEqual(r.reason, `Could not evaluate similar: ${r.error}`);
  });

  it('an embedder that fails or answers nonsense is an error', async () => {
    const bad: [string, Embedder][] = [
      ['connection refused', { embed: async () => Promise.reject(new Error('connection refused')) }],
      ['returned 1 vectors for 2 texts', { embed: async () => [[1, 0]] }],
      ['lengths 2 and 3', { embed: async () => [[1, 0], [1, 0, 0]] }],
      ['all-zero vector', { embed: async () => [[0, 0], [1, 0]] }],
      ['not a number', { embed: async () => [[NaN, 1], [1, 0]] }],
      ['returned no vectors', { embed: async () => null as unknown as number[][] }],
    ];
    for (const [message, e] of bad) {
      const r = await run({ type: 'similar', value: EXPECTED }, CLOSE, { embedder: e });
      assert.strictEqual(r.pass, false, message);
      assert.ok((r.error ?? '').includes(message), `${message}: ${r.error}`);
    }
  });

  it('cannot be negated', async () => {
    const r = await run({ type: 'not-similar', value: EXPECTED }, FAR, { embedder: embedder() });
    assert.deepStrictEqual([r.pass, r.error], [false, "'similar' is model-graded and cannot be negated with not-."]);
  });

  it('createEmbedder asks the provider with the embedding model and checks the answer', async () => {
    const provider = fakeProvider('');
    const e = createEmbedder(provider, 'nomic-embed-text');
    assert.deepStrictEqual(await e.embed(['a', 'b']), [[1, 0], [1, 1]]);
    assert.deepStrictEqual(provider.embedCalls, [{ texts: ['a', 'b'], model: 'nomic-embed-text' }]);
    provider.embed = async () => [[1]];
    await assert.rejects(e.embed(['a', 'b']), /nomic-embed-text at http:\/\/127\.0\.0\.1:11434 did not return one vector of numbers per text/);
  });
});
