import * as assert from 'assert';
import { countWords } from '../../../src/core/assertions';
import { run } from './helpers';

describe('assertions: equals', () => {
  it('passes on the exact text and fails on any difference', async () => {
    assert.deepStrictEqual(await run({ type: 'equals', value: 'Hello' }, 'Hello'), { type: 'equals', weight: 1, pass: true, score: 1, reason: 'Output equals "Hello"' });
    const r = await run({ type: 'equals', value: 'Hello' }, 'Hello ');
    assert.strictEqual(r.pass, false);
    assert.strictEqual(r.score, 0);
    assert.strictEqual(r.reason, 'Output "Hello " does not equal "Hello"');
  });

  it('not-equals inverts pass and score and says it was negated', async () => {
    const same = await run({ type: 'not-equals', value: 'Hello' }, 'Hello');
    assert.deepStrictEqual([same.pass, same.score, same.reason], [false, 0, 'Negated (not-equals): Output equals "Hello"']);
    const other = await run({ type: 'not-equals', value: 'Hello' }, 'Bye');
    assert.deepStrictEqual([other.pass, other.score], [true, 1]);
  });

  it('handles the empty output', async () => {
    assert.strictEqual((await run({ type: 'equals', value: '' }, '')).pass, true);
    assert.strictEqual((await run({ type: 'equals', value: 'x' }, '')).pass, false);
  });

  it('compares code units: composed and decomposed é differ (as promptfoo)', async () => {
    assert.strictEqual((await run({ type: 'equals', value: 'caf\u00e9' }, 'cafe\u0301')).pass, false);
    assert.strictEqual((await run({ type: 'equals', value: '歯科 🦷' }, '歯科 🦷')).pass, true);
  });

  it('cuts a huge output in the reason without splitting an emoji', async () => {
    const r = await run({ type: 'equals', value: 'x' }, '🦷'.repeat(10_000));
    assert.match(r.reason, /… \(9880 more characters\) does not equal "x"$/);
    assert.ok(!r.reason.includes('\ufffd'));
  });
});

describe('assertions: contains and icontains', () => {
  it('contains is case-sensitive', async () => {
    assert.strictEqual((await run({ type: 'contains', value: '30 days' }, 'Refunds within 30 days.')).reason, 'Output contains "30 days"');
    const r = await run({ type: 'contains', value: '30 DAYS' }, 'Refunds within 30 days.');
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Output does not contain "30 DAYS"']);
  });

  it('not-contains passes when the text is absent, including from an empty output', async () => {
    assert.strictEqual((await run({ type: 'not-contains', value: 'fee' }, 'No charge.')).pass, true);
    assert.strictEqual((await run({ type: 'not-contains', value: 'fee' }, 'A fee applies.')).pass, false);
    assert.strictEqual((await run({ type: 'not-contains', value: 'fee' }, '')).pass, true);
    assert.strictEqual((await run({ type: 'contains', value: 'fee' }, '')).pass, false);
  });

  it('an empty value is an error, never a pass, negated or not', async () => {
    for (const type of ['contains', 'not-contains', 'icontains', 'not-icontains', 'starts-with', 'not-starts-with', 'regex', 'not-regex']) {
      const r = await run({ type, value: '' }, 'anything');
      assert.strictEqual(r.pass, false, type);
      assert.strictEqual(r.score, 0, type);
      assert.match(r.error ?? '', /needs a non-empty value/, type);
    }
  });

  it('finds emoji and non-Latin scripts', async () => {
    assert.strictEqual((await run({ type: 'contains', value: '👍' }, 'Done 👍')).pass, true);
    assert.strictEqual((await run({ type: 'contains', value: 'дней' }, 'Возврат в течение 30 дней')).pass, true);
    assert.strictEqual((await run({ type: 'contains', value: 'نعم' }, 'الجواب: نعم')).pass, true);
  });

  it('icontains ignores case in any script', async () => {
    const cases: [string, string][] = [
      ['Refunds within 30 DAYS', '30 days'],
      ['ÄRZTE UND ZAHNÄRZTE', 'zahnärzte'],
      ['ВОЗВРАТ ДЕНЕГ', 'возврат'],
      ['Η ΟΔΟΣ ΕΙΝΑΙ', 'οδος'], // final sigma
      ['STRASSE', 'straße'],
      ['cafe\u0301 OUVERT', 'CAFÉ'], // decomposed output, composed value
    ];
    for (const [output, value] of cases) {
      const r = await run({ type: 'icontains', value }, output);
      assert.strictEqual(r.pass, true, `${value} in ${output}`);
      assert.strictEqual(r.reason, `Output contains ${JSON.stringify(value)} (ignoring case)`);
    }
    const miss = await run({ type: 'icontains', value: 'refund' }, 'Рефанд');
    assert.deepStrictEqual([miss.pass, miss.reason], [false, 'Output does not contain "refund" (ignoring case)']);
  });

  it('not-icontains fails whatever the case', async () => {
    const r = await run({ type: 'not-icontains', value: 'SORRY' }, 'Sorry, we are closed.');
    assert.deepStrictEqual([r.pass, r.score], [false, 0]);
    assert.strictEqual(r.reason, 'Negated (not-icontains): Output contains "SORRY" (ignoring case)');
  });
});

