import * as z from 'zod';
import { levenshteinDistance } from './distance';
import { AssertionError } from './util';
import { countValue, equalsValue, jsonSchemaValue, nonEmptyText, referencesValue, referenceValue, sqlValue, textListValue, textValue, xmlValue } from './values';

/**
 * Every assertion type Upkeep knows, with the parameters it takes. The eval-file schema checks
 * parameters against this before anything runs, so a typo is a Problem in the editor rather than
 * a failed case at run time, and the handlers read values through the same schemas. Names,
 * value forms and defaults follow promptfoo's.
 */
export interface AssertionKind {
  /** What `value` may be, read into the form the handler uses; undefined when the type takes no value. */
  value?: z.ZodType;
  valueRequired: boolean;
  /** What `threshold` means for this type and the range that can work, when it uses one. */
  threshold?: ThresholdRule;
  /** Deterministic types can be negated with `not-`; model-graded ones (and assert-set) cannot. */
  deterministic: boolean;
  /** Which model a type needs besides the one under test. */
  needs?: 'judge' | 'embeddings';
  summary: string;
}

export interface ThresholdRule {
  means: string;
  min: number;
  max?: number;
  required?: boolean;
}

const SCORE: ThresholdRule = { means: 'minimum score, 0 to 1', min: 0, max: 1 };

export const ASSERTION_KINDS = {
  equals: { value: equalsValue, valueRequired: true, deterministic: true, summary: 'Output equals the value exactly (an object or array value: equal as parsed JSON).' },
  contains: { value: textValue, valueRequired: true, deterministic: true, summary: 'Output contains the value.' },
  icontains: { value: textValue, valueRequired: true, deterministic: true, summary: 'Output contains the value, ignoring case.' },
  'contains-any': { value: textListValue, valueRequired: true, deterministic: true, summary: 'Output contains at least one of the values (a list or a comma-separated string).' },
  'contains-all': { value: textListValue, valueRequired: true, deterministic: true, summary: 'Output contains every one of the values (a list or a comma-separated string).' },
  'starts-with': { value: textValue, valueRequired: true, deterministic: true, summary: 'Output starts with the value.' },
  regex: { value: nonEmptyText, valueRequired: true, deterministic: true, summary: 'Output matches the regular expression (see `flags`).' },
  'is-json': { value: jsonSchemaValue, valueRequired: false, deterministic: true, summary: 'Output parses as JSON (and matches the schema in value, if given).' },
  'json-schema': { value: jsonSchemaValue, valueRequired: true, deterministic: true, summary: 'Output is JSON matching the JSON schema in value.' },
  levenshtein: { value: referenceValue, valueRequired: false, threshold: { means: 'maximum edit distance (default 5)', min: 0 }, deterministic: true, summary: 'Edit distance to the value (or to expected) is at most threshold.' },
  'word-count': { value: countValue, valueRequired: true, deterministic: true, summary: 'Number of words is exactly value, or within {min, max}.' },
  latency: { threshold: { means: 'milliseconds', min: 0, required: true }, valueRequired: false, deterministic: true, summary: 'The answer arrived within threshold milliseconds.' },
  similar: { value: referenceValue, valueRequired: false, threshold: { ...SCORE, means: 'minimum cosine similarity, 0 to 1 (default 0.75)' }, deterministic: false, needs: 'embeddings', summary: 'Embedding of the output is close to the value (or to expected).' },
  'llm-rubric': { value: nonEmptyText, valueRequired: true, threshold: { ...SCORE, means: 'minimum judge score, 0 to 1 (default: the judge decides pass)' }, deterministic: false, needs: 'judge', summary: 'The judge model grades the output against the rubric.' },
  'icontains-any': { value: textListValue, valueRequired: true, deterministic: true, summary: 'Output contains at least one of the values, ignoring case.' },
  'icontains-all': { value: textListValue, valueRequired: true, deterministic: true, summary: 'Output contains every one of the values, ignoring case.' },
  'contains-json': { value: jsonSchemaValue, valueRequired: false, deterministic: true, summary: 'Output contains a JSON object or array (matching the schema in value, if given).' },
  'is-xml': { value: xmlValue, valueRequired: false, deterministic: true, summary: 'Output is one well-formed XML document (with value.requiredElements, as dot paths).' },
  'contains-xml': { value: xmlValue, valueRequired: false, deterministic: true, summary: 'Output contains a well-formed XML fragment (with value.requiredElements, from its root).' },
  'is-html': { valueRequired: false, deterministic: true, summary: 'Output is HTML and nothing else: elements, no text outside them.' },
  'contains-html': { valueRequired: false, deterministic: true, summary: 'Output contains HTML (at least two signs of it: tags, entities, attributes, comments).' },
  'is-sql': { value: sqlValue, valueRequired: false, deterministic: true, summary: 'Output is valid SQL for value.databaseType (default MySQL), within value.allowedTables/allowedColumns.' },
  'contains-sql': { value: sqlValue, valueRequired: false, deterministic: true, summary: 'Output is valid SQL or contains a ```sql code block that is.' },
  'is-refusal': { valueRequired: false, deterministic: true, summary: 'Output declines the request (or is empty).' },
  'finish-reason': { value: nonEmptyText, valueRequired: true, deterministic: true, summary: 'The model stopped for this reason (stop, length, …), ignoring case.' },
  bleu: { value: referencesValue, valueRequired: false, threshold: { ...SCORE, means: 'minimum BLEU score, 0 to 1 (default 0.5)' }, deterministic: true, summary: 'BLEU score against the value(s) (or expected) reaches threshold.' },
  gleu: { value: referencesValue, valueRequired: false, threshold: { ...SCORE, means: 'minimum GLEU score, 0 to 1 (default 0.5)' }, deterministic: true, summary: 'GLEU score against the value(s) (or expected) reaches threshold.' },
  'rouge-n': { value: referenceValue, valueRequired: false, threshold: { ...SCORE, means: 'minimum ROUGE-1 recall, 0 to 1 (default 0.75)' }, deterministic: true, summary: 'ROUGE-N recall of the value (or expected) in the output reaches threshold.' },
  'character-count': { value: countValue, valueRequired: true, deterministic: true, summary: 'Number of characters (code points) is exactly value, or within {min, max}.' },
  cost: { valueRequired: false, threshold: { means: 'maximum cost of the answer, in the price’s currency', min: 0 }, deterministic: true, summary: 'Cost of the answer (its tokens at model.price) is at most threshold.' },
  'assert-set': { valueRequired: false, threshold: { ...SCORE, means: 'minimum weighted score of the nested assertions, 0 to 1 (default: all must pass)' }, deterministic: false, summary: 'The nested assertions in assert, scored together with their own threshold and weights.' },
} satisfies Record<string, AssertionKind>;

