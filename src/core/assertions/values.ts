// The forms an assertion's `value` may take, as promptfoo accepts them, each read into the one form
// its handler uses. The same zod schema checks a value when the eval file loads (so a value that
// cannot work is a Problem at its position) and reads it when the case is graded.
import * as z from 'zod';
import { parse as parseYaml } from 'yaml';

/**
 * A comma-separated list as promptfoo reads it for contains-any/contains-all: fields are trimmed,
 * empty fields skipped, and a field in double quotes keeps its commas (`"hello, world",universe`),
 * with `""` or `\"` for a quote inside it. Throws for an unterminated quote or text after one.
 */
export function parseCommaSeparated(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  while (i < text.length) {
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i >= text.length) break;
    if (text[i] !== '"') {
      const end = text.indexOf(',', i);
      const stop = end === -1 ? text.length : end;
      fields.push(text.slice(i, stop).trim());
      i = stop;
      continue;
    }
    let field = '';
    let closed = false;
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) field += text[++i];
      else if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') {
        closed = true;
        i++;
        break;
      } else field += c;
    }
    if (!closed) throw new Error(`the quoted field "${field}… has no closing quote`);
    skipSpace();
    if (i < text.length && text[i] !== ',') throw new Error(`a quoted field must be followed by a comma, not '${text[i]}'`);
    fields.push(field);
  }
  return fields;
}

/** A number given as text where promptfoo coerces it (`word-count: "3"`). */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'must be a number')
    .transform(Number),
]);
const count = numeric.pipe(z.number().nonnegative('must be 0 or more'));

/** contains, icontains, starts-with: text, or a number matched as its text (`0` included). */
export const textValue = z
  .union([z.string(), z.number().refine(Number.isFinite, 'must be a finite number')], 'must be text or a number')
  .transform(String)
  .refine((s) => s !== '', 'needs a non-empty value');

/** contains-any/-all and their i- forms: a list, or one comma-separated string (promptfoo's CSV quoting). */
export const textListValue = z.unknown().transform((v, ctx): string[] => {
  let list: string[] | undefined;
  if (Array.isArray(v) && v.every((item) => typeof item === 'string' || typeof item === 'number')) list = v.map(String);
  else if (typeof v === 'string') {
    try {
      list = parseCommaSeparated(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `cannot be read as a comma-separated list: ${(e as Error).message}` });
      return z.NEVER;
    }
  }
  if (!list) ctx.addIssue({ code: 'custom', message: 'must be a list of texts or a comma-separated string' });
  else if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one text' });
  return list ?? z.NEVER;
});

/** equals: text (a number or boolean as its text), or an object or array compared as parsed JSON. */
export type EqualsValue = { text: string } | { json: unknown };
export const equalsValue = z.unknown().transform((v, ctx): EqualsValue => {
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'number' || typeof v === 'boolean') return { text: String(v) };
  if (typeof v === 'object') return { json: v };
  ctx.addIssue({ code: 'custom', message: 'must be text, a number, or an object or array to compare as JSON' });
  return z.NEVER;
});

/** A JSON schema: an object, a boolean, or the same written as a YAML/JSON string. */
export type JsonSchemaValue = Record<string, unknown> | boolean;
export const jsonSchemaValue = z.unknown().transform((v, ctx): JsonSchemaValue => {
  let schema = v;
  if (typeof v === 'string') {
    try {
      schema = parseYaml(v) as unknown;
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `is text that does not parse as a YAML or JSON schema: ${(e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` });
      return z.NEVER;
    }
  }
  if (typeof schema === 'boolean' || (typeof schema === 'object' && schema !== null && !Array.isArray(schema))) return schema as JsonSchemaValue;
  ctx.addIssue({ code: 'custom', message: 'must be a JSON schema: an object, true or false (or one written as text)' });
  return z.NEVER;
});

/** word-count, character-count: an exact count, or {min, max} with at least one, min ≤ max. */
export type CountValue = number | { min?: number; max?: number };
export const countValue = z.union([
  count,
  z
    .object({ min: count.optional(), max: count.optional() })
    .strict()
    .refine((v) => v.min !== undefined || v.max !== undefined, 'needs min, max or both')
    .superRefine((v, ctx) => {
      if (v.min !== undefined && v.max !== undefined && v.min > v.max) ctx.addIssue({ code: 'custom', message: `min (${v.min}) is greater than max (${v.max})` });
    }),
], 'must be a count, or {min, max}');

/** A reference text (levenshtein, similar, rouge-n); optional: the case's expected is used without it. */
export const referenceValue = z.string('must be text').optional();

/** bleu, gleu: one reference text or several; optional, as above. */
export const referencesValue = z.union([z.string(), z.array(z.string()).min(1)], 'must be text or a list of texts').transform((v) => (Array.isArray(v) ? v : [v])).optional();

/** is-xml, contains-xml: elements that must be present, as dot paths from the root (`analysis.color`). */
export const xmlValue = z
  .union([
    z.object({ requiredElements: z.array(z.string().min(1)).min(1) }).strict(),
    z.string().transform((s) => ({ requiredElements: parseCommaSeparated(s) })),
  ], 'must be {requiredElements: [...]} or a comma-separated list of element paths')
  .optional();

/** is-sql, contains-sql: the dialect (node-sql-parser's names) and promptfoo's authority lists. */
export const SQL_DIALECTS = ['Athena', 'BigQuery', 'DB2', 'FlinkSQL', 'Hive', 'MariaDB', 'MySQL', 'Noql', 'PostgresQL', 'Redshift', 'Snowflake', 'Sqlite', 'TransactSQL'] as const;
export const sqlValue = z
  .object({
    databaseType: z
      .string()
      .transform((s) => SQL_DIALECTS.find((d) => d.toLowerCase() === s.toLowerCase()) ?? s)
      .pipe(z.enum(SQL_DIALECTS, `must be one of ${SQL_DIALECTS.join(', ')}`))
      .optional(),
    allowedTables: z.array(z.string().min(1)).optional(),
    allowedColumns: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .optional();

export const nonEmptyText = z.string('must be text').min(1, 'needs a non-empty value');