describe('assertions: contains-any and contains-all', () => {
  it('contains-any passes on one match and names it', async () => {
    const r = await run({ type: 'contains-any', value: ['Monday', 'Tuesday', 'Friday'] }, 'Open on Tuesday.');
    assert.deepStrictEqual([r.pass, r.reason], [true, 'Output contains "Tuesday" (1 of 3 values)']);
    const none = await run({ type: 'contains-any', value: ['Monday', 'Friday'] }, 'Open on Tuesday.');
    assert.deepStrictEqual([none.pass, none.score, none.reason], [false, 0, 'Output contains none of "Monday", "Friday"']);
  });

  it('not-contains-any passes only when none is present', async () => {
    assert.strictEqual((await run({ type: 'not-contains-any', value: ['fee', 'charge'] }, 'It is free.')).pass, true);
    assert.strictEqual((await run({ type: 'not-contains-any', value: ['fee', 'charge'] }, 'A charge applies.')).pass, false);
  });

  it('contains-all names what is missing', async () => {
    assert.strictEqual((await run({ type: 'contains-all', value: ['30', 'days'] }, 'within 30 days')).pass, true);
    const r = await run({ type: 'contains-all', value: ['30', 'days', 'receipt'] }, 'within 30 days');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output is missing "receipt" (1 of 3)']);
  });

  it('not-contains-all passes when at least one is missing', async () => {
    assert.strictEqual((await run({ type: 'not-contains-all', value: ['a', 'z'] }, 'abc')).pass, true);
    assert.strictEqual((await run({ type: 'not-contains-all', value: ['a', 'b'] }, 'abc')).pass, false);
  });
});

describe('assertions: starts-with', () => {
  it('checks the very start, leading whitespace included', async () => {
    assert.strictEqual((await run({ type: 'starts-with', value: 'Yes' }, 'Yes, we can.')).reason, 'Output starts with "Yes"');
    const r = await run({ type: 'starts-with', value: 'Yes' }, ' Yes, we can.');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output starts with " Ye", not "Yes"']);
  });

  it('works with emoji and the empty output, and negates', async () => {
    assert.strictEqual((await run({ type: 'starts-with', value: '🦷' }, '🦷 Hello')).pass, true);
    assert.strictEqual((await run({ type: 'starts-with', value: 'Hi' }, '')).pass, false);
    assert.strictEqual((await run({ type: 'not-starts-with', value: 'Sorry' }, 'Sure!')).pass, true);
    assert.strictEqual((await run({ type: 'not-starts-with', value: 'Sorry' }, 'Sorry!')).pass, false);
  });
});

describe('assertions: regex', () => {
  it('matches and says which pattern', async () => {
    assert.strictEqual((await run({ type: 'regex', value: '\\d{4}' }, 'Year 2024')).reason, 'Output matches /\\d{4}/');
    const r = await run({ type: 'regex', value: '\\d{4}' }, 'Year twenty');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output does not match /\\d{4}/']);
  });

  it('flag i', async () => {
    assert.strictEqual((await run({ type: 'regex', value: 'HELLO' }, 'hello')).pass, false);
    const r = await run({ type: 'regex', value: 'HELLO', flags: 'i' }, 'hello');
    assert.deepStrictEqual([r.pass, r.reason], [true, 'Output matches /HELLO/i']);
    assert.strictEqual((await run({ type: 'regex', value: 'ÄRZTE', flags: 'i' }, 'ärzte')).pass, true);
  });

  it('flag m', async () => {
    const text = 'intro\ntotal: 5\nbye';
    assert.strictEqual((await run({ type: 'regex', value: '^total: \\d+$' }, text)).pass, false);
    assert.strictEqual((await run({ type: 'regex', value: '^total: \\d+$', flags: 'm' }, text)).pass, true);
  });

  it('flag s', async () => {
    assert.strictEqual((await run({ type: 'regex', value: 'start.end' }, 'start\nend')).pass, false);
    assert.strictEqual((await run({ type: 'regex', value: 'start.end', flags: 's' }, 'start\nend')).pass, true);
  });

  it('flag u: code points and Unicode properties', async () => {
    assert.strictEqual((await run({ type: 'regex', value: '^.$' }, '😀')).pass, false);
    assert.strictEqual((await run({ type: 'regex', value: '^.$', flags: 'u' }, '😀')).pass, true);
    assert.strictEqual((await run({ type: 'regex', value: '^\\p{Script=Cyrillic}+$', flags: 'u' }, 'Возврат')).pass, true);
  });

  it('a pattern the flags make invalid is an error, not a fail or a pass', async () => {
    const r = await run({ type: 'not-regex', value: '\\-', flags: 'u' }, 'a-b');
    assert.strictEqual(r.pass, false);
    assert.match(r.error ?? '', /^Invalid regular expression \/\\-\/u: /);
  });

  it('flag g keeps no state between evaluations', async () => {
    const a = { type: 'regex', value: 'x', flags: 'g' };
    assert.strictEqual((await run(a, 'x')).pass, true);
    assert.strictEqual((await run(a, 'x')).pass, true);
  });

  it('not-regex', async () => {
    assert.strictEqual((await run({ type: 'not-regex', value: '\\$\\d+' }, 'No fees at all')).pass, true);
    assert.strictEqual((await run({ type: 'not-regex', value: '\\$\\d+' }, 'That is $40')).pass, false);
  });
});

