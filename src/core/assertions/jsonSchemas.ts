// Compiling JSON schemas with Ajv (in its own bundle, dist/ajv.js, required on first use), for
// is-json, contains-json and json-schema when grading, and for the eval-file check that finds a
// schema that cannot work when the file loads. Node only: the value schemas (values.ts), which the
// webviews' code reaches, check a schema's form, not whether Ajv compiles it.
import type { default as Ajv, Options, ValidateFunction } from 'ajv';
import { requireBesideBundle } from '../util/besideBundle';
import type * as AjvBundle from './ajvBundle';
import { isFileRef, parseAssertionType, readValue } from './catalogue';
import { AssertionError } from './util';
import type { JsonSchemaValue } from './values';

const SCHEMA_TYPES = new Set(['is-json', 'contains-json', 'json-schema']);

type Draft = 'draft-07' | '2019-09' | '2020-12';

const AJV_OPTIONS: Options = {
  // promptfoo's defaults: strict schemas (a misspelt keyword is an error, not silently ignored), and formats.
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allErrors: true,
  logger: false,
};

const instances = new Map<Draft, Ajv>();
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

function draftOf(schema: Record<string, unknown>): Draft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  return 'draft-07';
}

function ajvFor(draft: Draft): Ajv {
  let ajv = instances.get(draft);
  if (!ajv) {
    const { Ajv, Ajv2019, Ajv2020, addFormats } = requireBesideBundle<typeof AjvBundle>('ajv.js', 'The JSON Schema validator');
    ajv = draft === '2020-12' ? new Ajv2020(AJV_OPTIONS) : draft === '2019-09' ? new Ajv2019(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
    addFormats(ajv);
    instances.set(draft, ajv);
  }
  return ajv;
}

/** A compiled validator for a JSON schema, cached by the schema's text, or Ajv's reason it cannot be compiled. */
function compile(schema: JsonSchemaValue): ValidateFunction | { invalid: string } {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  const draft = typeof schema === 'boolean' ? 'draft-07' : draftOf(schema);
  let validate: ValidateFunction;
  try {
    // A schema's $id must be unique within one Ajv instance: compile a copy without it.
    const { $id: _id, ...rest } = typeof schema === 'boolean' ? { $id: undefined } : schema;
    validate = ajvFor(draft).compile(typeof schema === 'boolean' ? schema : rest);
  } catch (e) {
    return { invalid: (e as Error).message };
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(key, validate);
  return validate;
}

/** A compiled validator for a JSON schema. Throws AssertionError for an invalid schema. */
export function compileSchema(schema: JsonSchemaValue): ValidateFunction {
  const validate = compile(schema);
  if ('invalid' in validate) throw new AssertionError(`Invalid JSON schema: ${validate.invalid}`);
  return validate;
}

/** Why `schema` cannot work (Ajv's words: a misspelt keyword, a wrong type, a broken $ref), or undefined when it compiles. */
export function schemaProblem(schema: JsonSchemaValue): string | undefined {
  const validate = compile(schema);
  return 'invalid' in validate ? validate.invalid : undefined;
}

/**
 * For an is-json, contains-json or json-schema assertion: why its schema cannot work, as a Problem
 * says it; undefined for other types, no schema, or a `file://` value not read yet.
 */
export function schemaValueProblem(assertion: { type: string; value?: unknown }): string | undefined {
  const base = parseAssertionType(assertion.type)?.base;
  if (!base || !SCHEMA_TYPES.has(base) || assertion.value === undefined || isFileRef(assertion.value)) return undefined;
  const invalid = schemaProblem(readValue<JsonSchemaValue>(assertion));
  return invalid && `'${assertion.type}' value: is not a valid JSON schema: ${invalid}`;
}
