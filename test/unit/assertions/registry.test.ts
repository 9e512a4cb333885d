import * as assert from 'assert';
import { ASSERTION_KINDS, ASSERTION_TYPES, BASE_ASSERTION_TYPES, evaluateAssertion, HANDLERS } from '../../../src/core/assertions';
import type { Assertion } from '../../../src/core/workspace/schemas';
import { ctx, fixedJudge, run, tableEmbedder } from './helpers';

/** One valid assertion of every base type. */
const SAMPLES: Record<string, Assertion> = {
  equals: { type: 'equals', value: 'x' },
  contains: { type: 'contains', value: 'x' },
  icontains: { type: 'icontains', value: 'x' },
  'contains-any': { type: 'contains-any', value: ['x', 'y'] },
  'contains-all': { type: 'contains-all', value: ['x', 'y'] },
  'starts-with': { type: 'starts-with', value: 'x' },
  regex: { type: 'regex', value: '^x', flags: 'imsu' },
  'is-json': { type: 'is-json', value: { type: 'object' } },
  'json-schema': { type: 'json-schema', value: { type: 'array' } },
  levenshtein: { type: 'levenshtein', value: 'x' },
  'word-count': { type: 'word-count', value: { min: 1, max: 3 } },
  latency: { type: 'latency', threshold: 1000 },
  similar: { type: 'similar', value: 'x' },
  'llm-rubric': { type: 'llm-rubric', value: 'Is helpful' },
  'icontains-any': { type: 'icontains-any', value: 'x, y' },
  'icontains-all': { type: 'icontains-all', value: ['x', 'y'] },
  'contains-json': { type: 'contains-json', value: { type: 'object' } },
  'is-xml': { type: 'is-xml', value: { requiredElements: ['a.b'] } },
  'contains-xml': { type: 'contains-xml' },
  'is-html': { type: 'is-html' },
  'contains-html': { type: 'contains-html' },
  'is-sql': { type: 'is-sql', value: { databaseType: 'PostgresQL', allowedTables: ['select::null::users'] } },
  'contains-sql': { type: 'contains-sql' },
  'is-refusal': { type: 'is-refusal' },
  'finish-reason': { type: 'finish-reason', value: 'stop' },
  bleu: { type: 'bleu', value: ['x y z'] },
  gleu: { type: 'gleu', value: 'x y z' },
  'rouge-n': { type: 'rouge-n' },
  'character-count': { type: 'character-count', value: { max: 10 } },
  cost: { type: 'cost', threshold: 0.01 },
  'assert-set': { type: 'assert-set', threshold: 0.5, assert: [{ type: 'contains', value: 'x' }, { type: 'llm-rubric', value: 'Is helpful' }] },
};

const NASTY_OUTPUTS = ['', ' ', '\u0000', '\ud800 lone surrogate', 'e\u0301\u0301\u0301', '👨‍👩‍👧‍👦🦷', 'مرحبا', '{"a":', '```json\n{}\n```', 'x'.repeat(2_000_000)];

describe('assertions: registry', () => {
  it('has a handler for every type of the catalogue, and only those', () => {
    assert.deepStrictEqual(Object.keys(HANDLERS).sort(), [...BASE_ASSERTION_TYPES].sort());
    assert.deepStrictEqual(Object.keys(SAMPLES).sort(), [...BASE_ASSERTION_TYPES].sort());
  });

  it('applies weight (default 1) and metric', async () => {
    assert.deepStrictEqual(await run({ type: 'contains', value: 'a' }, 'a'), { type: 'contains', weight: 1, pass: true, score: 1, reason: 'Output contains "a"' });
    const r = await run({ type: 'not-contains', value: 'a', weight: 2.5, metric: 'tone' }, 'a');
    assert.deepStrictEqual(r, { type: 'not-contains', weight: 2.5, metric: 'tone', pass: false, score: 0, reason: 'Negated (not-contains): Output contains "a"' });
    const zero = await run({ type: 'contains', value: 'a', weight: 0 }, 'b');
    assert.deepStrictEqual([zero.weight, zero.pass], [0, false]);
  });

  it('an unknown type is an error result', async () => {
    const r = await run({ type: 'sounds-nice' }, 'x');
    assert.deepStrictEqual([r.pass, r.score, r.error, r.reason], [false, 0, "Unknown assertion type 'sounds-nice'; see the assertion types in the README.", "Could not evaluate sounds-nice: Unknown assertion type 'sounds-nice'; see the assertion types in the README."]);
  });

  it('errors are never inverted by not-', async () => {
    const r = await run({ type: 'not-latency', threshold: 10 }, 'x');
    assert.deepStrictEqual([r.pass, r.score, r.type], [false, 0, 'not-latency']);
    assert.ok(r.error);
  });

  it('never throws, whatever the output, for every type and every not- form', async function () {
    this.timeout(60_000);
    const context = { judge: fixedJudge({ pass: true, score: 1, reason: 'ok' }), embedder: tableEmbedder({}), latencyMs: 10, expected: 'x', doneReason: 'stop', tokens: { prompt: 10, completion: 5 }, price: { input: 0.15, output: 0.6 } };
    const types = ASSERTION_TYPES;
    assert.ok(types.includes('not-word-count') && !types.includes('not-similar'));
    for (const type of types) {
      const baseType = type.startsWith('not-') ? type.slice(4) : type;
      const assertion = { ...SAMPLES[baseType], type };
      for (const output of NASTY_OUTPUTS) {
        const r = await evaluateAssertion(assertion, ctx(output, context));
        assert.strictEqual(typeof r.pass, 'boolean', `${type} on ${JSON.stringify(output.slice(0, 20))}`);
        assert.ok(r.score >= 0 && r.score <= 1, type);
        assert.strictEqual(typeof r.reason, 'string');
        if (r.error) assert.strictEqual(r.pass, false);
      }
    }
  });

  it('an output that is not a string (a bug upstream) is an error, not a crash', async () => {
    const r = await evaluateAssertion({ type: 'contains', value: 'a' }, { output: undefined as unknown as string, input: '' });
    assert.deepStrictEqual([r.pass, r.score], [false, 0]);
    assert.ok(r.error);
  });

  it('model-graded types and assert-set are the ones not- cannot negate', () => {
    const notNegatable = BASE_ASSERTION_TYPES.filter((t) => !ASSERTION_KINDS[t].deterministic);
    assert.deepStrictEqual(notNegatable.sort(), ['assert-set', 'llm-rubric', 'similar']);
    assert.deepStrictEqual(BASE_ASSERTION_TYPES.filter((t) => (ASSERTION_KINDS[t] as { needs?: string }).needs).sort(), ['llm-rubric', 'similar']);
  });
});
