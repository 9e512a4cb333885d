import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { HANDLERS } from '../../../src/core/assertions';
import { REGEX_TIME_LIMIT_MS, backtrackingReason, mayBacktrack, testRegex } from '../../../src/core/assertions/regexGuard';
import { ctx, run } from './helpers';

// In-process, `^(a+)+$` on this takes about 2^40 steps: without the guard the test never ends.
const ADVERSARIAL = `${'a'.repeat(40)}!`;
const timedOut = (shown: string): string =>
  `${shown} took longer than ${REGEX_TIME_LIMIT_MS} ms on this output (catastrophic backtracking); rewrite the pattern so no part of the text can be matched in more than one way (no repeat inside a repeat, no overlapping choices or repeats in a row).`;

describe('assertions: regex guard', () => {
  it('warns of nested repeats, overlapping choices under a repeat and overlapping repeats in a row; not of ordinary patterns', () => {
    for (const pattern of ['^(a+)+$', '(a?){25}a{25}', '((a+)?)+', '^(\\w+\\s?)+$', '(?<=(a+)+)b', '^(a|a)+$', '(\\w|\\d)+x', '^(ab|a)*$', '\\d+\\d+x', '\\w+\\d+\\w+', 'a+b*a+!', '\\s*\\s*$', '(.*)(.*)=', 'a*\\b\\w+!']) {
      assert.ok(mayBacktrack(pattern, ''), pattern);
    }
    for (const pattern of ['\\d{4}', '"urgency"\\s*:\\s*"(normal|high)"', '^total: \\d+$', '(normal|high)+', '\\d+ days', '.*foo.*', '[A-Z][a-z]+ [A-Z][a-z]+', '\\b(every|each)\\s+\\d+\\s*(hours|hrs)\\b', '\\s+x*\\d+\\s*']) {
      assert.ok(!mayBacktrack(pattern, ''), pattern);
    }
    assert.strictEqual(backtrackingReason('^(a|a)+$'), 'a repeated choice whose branches can match alike, (a|a)+');
    assert.strictEqual(mayBacktrack('(a|A)+x', ''), false);
    assert.strictEqual(mayBacktrack('(a|A)+x', 'i'), true, 'the flags decide what overlaps');
    assert.strictEqual(mayBacktrack('^(a+', ''), false, 'an invalid pattern is reported as invalid, not as slow');
  });

  it('does not mistake lookbehind or an optional group for nesting', () => {
    for (const pattern of [
      'Dear( \\w+)?,',
      'your (deposit|refund) (will|has) (be(en)? )?(refunded|approved)',
      "(?<!whether )(?<!if )\\b(it's|that's) (quite |perfectly )?(normal|common)\\b",
      '(?<=\\$)\\d+',
    ]) {
      assert.ok(!mayBacktrack(pattern, 'i'), pattern);
    }
  });

  it('every pattern, ordinary or not, is decided in the worker', async () => {
    const safe = HANDLERS.regex({ type: 'regex', value: '\\d{4}' }, ctx('Year 2024'));
    assert.ok(safe instanceof Promise);
    assert.deepStrictEqual(await safe, { pass: true, score: 1, reason: 'Output matches /\\d{4}/' });
    assert.deepStrictEqual(await HANDLERS.regex({ type: 'regex', value: '^(a+)+$' }, ctx('aaa')), { pass: true, score: 1, reason: 'Output matches /^(a+)+$/' });
    // The worker keeps compiled patterns; a g flag must not carry lastIndex from one output to the next.
    assert.strictEqual(await testRegex('b', 'g', 'ab'), true);
    assert.strictEqual(await testRegex('b', 'g', 'ab'), true);
  });

  it('a pattern the star-height check called safe (ambiguous alternation) is stopped within the limit, not a hang', async () => {
    const start = Date.now();
    const r = await run({ type: 'regex', value: '^(a|a)+$' }, ADVERSARIAL);
    assert.ok(Date.now() - start < REGEX_TIME_LIMIT_MS + 500, `took ${Date.now() - start} ms`);
    assert.deepStrictEqual([r.pass, r.error], [false, timedOut('/^(a|a)+$/')]);
  });

  it('cancelling stops a running pattern at once, and other runs\' patterns still get their answers', async () => {
    const controller = new AbortController();
    const start = Date.now();
    const slow = testRegex('^(a|a)+$', '', ADVERSARIAL, controller.signal);
    const bystander = testRegex('^b+$', '', 'bbb');
    setImmediate(() => controller.abort());
    await assert.rejects(slow, /was stopped: the run was cancelled/);
    assert.ok(Date.now() - start < REGEX_TIME_LIMIT_MS / 2, `took ${Date.now() - start} ms`);
    assert.strictEqual(await bystander, true);
    await assert.rejects(testRegex('a', '', 'a', controller.signal), /cancelled/, 'after cancel, nothing more runs for that run');
  });

  it('a possibly catastrophic pattern on a harmless output passes or fails as it should, with flags', async () => {
    const r = await run({ type: 'regex', value: '^(a+)+$' }, 'aaab');
    assert.deepStrictEqual([r.pass, r.score, r.reason, r.error], [false, 0, 'Output does not match /^(a+)+$/', undefined]);
    assert.strictEqual((await run({ type: 'not-regex', value: '^(a+)+$' }, 'aaab')).pass, true);
    assert.strictEqual((await run({ type: 'regex', value: '^(A+)+$' }, 'aaa')).pass, false);
    assert.strictEqual((await run({ type: 'regex', value: '^(A+)+$', flags: 'i' }, 'aaa')).pass, true);
    // Without u, \p is a plain "p": the flags must reach the worker.
    const cyrillic = '^(\\p{Script=Cyrillic}+\\s?)+$';
    assert.strictEqual((await run({ type: 'regex', value: cyrillic }, 'Возврат денег')).pass, false);
    assert.deepStrictEqual(
      await run({ type: 'regex', value: cyrillic, flags: 'u' }, 'Возврат денег'),
      { type: 'regex', weight: 1, pass: true, score: 1, reason: `Output matches /${cyrillic}/u` },
    );
  });

  it('a possibly catastrophic pattern that the flags make invalid is still reported as invalid', async () => {
    const r = await run({ type: 'regex', value: '^(\\-+)+$', flags: 'u' }, '--');
    assert.match(r.error ?? '', /^Invalid regular expression \/\^\(\\-\+\)\+\$\/u: /);
  });

  it('a catastrophic pattern on an adversarial output is an error within the limit, not a hang', async () => {
    const start = Date.now();
    const r = await run({ type: 'regex', value: '^(a+)+$' }, ADVERSARIAL);
    assert.ok(Date.now() - start < REGEX_TIME_LIMIT_MS + 500, `took ${Date.now() - start} ms`);
    assert.deepStrictEqual([r.pass, r.score, r.error], [false, 0, timedOut('/^(a+)+$/')]);
  });

  it('after a time-out the next pattern runs in a new worker', async () => {
    const slow = await run({ type: 'not-regex', value: '^(a+)+$', flags: 'i' }, ADVERSARIAL);
    assert.deepStrictEqual([slow.pass, slow.error], [false, timedOut('/^(a+)+$/i')]); // negation never turns a time-out into a pass
    assert.strictEqual((await run({ type: 'regex', value: '^(a+)+$' }, 'aaaa')).pass, true);
    assert.strictEqual((await run({ type: 'regex', value: '^(a+)+$' }, 'aaa!')).pass, false);
  });

  it('concurrent evaluations each get their own result, whatever is queued with them', async () => {
    const [first, harmless, second] = await Promise.all([
      run({ type: 'regex', value: '^(a+)+$' }, ADVERSARIAL),
      run({ type: 'regex', value: '^(b+)+$' }, 'bbb'),
      run({ type: 'regex', value: '^(x+x+)+y$' }, 'x'.repeat(40)),
    ]);
    assert.strictEqual(first.error, timedOut('/^(a+)+$/'));
    assert.deepStrictEqual([harmless.pass, harmless.error], [true, undefined]);
    assert.strictEqual(second.error, timedOut('/^(x+x+)+y$/'));
  });

  it('the worker never keeps the process alive', () => {
    // A child that grades through the worker and then has nothing left to do must exit by itself.
    const guard = path.join(__dirname, '..', '..', '..', 'src', 'core', 'assertions', 'regexGuard.js');
    const script = `Promise.resolve(require(${JSON.stringify(guard)}).testRegex('^(a+)+$', '', 'aaa')).then((m) => console.log('matched', m));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 8000 });
    assert.deepStrictEqual([child.signal, child.status, child.stdout.trim()], [null, 0, 'matched true']);
  });
});
