import * as z from 'zod';
import type { PathKey } from './yamlSource';

/**
 * The one schema of a path written in a client file. Every field declared with it is found by
 * `pathFieldsIn` and checked by the path rule (`resolveInside`) when the folder loads, so a new
 * path field cannot be read without the check: declaring it is all it takes.
 */
export const clientPath = z.string().min(1).describe('A path inside the client folder.');

export interface WrittenPath {
  /** Where the value is in the file, for the Problem's position. */
  at: PathKey[];
  written: string;
}

/** Every path-valued field present in `value`, which `schema` has validated. */
export function pathFieldsIn(schema: z.ZodType, value: unknown, at: PathKey[] = []): WrittenPath[] {
  if (schema === clientPath) return typeof value === 'string' ? [{ at, written: value }] : [];
  if (value === null || value === undefined || !canHoldPath(schema)) return [];
  const def = schema._zod.def as ZodDef;
  switch (def.type) {
    case 'object':
      if (typeof value !== 'object') return [];
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) =>
        key in value ? pathFieldsIn(field, (value as Record<string, unknown>)[key], [...at, key]) : [],
      );
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => pathFieldsIn(def.element!, item, [...at, i])) : [];
    case 'record':
      if (typeof value !== 'object') return [];
      return Object.entries(value).flatMap(([key, item]) => pathFieldsIn(def.valueType!, item, [...at, key]));
    case 'union':
      return (def.options ?? []).flatMap((option) => (option.safeParse(value).success ? pathFieldsIn(option, value, at) : [])).slice(0, 1);
    default:
      return inner(def).flatMap((s) => pathFieldsIn(s, value, at));
  }
}

/**
 * Where path fields can be in a schema, as `model.transcript` or `cases[].file`: what the test
 * that every path field is checked enumerates.
 */
export function pathFieldLocations(schema: z.ZodType, at = '', seen = new Set<z.ZodType>()): string[] {
  if (schema === clientPath) return [at];
  // A recursive schema (assert-set nests assertions) is walked once per branch.
  if (seen.has(schema)) return [];
  const within = new Set(seen).add(schema);
  const def = schema._zod.def as ZodDef;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) => pathFieldLocations(field, at ? `${at}.${key}` : key, within));
    case 'array':
      return pathFieldLocations(def.element!, `${at}[]`, within);
    case 'record':
      return pathFieldLocations(def.valueType!, `${at}.*`, within);
    default:
      return [...new Set(inner(def).flatMap((s) => pathFieldLocations(s, at, within)))];
  }
}

/** Every string-valued field of a schema by location (paths and not), for the same test. */
export function stringFieldLocations(schema: z.ZodType, at = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  const within = new Set(seen).add(schema);
  const def = schema._zod.def as ZodDef;
  switch (def.type) {
    case 'string':
      return [at];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) => stringFieldLocations(field, at ? `${at}.${key}` : key, within));
    case 'array':
      return stringFieldLocations(def.element!, `${at}[]`, within);
    case 'record':
      return stringFieldLocations(def.valueType!, `${at}.*`, within);
    default:
      return [...new Set(inner(def).flatMap((s) => stringFieldLocations(s, at, within)))];
  }
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

/** The schemas a wrapper (optional, default, pipe, intersection, lazy, …) validates with. */
function inner(def: ZodDef): z.ZodType[] {
  if (def.type === 'union') return def.options ?? [];
  if (def.type === 'lazy' && def.getter) return [def.getter()];
  return [def.innerType, def.in, def.out, def.left, def.right].filter((s): s is z.ZodType => s !== undefined);
}

const holdsPath = new WeakMap<z.ZodType, boolean>();

/** Whether any path field is reachable from `schema`, so large eval sets without one are not walked. */
function canHoldPath(schema: z.ZodType): boolean {
  let known = holdsPath.get(schema);
  if (known === undefined) {
    known = pathFieldLocations(schema).length > 0;
    holdsPath.set(schema, known);
  }
  return known;
}
