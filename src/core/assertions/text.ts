// Text assertions: equals, contains, icontains, contains-any, contains-all, starts-with, regex,
// word-count. Each states a fact that reads right whether or not the assertion was negated; the
// registry applies `not-`. Comparisons are by UTF-16 code units, as promptfoo's, except icontains,
// which also ignores Unicode normalization (see foldCase).
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

export function containsAny(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const values = readValue<string[]>(assertion);
  const found = values.filter((v) => output.includes(v));
  return found.length > 0
    ? result(true, `Output contains ${found.map((v) => quote(v)).join(', ')} (${found.length} of ${values.length} values)`)
    : result(false, `Output contains none of ${values.map((v) => quote(v)).join(', ')}`);
}

export function containsAll(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const values = readValue<string[]>(assertion);
  const missing = values.filter((v) => !output.includes(v));
  return missing.length === 0
    ? result(true, `Output contains all of ${values.map((v) => quote(v)).join(', ')}`)
    : result(false, `Output is missing ${missing.map((v) => quote(v)).join(', ')} (${missing.length} of ${values.length})`);
}

export function startsWith(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<string>(assertion);
  return output.startsWith(value)
    ? result(true, `Output starts with ${quote(value)}`)
    : result(false, `Output starts with ${quote(Array.from(output).slice(0, Array.from(value).length).join(''))}, not ${quote(value)}`);
}

/** In-process for ordinary patterns; a possibly catastrophic one runs under a time limit (regexGuard.ts). */
export function regex(assertion: Assertion, { output }: AssertionContext): GradingResult | Promise<GradingResult> {
  const pattern = readValue<string>(assertion);
  const flags = assertion.flags ?? '';
  const shown = `/${pattern}/${flags}`;
  const grade = (matched: boolean): GradingResult => (matched ? result(true, `Output matches ${shown}`) : result(false, `Output does not match ${shown}`));
  const matched = testRegex(pattern, flags, output);
  return typeof matched === 'boolean' ? grade(matched) : matched.then(grade);
}

/** Words as promptfoo counts them: runs of non-whitespace (so unspaced scripts such as Chinese count as one word per run). */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

export function wordCount(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<CountValue>(assertion);
  const n = countWords(output);
  const words = (k: number): string => `${k} word${k === 1 ? '' : 's'}`;
  if (typeof value === 'number') {
    return result(n === value, `Output has ${words(n)}${n === value ? '' : `, not ${value}`}`);
  }
  const { min, max } = value;
  const pass = (min === undefined || n >= min) && (max === undefined || n <= max);
  const bound =
    min !== undefined && max !== undefined
      ? `${pass ? '' : 'not '}between ${min} and ${max}`
      : min !== undefined
        ? pass ? `at least ${min}` : `fewer than ${min}`
        : pass ? `at most ${max}` : `more than ${max}`;
  return result(pass, `Output has ${words(n)}, ${bound}`);
}
