import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { HANDLERS } from '../../../src/core/assertions';
import { stepBound } from '../../../src/core/assertions/regexBound';
import { INLINE_STEP_LIMIT, REGEX_TIME_LIMIT_MS, backtrackingReason, mayBacktrack, testRegex, testsInProcess } from '../../../src/core/assertions/regexGuard';
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

  it('a pattern whose backtracking on this output is bounded small is decided in-process, at once; any other in the worker', async () => {
    const ordinary = HANDLERS.regex({ type: 'regex', value: '\\d{4}' }, ctx('Year 2024'));
    assert.deepStrictEqual(ordinary, { pass: true, score: 1, reason: 'Output matches /\\d{4}/' }, 'no promise: nothing was sent');
    const catastrophic = HANDLERS.regex({ type: 'regex', value: '^(a+)+$' }, ctx('a'.repeat(30)));
    assert.ok(catastrophic instanceof Promise, 'sent to the worker');
    assert.deepStrictEqual(await catastrophic, { pass: true, score: 1, reason: 'Output matches /^(a+)+$/' });
    // In-process patterns are compiled once too: a g flag must not carry lastIndex from one output to the next.
    assert.strictEqual(testRegex('b', 'g', 'ab'), true);
    assert.strictEqual(testRegex('b', 'g', 'ab'), true);
    assert.strictEqual(await testRegex('^(a+)+b', 'g', `${'a'.repeat(30)}b`), true);
    assert.strictEqual(await testRegex('^(a+)+b', 'g', `${'a'.repeat(30)}b`), true);
  });

  it('bounds backtracking by the pattern\'s shape and the output\'s length, never below what the engine can do', () => {
    // No repeat: one way at each of the n + 1 starts.
    assert.strictEqual(stepBound('^I\\b', '')!(200), 201 * 1 * 5);
    // A choice adds its ways, a repeat of one character has as many ways as the counts it can take.
    assert.strictEqual(stepBound('(normal|high)', '')!(10), 11 * 2 * 15);
    assert.strictEqual(stepBound('\\d{3}-\\d{4}', '')!(100), 101 * 1 * 12);
    assert.strictEqual(stepBound('a+', '')!(9), 10 * 9 * 12);
    // A repeat inside a repeat, or of an overlapping choice, is exponential in the output's length.
    assert.ok(stepBound('^(a+)+$', '')!(40) > 2 ** 40);
    assert.ok(stepBound('^(a|a)+$', '')!(41) > 2 ** 41);
    assert.ok(stepBound('\\d+\\d+x', '')!(1000) > 1000 ** 3);
    // No bound without knowing more than the shape: lookarounds, backreferences, a repeat of what can match nothing, classes of strings.
    for (const [pattern, flags] of [['(?=a+)a', ''], ['(a)\\1', ''], ['(a?)*b', ''], ['(?<=a)b', ''], ['[\\q{ab|c}]+', 'v'], ['\\p{RGI_Emoji}+', 'v'], ['(', '']]) {
      assert.strictEqual(stepBound(pattern, flags), undefined, `/${pattern}/${flags}`);
    }
    assert.ok(testsInProcess('^I\\b', '', 100_000), 'a pattern without repeats, on the longest answer kept');
    assert.ok(testsInProcess('refund.*30 days', 'i', 50));
    assert.ok(!testsInProcess('refund.*30 days', 'i', 2000), 'the same pattern on a long answer goes to the worker');
    assert.ok(!testsInProcess('^(a+)+$', '', 40));
    assert.ok(INLINE_STEP_LIMIT <= 1e6);
  });

  it('agrees with the engine on what matches, in-process and in the worker alike', async () => {
    const cases: Array<[string, string, string]> = [
      ['^I\\b', '', "I don't know"],
      ['^I\\b', '', 'It is'],
      ['\\b(every|each)\\s+\\d+\\s*(hours|hrs)\\b', 'i', 'Take it EVERY 6 hrs.'],
      ['^\\p{Lu}', 'u', 'Ärger'],
      ['[\\p{L}--[a-z]]', 'v', 'abcÄ'],
      ['^(a+)+$', '', 'aaab'],
    ];
    for (const [pattern, flags, text] of cases) {
      assert.strictEqual(await testRegex(pattern, flags, text), new RegExp(pattern, flags).test(text), `/${pattern}/${flags} on ${text}`);
    }
  });

  it('a pattern the star-height check called safe (ambiguous alternation) is stopped within the limit, not a hang', async () => {
    // The time-out's own error is the proof; the bound only catches a limit far off its 1 s (a
    // worker's start and a loaded machine's timers are not the test's business).
    const start = Date.now();
    const r = await run({ type: 'regex', value: '^(a|a)+$' }, ADVERSARIAL);
    assert.ok(Date.now() - start < 5 * REGEX_TIME_LIMIT_MS, `took ${Date.now() - start} ms`);
    assert.deepStrictEqual([r.pass, r.error], [false, timedOut('/^(a|a)+$/')]);
  });

  it('cancelling stops a running pattern at once, and other runs\' patterns still get their answers', async () => {
    const controller = new AbortController();
    const slow = testRegex('^(a|a)+$', '', ADVERSARIAL, controller.signal);
    const bystander = testRegex('^(b+)+$', '', 'b'.repeat(30)); // in the worker too
    setImmediate(() => controller.abort());
    // Stopped by the cancel, not by the time limit, which would say it timed out.
    await assert.rejects(Promise.resolve(slow), /was stopped: the run was cancelled/);
    assert.strictEqual(await bystander, true);
    await assert.rejects(Promise.resolve(testRegex('a', '', 'a', controller.signal)), /cancelled/, 'after cancel, nothing more runs for that run');
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
    assert.ok(Date.now() - start < 5 * REGEX_TIME_LIMIT_MS, `took ${Date.now() - start} ms`);
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
    const script = `Promise.resolve(require(${JSON.stringify(guard)}).testRegex('^(a+)+$', '', '${'a'.repeat(30)}')).then((m) => console.log('matched', m));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 8000 });
    assert.deepStrictEqual([child.signal, child.status, child.stdout.trim()], [null, 0, 'matched true']);
  });
});
