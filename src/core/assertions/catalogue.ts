import * as z from 'zod';

/**
 * Every assertion type Upkeep knows, with the shape of the parameters it takes. The eval-file
 * schema checks parameters against this before anything runs, so a typo is a Problem in the
 * editor rather than a failed case at run time. Names and parameters follow promptfoo's.
 */
export interface AssertionKind {
  /** What `value` must be; undefined when the type takes no value. */
  value?: z.ZodType;
  valueRequired: boolean;
  /** What `threshold` means for this type, when it uses one. */
  threshold?: string;
  /** Deterministic types can be negated with `not-`; model-graded ones cannot. */
  deterministic: boolean;
  /** Which model a type needs besides the one under test. */
  needs?: 'judge' | 'embeddings';
  summary: string;
}

const text = z.string();
const textList = z.array(z.string()).min(1);
const wordCountValue = z.union([
  z.number().int().nonnegative(),
  z
    .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })
    .strict()
    .refine((v) => v.min !== undefined || v.max !== undefined, 'word-count needs min, max or both'),
]);

export const ASSERTION_KINDS = {
  equals: { value: text, valueRequired: true, deterministic: true, summary: 'Output equals the value exactly.' },
  contains: { value: text, valueRequired: true, deterministic: true, summary: 'Output contains the value.' },
  icontains: { value: text, valueRequired: true, deterministic: true, summary: 'Output contains the value, ignoring case.' },
  'contains-any': { value: textList, valueRequired: true, deterministic: true, summary: 'Output contains at least one of the values.' },
  'contains-all': { value: textList, valueRequired: true, deterministic: true, summary: 'Output contains every one of the values.' },
  'starts-with': { value: text, valueRequired: true, deterministic: true, summary: 'Output starts with the value.' },
  regex: { value: text, valueRequired: true, deterministic: true, summary: 'Output matches the regular expression (see `flags`).' },
  'is-json': { value: z.record(z.string(), z.unknown()).optional(), valueRequired: false, deterministic: true, summary: 'Output parses as JSON (and matches the schema in value, if given).' },
  'json-schema': { value: z.record(z.string(), z.unknown()), valueRequired: true, deterministic: true, summary: 'Output is JSON matching the JSON schema in value.' },
  levenshtein: { value: text.optional(), valueRequired: false, threshold: 'maximum edit distance (default 5)', deterministic: true, summary: 'Edit distance to the value (or to expected) is at most threshold.' },
  'word-count': { value: wordCountValue, valueRequired: true, deterministic: true, summary: 'Number of words is exactly value, or within {min, max}.' },
  latency: { valueRequired: false, threshold: 'milliseconds', deterministic: true, summary: 'The answer arrived within threshold milliseconds.' },
  similar: { value: text.optional(), valueRequired: false, threshold: 'minimum cosine similarity (default 0.75)', deterministic: false, needs: 'embeddings', summary: 'Embedding of the output is close to the value (or to expected).' },
  'llm-rubric': { value: text, valueRequired: true, threshold: 'minimum judge score (default: the judge decides pass)', deterministic: false, needs: 'judge', summary: 'The judge model grades the output against the rubric.' },
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
  const kind: AssertionKind | undefined = ASSERTION_KINDS[base];
  if (!kind || (negated && !kind.deterministic)) return undefined;
  return { base, negated };
}
