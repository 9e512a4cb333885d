// is-json, json-schema and contains-json. As promptfoo's is-json, the whole output must parse with JSON.parse
// (surrounding whitespace is fine); an answer wrapped in a ``` code fence is not JSON, and the
// reason says so, because the client's application parsing that answer would fail the same way.
import type { ErrorObject } from 'ajv';
import type { Assertion } from '../workspace/schemas';
import { compileSchema } from './jsonSchemas';
import type { AssertionContext, GradingResult } from './types';
import { readValue } from './catalogue';
import { result } from './util';
import type { JsonSchemaValue } from './values';

/** One line per schema violation, with the JSON Pointer of the failing value ("(root)" for the whole document). */
export function describeErrors(errors: ErrorObject[] | null | undefined, limit = 5): string {
  const list = errors ?? [];
  const lines = list.slice(0, limit).map((e) => {
    const where = e.keyword === 'required' && typeof e.params.missingProperty === 'string' ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath;
    const message = e.keyword === 'required' ? 'is required' : (e.message ?? e.keyword);
    const extra = e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string' ? ` ('${e.params.additionalProperty}')` : '';
    return `${where === '' ? '(root)' : where} ${message}${extra}`;
  });
  if (list.length > limit) lines.push(`… and ${list.length - limit} more`);
  return lines.join('; ');
}

const FENCE = /^```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\r?\n([\s\S]*?)\r?\n?```[ \t]*$/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

function notJsonReason(output: string, message: string): string {
  if (output.trim() === '') return 'Output is empty, not JSON';
  const fenced = FENCE.exec(output.trim());
  if (fenced && parseJson(fenced[2]).ok) return 'Output is JSON wrapped in a ``` code fence, not bare JSON (is-json needs the whole output to parse)';
  return `Output is not valid JSON: ${message}`;
}

/** Most text a contains-json search reads, in scanning steps per output character, so a hostile output cannot stall it. */
const SCAN_BUDGET_PER_CHAR = 20;

/**
 * The JSON objects and arrays written inside `text`, in order: each balanced `{…}` or `[…]`
 * (brackets inside strings ignored) that parses. A span that does not parse is searched again
 * from its next character, so `{"note": [1, 2]` still yields `[1, 2]`.
 */
export function extractJsonValues(text: string): unknown[] {
  const found: unknown[] = [];
  let budget = text.length * SCAN_BUDGET_PER_CHAR + 10_000;
  let start = text.search(/[[{]/);
  while (start !== -1 && budget > 0) {
    const end = balancedEnd(text, start, (steps) => (budget -= steps));
    let next = start + 1;
    if (end !== -1) {
      const parsed = parseJson(text.slice(start, end + 1));
      if (parsed.ok) {
        found.push(parsed.value);
        next = end + 1;
      }
    }
    const rest = text.slice(next).search(/[[{]/);
    start = rest === -1 ? -1 : next + rest;
  }
  return found;
}

/** The index of the bracket that closes the one at `start`, or -1. */
function balancedEnd(text: string, start: number, spend: (steps: number) => void): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return spendAnd(spend, i - start, -1);
      if (stack.length === 0) return spendAnd(spend, i - start, i);
    }
  }
  return spendAnd(spend, text.length - start, -1);
}

function spendAnd(spend: (steps: number) => void, steps: number, value: number): number {
  spend(steps + 1);
  return value;
}

export function containsJson(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const schema = readValue<JsonSchemaValue | undefined>(assertion);
  const values = extractJsonValues(output);
  if (values.length === 0) return result(false, output.trim() === '' ? 'Output is empty: it contains no JSON' : 'Output contains no JSON object or array that parses');
  if (schema === undefined) return result(true, `Output contains JSON (${values.length} value${values.length === 1 ? '' : 's'})`);
  const validate = compileSchema(schema);
  if (values.some((v) => validate(v))) return result(true, 'Output contains JSON that matches the schema');
  return result(false, `Output contains JSON, but none that matches the schema: ${describeErrors(validate.errors)}`);
}

function checkJson(output: string, schema: JsonSchemaValue | undefined): GradingResult {
  const parsed = parseJson(output);
  if (!parsed.ok) return result(false, notJsonReason(output, parsed.message));
  if (schema === undefined) return result(true, 'Output is valid JSON');
  const validate = compileSchema(schema);
  if (validate(parsed.value)) return result(true, 'Output is valid JSON that matches the schema');
  return result(false, `Output is JSON but does not match the schema: ${describeErrors(validate.errors)}`);
}

export function isJson(assertion: Assertion, { output }: AssertionContext): GradingResult {
  return checkJson(output, readValue<JsonSchemaValue | undefined>(assertion));
}

export function jsonSchema(assertion: Assertion, { output }: AssertionContext): GradingResult {
  return checkJson(output, readValue<JsonSchemaValue>(assertion));
}