describe('assertions: word-count', () => {
  it('counts runs of non-whitespace, as promptfoo', () => {
    assert.strictEqual(countWords('  one two\tthree\n four  '), 4);
    assert.strictEqual(countWords(''), 0);
    assert.strictEqual(countWords(' \n '), 0);
    assert.strictEqual(countWords('👍 👍'), 2);
    assert.strictEqual(countWords('你好世界'), 1);
    assert.strictEqual(countWords('one\u00a0two'), 2); // no-break space separates
  });

  it('exact count', async () => {
    assert.strictEqual((await run({ type: 'word-count', value: 4 }, 'one two three four')).reason, 'Output has 4 words');
    const r = await run({ type: 'word-count', value: 4 }, 'one two three');
    assert.deepStrictEqual([r.pass, r.score, r.reason], [false, 0, 'Output has 3 words, not 4']);
    assert.strictEqual((await run({ type: 'word-count', value: 0 }, '')).pass, true);
  });

  it('bounds are inclusive', async () => {
    assert.strictEqual((await run({ type: 'word-count', value: { min: 3, max: 3 } }, 'a b c')).reason, 'Output has 3 words, between 3 and 3');
    const over = await run({ type: 'word-count', value: { min: 1, max: 2 } }, 'a b c');
    assert.deepStrictEqual([over.pass, over.reason], [false, 'Output has 3 words, not between 1 and 2']);
    assert.strictEqual((await run({ type: 'word-count', value: { min: 1 } }, '')).reason, 'Output has 0 words, fewer than 1');
    assert.strictEqual((await run({ type: 'word-count', value: { min: 1 } }, 'word')).reason, 'Output has 1 word, at least 1');
    assert.strictEqual((await run({ type: 'word-count', value: { max: 2 } }, 'a b')).reason, 'Output has 2 words, at most 2');
    assert.strictEqual((await run({ type: 'word-count', value: { max: 2 } }, 'a b c')).reason, 'Output has 3 words, more than 2');
  });

  it('not-word-count, and min above max is an error', async () => {
    assert.strictEqual((await run({ type: 'not-word-count', value: { max: 3 } }, 'a b c d e')).pass, true);
    assert.strictEqual((await run({ type: 'not-word-count', value: { max: 3 } }, 'a b')).pass, false);
    const r = await run({ type: 'word-count', value: { min: 5, max: 2 } }, 'a b c');
    assert.deepStrictEqual([r.pass, r.error], [false, "'word-count' value: min (5) is greater than max (2)."]);
  });
});

describe('assertions: icontains-any, icontains-all and character-count', () => {
  it('icontains-any and icontains-all fold case for every script, list or comma-separated string', async () => {
    assert.strictEqual((await run({ type: 'icontains-any', value: 'STRASSE, x' }, 'die straße')).pass, true);
    assert.strictEqual((await run({ type: 'icontains-all', value: ['Hello', 'WORLD'] }, 'hello world')).pass, true);
    const r = await run({ type: 'icontains-all', value: '"Refund, full",30 DAYS' }, 'refund within 30 days');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output is missing "Refund, full" (1 of 2) (ignoring case)']);
    assert.strictEqual((await run({ type: 'not-icontains-any', value: 'fee, charge' }, 'No CHARGE applies')).pass, false);
    assert.strictEqual((await run({ type: 'icontains-any', value: 'x' }, '')).pass, false);
  });

  it('character-count counts code points: an emoji is one, a combining accent another', async () => {
    assert.strictEqual((await run({ type: 'character-count', value: 3 }, '🦷ab')).pass, true);
    assert.strictEqual((await run({ type: 'character-count', value: 2 }, 'e\u0301')).pass, true);
    assert.strictEqual((await run({ type: 'character-count', value: 0 }, '')).pass, true);
    const r = await run({ type: 'character-count', value: { max: 5 } }, 'abcdefg');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output has 7 characters, more than 5']);
    assert.strictEqual((await run({ type: 'character-count', value: '3' }, 'abc')).pass, true, 'a numeric string, as promptfoo coerces it');
    assert.strictEqual((await run({ type: 'not-character-count', value: { min: 1, max: 3 } }, 'abcd')).pass, true);
  });
});
