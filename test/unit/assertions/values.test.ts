import * as assert from 'assert';
import { parseCommaSeparated } from '../../../src/core/assertions/values';
import { run } from './helpers';

describe('assertion values: comma-separated lists, as promptfoo reads them', () => {
  it('splits on commas, trims fields and skips empty ones', () => {
    assert.deepStrictEqual(parseCommaSeparated('a, b ,c'), ['a', 'b', 'c']);
    assert.deepStrictEqual(parseCommaSeparated(' a,,b, ,'), ['a', 'b']);
    assert.deepStrictEqual(parseCommaSeparated(''), []);
    assert.deepStrictEqual(parseCommaSeparated('single'), ['single']);
  });

  it('keeps commas inside double quotes, with "" or \\" for a quote', () => {
    assert.deepStrictEqual(parseCommaSeparated('"hello, world",universe'), ['hello, world', 'universe']);
    assert.deepStrictEqual(parseCommaSeparated('"say ""hi""", x'), ['say "hi"', 'x']);
    assert.deepStrictEqual(parseCommaSeparated('"a \\"b\\" c"'), ['a "b" c']);
    assert.deepStrictEqual(parseCommaSeparated('"  padded  " , y'), ['  padded  ', 'y']);
    assert.deepStrictEqual(parseCommaSeparated('"1,000", in stock'), ['1,000', 'in stock']);
  });

  it('refuses an unterminated quote or text after a closing quote', () => {
    assert.throws(() => parseCommaSeparated('"open, never closed'), /no closing quote/);
    assert.throws(() => parseCommaSeparated('"a"b, c'), /must be followed by a comma/);
  });
});

describe('assertion values: promptfoo forms graded with promptfoo meaning', () => {
  it('a number is matched as its text by contains, icontains and starts-with, 0 included', async () => {
    assert.strictEqual((await run({ type: 'contains', value: 0 }, 'There are 0 fees.')).pass, true);
    assert.strictEqual((await run({ type: 'contains', value: 30 }, 'Within 30 days.')).pass, true);
    assert.strictEqual((await run({ type: 'icontains', value: 1.5 }, 'ratio 1.5')).pass, true);
    assert.strictEqual((await run({ type: 'starts-with', value: 42 }, '42 is the answer')).pass, true);
    assert.strictEqual((await run({ type: 'not-contains', value: 0 }, 'no digits')).pass, true);
    assert.strictEqual((await run({ type: 'contains', value: 7 }, '')).pass, false);
  });

  it('contains-any and contains-all take a comma-separated string, quoted fields kept whole', async () => {
    assert.strictEqual((await run({ type: 'contains-any', value: 'refund, credit' }, 'A credit note.')).pass, true);
    assert.strictEqual((await run({ type: 'contains-all', value: '"hello, world",universe' }, 'hello, world and the universe')).pass, true);
    const r = await run({ type: 'contains-all', value: '"hello, world",universe' }, 'hello world, universe');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output is missing "hello, world" (1 of 2)']);
    assert.strictEqual((await run({ type: 'contains-all', value: 'single' }, 'a single value')).pass, true);
    assert.strictEqual((await run({ type: 'contains-any', value: [1, 'two'] }, 'one 1')).pass, true);
  });

  it('contains-all with a string is case-sensitive and unicode-safe', async () => {
    assert.strictEqual((await run({ type: 'contains-all', value: '歯科, 🦷' }, '歯科の🦷')).pass, true);
    assert.strictEqual((await run({ type: 'contains-all', value: 'Tooth' }, 'tooth')).pass, false);
  });

  it('equals with an object or array compares as parsed JSON', async () => {
    assert.strictEqual((await run({ type: 'equals', value: { a: 1, b: [1, 2] } }, ' {"b": [1, 2], "a": 1}\n')).pass, true);
    const other = await run({ type: 'equals', value: { a: 1 } }, '{"a": 2}');
    assert.deepStrictEqual([other.pass, other.reason], [false, 'Output is JSON that does not equal "{\\"a\\":1}"']);
    assert.strictEqual((await run({ type: 'equals', value: [1, 2] }, '[1,2]')).pass, true);
    const notJson = await run({ type: 'equals', value: { a: 1 } }, 'a: 1');
    assert.deepStrictEqual([notJson.pass, notJson.error], [false, undefined]);
    assert.strictEqual((await run({ type: 'not-equals', value: { a: 1 } }, 'not json')).pass, true, 'promptfoo: not-equals passes when the output is not JSON');
    assert.strictEqual((await run({ type: 'equals', value: { a: 1 } }, '')).pass, false);
  });

  it('equals with a number or boolean compares its text', async () => {
    assert.strictEqual((await run({ type: 'equals', value: 42 }, '42')).pass, true);
    assert.strictEqual((await run({ type: 'equals', value: true }, 'true')).pass, true);
    assert.strictEqual((await run({ type: 'equals', value: 42 }, '42.0')).pass, false);
  });

  it('is-json takes a schema written as a YAML or JSON string, and boolean schemas', async () => {
    const yamlSchema = 'type: object\nrequired: [name]\nproperties:\n  name: { type: string }';
    assert.strictEqual((await run({ type: 'is-json', value: yamlSchema }, '{"name": "Ana"}')).pass, true);
    assert.strictEqual((await run({ type: 'is-json', value: yamlSchema }, '{"age": 3}')).pass, false);
    assert.strictEqual((await run({ type: 'is-json', value: '{"type": "array"}' }, '[]')).pass, true);
    assert.strictEqual((await run({ type: 'is-json', value: true }, '{"anything": 1}')).pass, true);
    const never = await run({ type: 'is-json', value: false }, '{}');
    assert.deepStrictEqual([never.pass, never.error], [false, undefined]);
    assert.strictEqual((await run({ type: 'json-schema', value: 'type: number' }, '3')).pass, true);
  });

  it('a schema string that is not a schema is an error, not a pass', async () => {
    const r = await run({ type: 'is-json', value: '- just a list' }, '{}');
    assert.deepStrictEqual([r.pass, r.error], [false, "'is-json' value: must be a JSON schema: an object, true or false (or one written as text)."]);
  });

  it('word-count takes numeric strings, as promptfoo coerces them', async () => {
    assert.strictEqual((await run({ type: 'word-count', value: '3' }, 'one two three')).pass, true);
    assert.strictEqual((await run({ type: 'word-count', value: { min: '2', max: '4' } }, 'one two three')).pass, true);
    const r = await run({ type: 'word-count', value: 'three' }, 'one two three');
    assert.deepStrictEqual([r.pass, r.error], [false, "'word-count' value: must be a count, or {min, max}."]);
  });

  it('reads a value once per assertion, so the same object graded twice gives the same answer', async () => {
    const a = { type: 'contains-any', value: 'x, y' };
    assert.strictEqual((await run(a, 'y')).pass, true);
    assert.strictEqual((await run(a, 'z')).pass, false);
  });
});
