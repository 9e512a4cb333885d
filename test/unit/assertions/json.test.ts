import * as assert from 'assert';
import { run } from './helpers';

const PERSON = {
  type: 'object',
  required: ['name', 'age'],
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 0 },
    address: { type: 'object', properties: { zip: { type: 'string' } } },
  },
};

describe('assertions: is-json', () => {
  it('accepts any JSON document, surrounding whitespace included', async () => {
    for (const output of ['{"a":1}', ' \n[1, 2]\n ', '42', 'null', '"text"', '{"name":"Zoë 🦷 歯科"}']) {
      const r = await run({ type: 'is-json' }, output);
      assert.deepStrictEqual([r.pass, r.score, r.reason], [true, 1, 'Output is valid JSON'], output);
    }
  });

  it('rejects invalid JSON with the parser message', async () => {
    const r = await run({ type: 'is-json' }, '{a: 1}');
    assert.deepStrictEqual([r.pass, r.score, r.error], [false, 0, undefined]);
    assert.match(r.reason, /^Output is not valid JSON: .+/);
    assert.strictEqual((await run({ type: 'is-json' }, '')).reason, 'Output is empty, not JSON');
    assert.strictEqual((await run({ type: 'is-json' }, 'Sure! Here is the JSON: {"a": 1}')).pass, false);
  });

  it('JSON in a code fence is not bare JSON (promptfoo parses the whole output), and the reason says so', async () => {
    for (const output of ['```json\n{"a": 1}\n```', '\n```\n[1]\n```\n']) {
      const r = await run({ type: 'is-json' }, output);
      assert.strictEqual(r.pass, false, output);
      assert.strictEqual(r.reason, 'Output is JSON wrapped in a ``` code fence, not bare JSON (is-json needs the whole output to parse)');
    }
    assert.strictEqual((await run({ type: 'not-is-json' }, '```json\n{"a": 1}\n```')).pass, true);
    assert.match((await run({ type: 'is-json' }, '```json\n{a: 1}\n```')).reason, /^Output is not valid JSON/);
  });

  it('not-is-json', async () => {
    assert.strictEqual((await run({ type: 'not-is-json' }, 'Plain words.')).pass, true);
    const r = await run({ type: 'not-is-json' }, '{}');
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Negated (not-is-json): Output is valid JSON']);
  });

  it('validates against a schema given as value', async () => {
    assert.strictEqual((await run({ type: 'is-json', value: PERSON }, '{"name":"Ana","age":30}')).reason, 'Output is valid JSON that matches the schema');
  });

  it('a schema mismatch names every failing path', async () => {
    const r = await run({ type: 'is-json', value: PERSON }, '{"age": 1.5, "address": {"zip": 2000}}');
    assert.strictEqual(r.pass, false);
    assert.strictEqual(r.error, undefined);
    assert.match(r.reason, /^Output is JSON but does not match the schema: /);
    assert.ok(r.reason.includes('/name is required'), r.reason);
    assert.ok(r.reason.includes('/age must be integer'), r.reason);
    assert.ok(r.reason.includes('/address/zip must be string'), r.reason);
  });

  it('reports root-level and additional-property failures', async () => {
    const strict = { type: 'object', properties: { a: { type: 'number' } }, additionalProperties: false };
    assert.strictEqual((await run({ type: 'is-json', value: strict }, '{"a": 1, "extra": true}')).reason, "Output is JSON but does not match the schema: (root) must NOT have additional properties ('extra')");
    assert.strictEqual((await run({ type: 'is-json', value: strict }, '[1]')).reason, 'Output is JSON but does not match the schema: (root) must be object');
  });
});