export type BaseAssertionType = keyof typeof ASSERTION_KINDS;

export const BASE_ASSERTION_TYPES = Object.keys(ASSERTION_KINDS) as BaseAssertionType[];

/** Every accepted `type`: the base names and `not-` forms of the deterministic ones. */
export const ASSERTION_TYPES: readonly string[] = [
  ...BASE_ASSERTION_TYPES,
  ...BASE_ASSERTION_TYPES.filter((t) => ASSERTION_KINDS[t].deterministic).map((t) => `not-${t}`),
];

export function parseAssertionType(type: string): { base: BaseAssertionType; negated: boolean } | undefined {
  const negated = type.startsWith('not-');
  const base = (negated ? type.slice(4) : type) as BaseAssertionType;
  const kind: AssertionKind | undefined = Object.prototype.hasOwnProperty.call(ASSERTION_KINDS, base) ? ASSERTION_KINDS[base] : undefined;
  if (!kind || (negated && !kind.deterministic)) return undefined;
  return { base, negated };
}

/**
 * Why `type` is not an assertion type, with the nearest one or two names when they are close
 * enough to be a typo ("did you mean 'regex'?"), rather than every name there is.
 */
export function unknownTypeMessage(type: unknown): string {
  if (typeof type !== 'string') return 'An assertion type must be text, e.g. contains.';
  const base = type.startsWith('not-') ? type.slice(4) : type;
  if (type !== base && parseAssertionType(base)) {
    return `'${base}' ${(ASSERTION_KINDS[base as BaseAssertionType] as AssertionKind).needs ? 'is model-graded and ' : ''}cannot be negated with not-.`;
  }
  const scored = ASSERTION_TYPES.map((name) => ({ name, d: levenshteinDistance(type.toLowerCase(), name) }));
  const best = Math.min(...scored.map((s) => s.d));
  const limit = Math.max(2, Math.floor(type.length / 3));
  const near = best <= limit ? scored.filter((s) => s.d === best).slice(0, 2).map((s) => `'${s.name}'`) : [];
  const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '; see the assertion types in the README.';
  return `Unknown assertion type '${type}'${hint}`;
}

/** The first reason a value cannot work for its type, worded for a Problem or an error result; undefined when it can. */
export function valueProblem(type: string, value: unknown, { fileRefs = 'checked later' }: { fileRefs?: 'checked later' | 'unread' } = {}): { path: PropertyKey[]; message: string } | undefined {
  const parsed = parseAssertionType(type);
  if (!parsed) return undefined;
  if (isFileRef(value)) {
    // Read (and then checked) when the client folder loads, relative to the eval file.
    return fileRefs === 'unread' ? { path: ['value'], message: `'${type}' value ${value} was never read from its file.` } : undefined;
  }
  const kind: AssertionKind = ASSERTION_KINDS[parsed.base];
  if (value === undefined) return kind.valueRequired ? { path: ['type'], message: `'${type}' needs a value.` } : undefined;
  if (!kind.value) return { path: ['value'], message: `'${type}' takes no value; use threshold.` };
  const result = kind.value.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return { path: ['value', ...issue.path], message: `'${type}' value${issue.path.length ? ` '${issue.path.join('.')}'` : ''}: ${issue.message}.` };
}

const readValues = new WeakMap<object, unknown>();

/**
 * An assertion's value in the form its handler uses (a number as text, a CSV string as a list, a
 * schema string parsed…), read once per assertion object. Throws AssertionError when it cannot work.
 */
export function readValue<T>(assertion: { type: string; value?: unknown }): T {
  if (readValues.has(assertion)) return readValues.get(assertion) as T;
  const problem = valueProblem(assertion.type, assertion.value, { fileRefs: 'unread' });
  if (problem) throw new AssertionError(problem.message);
  const parsed = parseAssertionType(assertion.type);
  const kind: AssertionKind | undefined = parsed ? ASSERTION_KINDS[parsed.base] : undefined;
  const value = kind?.value && assertion.value !== undefined ? (kind.value.parse(assertion.value) as T) : undefined;
  readValues.set(assertion, value);
  return value as T;
}

/** Every assertion in `list`, and those nested in its assert-sets, depth first. */
export function eachAssertion<T extends { assert?: readonly T[] }>(list: readonly T[]): T[] {
  return list.flatMap((a) => [a, ...eachAssertion(a.assert ?? [])]);
}

/** A value that names a file to read it from, promptfoo's `file://path` (relative to the eval file). */
export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('file://');
}
