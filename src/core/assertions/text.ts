// Text assertions: equals, contains, icontains, contains-any/-all and their i- forms, starts-with,
// regex, word-count, character-count. Each states a fact that reads right whether or not the
// assertion was negated; the registry applies `not-`. Comparisons are by UTF-16 code units, as
// promptfoo's, except the i- forms, which also ignore Unicode normalization (see foldCase).
import { isDeepStrictEqual } from 'util';
import type { Assertion } from '../workspace/schemas';
import type { AssertionContext, GradingResult } from './types';
import { testRegex } from './regexGuard';
import { readValue } from './catalogue';
import { foldCase, quote, result } from './util';
import type { CountValue, EqualsValue } from './values';

/** As promptfoo's: an object or array value equals an output that parses as JSON to a deeply equal value. */
export function equals(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<EqualsValue>(assertion);
  if ('text' in value) {
    return output === value.text ? result(true, `Output equals ${quote(value.text)}`) : result(false, `Output ${quote(output)} does not equal ${quote(value.text)}`);
  }
  const shown = quote(JSON.stringify(value.json));
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return result(false, `Output is not JSON, so it does not equal ${shown}`);
  }
  return isDeepStrictEqual(parsed, value.json) ? result(true, `Output is JSON equal to ${shown}`) : result(false, `Output is JSON that does not equal ${shown}`);
}

export function contains(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<string>(assertion);
  return output.includes(value) ? result(true, `Output contains ${quote(value)}`) : result(false, `Output does not contain ${quote(value)}`);
}

export function icontains(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<string>(assertion);
  return foldCase(output).includes(foldCase(value))
    ? result(true, `Output contains ${quote(value)} (ignoring case)`)
    : result(false, `Output does not contain ${quote(value)} (ignoring case)`);
}

/** contains-any and icontains-any: the output holds at least one of the values (`fold` folds case). */
function containsSome(assertion: Assertion, output: string, fold: (t: string) => string, how: string): GradingResult {
  const values = readValue<string[]>(assertion);
  const text = fold(output);
  const found = values.filter((v) => text.includes(fold(v)));
  return found.length > 0
    ? result(true, `Output contains ${found.map((v) => quote(v)).join(', ')}${how} (${found.length} of ${values.length} values)`)
    : result(false, `Output contains none of ${values.map((v) => quote(v)).join(', ')}${how}`);
}

/** contains-all and icontains-all: the output holds every value. */
function containsEvery(assertion: Assertion, output: string, fold: (t: string) => string, how: string): GradingResult {
  const values = readValue<string[]>(assertion);
  const text = fold(output);
  const missing = values.filter((v) => !text.includes(fold(v)));
  return missing.length === 0
    ? result(true, `Output contains all of ${values.map((v) => quote(v)).join(', ')}${how}`)
    : result(false, `Output is missing ${missing.map((v) => quote(v)).join(', ')} (${missing.length} of ${values.length})${how}`);
}

const sameCase = (t: string): string => t;
const IGNORING_CASE = ' (ignoring case)';

export const containsAny = (a: Assertion, { output }: AssertionContext): GradingResult => containsSome(a, output, sameCase, '');
export const icontainsAny = (a: Assertion, { output }: AssertionContext): GradingResult => containsSome(a, output, foldCase, IGNORING_CASE);
export const containsAll = (a: Assertion, { output }: AssertionContext): GradingResult => containsEvery(a, output, sameCase, '');
export const icontainsAll = (a: Assertion, { output }: AssertionContext): GradingResult => containsEvery(a, output, foldCase, IGNORING_CASE);

export function startsWith(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<string>(assertion);
  return output.startsWith(value)
    ? result(true, `Output starts with ${quote(value)}`)
    : result(false, `Output starts with ${quote(Array.from(output).slice(0, Array.from(value).length).join(''))}, not ${quote(value)}`);
}

/** A pattern runs in-process when its backtracking is bounded small, else in the worker under a time limit, which a cancelled run stops (regexGuard.ts). */
export function regex(assertion: Assertion, { output, signal }: AssertionContext): GradingResult | Promise<GradingResult> {
  const pattern = readValue<string>(assertion);
  const flags = assertion.flags ?? '';
  const shown = `/${pattern}/${flags}`;
  const verdict = (matched: boolean): GradingResult => (matched ? result(true, `Output matches ${shown}`) : result(false, `Output does not match ${shown}`));
  const matched = testRegex(pattern, flags, output, signal);
  return typeof matched === 'boolean' ? verdict(matched) : matched.then(verdict);
}

/** Words as promptfoo counts them: runs of non-whitespace (so unspaced scripts such as Chinese count as one word per run). */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/** An exact count or a {min, max} range, said in the unit counted ("3 words", "1 character"). */
function checkCount(n: number, value: CountValue, unit: string): GradingResult {
  const counted = (k: number): string => `${k} ${unit}${k === 1 ? '' : 's'}`;
  if (typeof value === 'number') {
    return result(n === value, `Output has ${counted(n)}${n === value ? '' : `, not ${value}`}`);
  }
  const { min, max } = value;
  const pass = (min === undefined || n >= min) && (max === undefined || n <= max);
  const bound =
    min !== undefined && max !== undefined
      ? `${pass ? '' : 'not '}between ${min} and ${max}`
      : min !== undefined
        ? pass ? `at least ${min}` : `fewer than ${min}`
        : pass ? `at most ${max}` : `more than ${max}`;
  return result(pass, `Output has ${counted(n)}, ${bound}`);
}

export function wordCount(assertion: Assertion, { output }: AssertionContext): GradingResult {
  return checkCount(countWords(output), readValue<CountValue>(assertion), 'word');
}

/** Characters as promptfoo counts them: Unicode code points (an emoji is one, a combining accent another). */
export function characterCount(assertion: Assertion, { output }: AssertionContext): GradingResult {
  return checkCount(Array.from(output).length, readValue<CountValue>(assertion), 'character');
}