describe('assertions: json-schema', () => {
  it('passes on matching JSON, fails on a mismatch or on non-JSON', async () => {
    assert.strictEqual((await run({ type: 'json-schema', value: PERSON }, '{"name":"Ana","age":3}')).pass, true);
    const r = await run({ type: 'json-schema', value: PERSON }, '{"name":"Ana","age":-1}');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output is JSON but does not match the schema: /age must be >= 0']);
    assert.match((await run({ type: 'json-schema', value: PERSON }, 'not json')).reason, /^Output is not valid JSON/);
  });

  it('not-json-schema passes on a mismatch', async () => {
    assert.strictEqual((await run({ type: 'not-json-schema', value: PERSON }, '{"name": 5}')).pass, true);
    assert.strictEqual((await run({ type: 'not-json-schema', value: PERSON }, '{"name":"Ana","age":3}')).pass, false);
  });

  it('understands formats and the 2020-12 draft', async () => {
    const email = { type: 'string', format: 'email' };
    assert.strictEqual((await run({ type: 'json-schema', value: email }, '"ana@example.com"')).pass, true);
    assert.strictEqual((await run({ type: 'json-schema', value: email }, '"nope"')).reason, 'Output is JSON but does not match the schema: (root) must match format "email"');
    const tuple = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: false };
    assert.strictEqual((await run({ type: 'json-schema', value: tuple }, '[1, "a"]')).pass, true);
    assert.strictEqual((await run({ type: 'json-schema', value: tuple }, '[1, 2]')).reason, 'Output is JSON but does not match the schema: /1 must be string');
  });

  it('compiles schemas that carry the same $id more than once', async () => {
    const a = { $id: 'https://example.com/s', type: 'number' };
    const b = { $id: 'https://example.com/s', type: 'string' };
    assert.strictEqual((await run({ type: 'json-schema', value: a }, '1')).pass, true);
    assert.strictEqual((await run({ type: 'json-schema', value: b }, '"x"')).pass, true);
    assert.strictEqual((await run({ type: 'json-schema', value: b }, '1')).pass, false);
  });

  it('an invalid schema is an error, never a pass', async () => {
    for (const schema of [{ type: 'strnig' }, { typo: true, type: 'object' }]) {
      for (const type of ['json-schema', 'not-json-schema', 'is-json']) {
        const r = await run({ type, value: schema }, '{}');
        assert.strictEqual(r.pass, false, type);
        assert.match(r.error ?? '', /^Invalid JSON schema: /, type);
      }
    }
  });

  it('huge and deeply nested outputs do not throw', async () => {
    const big = `[${'1,'.repeat(200_000)}1]`;
    assert.strictEqual((await run({ type: 'json-schema', value: { type: 'array', items: { type: 'number' } } }, big)).pass, true);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await run({ type: 'json-schema', value: { type: 'array' } }, deep);
    assert.strictEqual(typeof r.pass, 'boolean');
  });
});

describe('assertions: contains-json', () => {
  it('finds a JSON object or array inside prose and code fences', async () => {
    assert.strictEqual((await run({ type: 'contains-json' }, 'Here it is: {"refund": true, "days": 30}. Anything else?')).pass, true);
    assert.strictEqual((await run({ type: 'contains-json' }, '```json\n[1, 2, 3]\n```')).pass, true);
    assert.strictEqual((await run({ type: 'contains-json' }, 'Here: {"note": [1, 2] and more')).pass, true, 'an inner array when the object is cut');
    assert.strictEqual((await run({ type: 'contains-json' }, 'a {"s": "a } inside a string"} b')).pass, true);
  });

  it('fails prose, an empty output and broken JSON, and not-contains-json inverts', async () => {
    assert.strictEqual((await run({ type: 'contains-json' }, 'no json here')).pass, false);
    assert.strictEqual((await run({ type: 'contains-json' }, '')).reason, 'Output is empty: it contains no JSON');
    assert.strictEqual((await run({ type: 'contains-json' }, '{"a": 1,}')).pass, false);
    assert.strictEqual((await run({ type: 'not-contains-json' }, 'plain words')).pass, true);
  });

  it('with a schema, passes when any JSON found matches it', async () => {
    const value = { type: 'object', required: ['b'] };
    assert.strictEqual((await run({ type: 'contains-json', value }, 'x {"a":1} y {"b":2}')).pass, true);
    const r = await run({ type: 'contains-json', value }, 'x {"a":1}');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output contains JSON, but none that matches the schema: /b is required']);
    assert.strictEqual((await run({ type: 'contains-json', value: 'type: array' }, 'see [1]')).pass, true);
  });

  it('gives an answer on a hostile output of unbalanced brackets: its search is bounded by the output length', async () => {
    const r = await run({ type: 'contains-json' }, `${'{['.repeat(200_000)}`);
    assert.deepStrictEqual([r.pass, r.error], [false, undefined]);
  });
});
