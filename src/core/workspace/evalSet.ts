import * as path from 'path';
import { ASSERTION_KINDS, eachAssertion, parseAssertionType, type AssertionKind } from '../assertions/catalogue';
import { schemaValueProblem } from '../assertions/jsonSchemas';
import { REGEX_TIME_LIMIT_MS, backtrackingReason } from '../assertions/regexGuard';
import { stripBom } from '../util/bom';
import { evalCaseSchema, evalSetHeaderSchema, NO_CASES, type Assertion, type ClientManifest, type EvalCaseData } from './schemas';
import { LineIndex, problem, START_OF_FILE, type Problem, type SourceRange } from './problems';
import { DeferredSource } from './deferredSource';
import { fastYamlData } from './yamlFast';
import { formatPath, type PathKey } from './yamlSource';

export interface EvalCase extends EvalCaseData {
  /** Where the case is written, for gutter marks, CodeLens and Problems. */
  range: SourceRange;
}

export interface EvalSet {
  /** The file's path relative to the client folder, with forward slashes: stable across machines. */
  id: string;
  file: string;
  name: string;
  description?: string;
  format: 'yaml' | 'jsonl';
  defaults: { assert: Assertion[]; threshold?: number; repeat?: number };
  /** The cases that validated; invalid ones are reported as problems and left out. */
  cases: EvalCase[];
  /** How many cases the file holds, valid or not. */
  declaredCases: number;
}

export interface ParsedEvalSet {
  set?: EvalSet;
  problems: Problem[];
  /** Every assertion that validated, with where its type is written: for checks that need the manifest. */
  sites: AssertionSite[];
  /**
   * `fast` when the file read without a problem on the fast pass, its positions located only when
   * first read; `positions` when it was parsed with source positions from the start (it has a
   * problem, or something the fast pass leaves to the full parser).
   */
  parsedWith: 'fast' | 'positions';
}

export interface AssertionSite {
  readonly assertion: Assertion;
  /** Where its `type` is written. */
  readonly range: SourceRange;
  /** Where its `value` is written (its type's position when it has none). */
  readonly valueRange: SourceRange;
}

export function isEvalSetFile(name: string): boolean {
  return /\.(ya?ml|jsonl)$/i.test(name);
}

export function parseEvalSet(file: string, id: string, withBom: string): ParsedEvalSet {
  // A byte-order mark would make the first JSONL line invalid JSON and lose its case.
  const text = stripBom(withBom);
  return file.toLowerCase().endsWith('.jsonl') ? parseJsonl(file, id, text) : parseYaml(file, id, text);
}

function parseYaml(file: string, id: string, text: string): ParsedEvalSet {
  const source = new DeferredSource(file, text);
  const fast = fastYamlData(text);
  if (fast) {
    const parsed = readYamlSet(file, id, fast.value, source);
    // Any problem at all: read again from the full parse, so every message is the full parser's.
    if (parsed.problems.length === 0) return { ...parsed, parsedWith: 'fast' };
  }
  const syntax = source.source.syntaxProblems();
  if (syntax.length) return { problems: syntax, sites: [], parsedWith: 'positions' };
  return { ...readYamlSet(file, id, source.source.toJS(), source), parsedWith: 'positions' };
}

function readYamlSet(file: string, id: string, data: unknown, source: DeferredSource): Omit<ParsedEvalSet, 'parsedWith'> {
  const header = evalSetHeaderSchema.safeParse(data ?? {});
  if (!header.success) {
    // Report envelope problems but still read the cases, so one typo does not hide the rest.
    const problems = source.schemaProblems(header.error.issues);
    const raw = data as { cases?: unknown } | null;
    if (!raw || !Array.isArray(raw.cases)) return { problems, sites: [] };
    const cases = readCases(raw.cases, () => source, (i) => ['cases', i], problems, []);
    return { problems: [...problems, ...duplicateIds(file, cases)], sites: [] };
  }
  const { name, description, defaults } = header.data;
  // A default that cannot work keeps every case from running: the set is reported, not run.
  const badDefaults = invalidSchemas(source, defaults?.assert, ['defaults', 'assert']);
  if (badDefaults.length) return { problems: badDefaults, sites: [] };
  const problems: Problem[] = [];
  const sites: AssertionSite[] = [];
  visitAssertions(source, defaults?.assert, ['defaults', 'assert'], problems, sites);
  const cases = readCases(header.data.cases, () => source, (i) => ['cases', i], problems, sites);
  problems.push(...duplicateIds(file, cases));
  return {
    set: {
      id,
      file,
      name,
      description,
      format: 'yaml',
      defaults: { assert: defaults?.assert ?? [], threshold: defaults?.threshold, repeat: defaults?.repeat },
      cases: uniqueCases(cases),
      declaredCases: header.data.cases.length,
    },
    problems,
    sites,
  };
}

/** JSONL: one case a line, blank lines and `//` comment lines skipped; the file name is the set's name. */
function parseJsonl(file: string, id: string, text: string): ParsedEvalSet {
  const lines = new LineIndex(text);
  const problems: Problem[] = [];
  const raws: unknown[] = [];
  const sources: DeferredSource[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('//')) continue;
    const jsonError = jsonSyntaxError(line);
    if (jsonError) {
      problems.push(problem(file, lines.range(start + jsonError.at, start + line.length), `Invalid JSON: ${jsonError.message}`, 'json-syntax'));
      continue;
    }
    raws.push(JSON.parse(line));
    // Parsed again with positions when a problem needs them, so they point into the line.
    sources.push(new DeferredSource(file, line, start, lines));
  }
  // The rule of YAML's `cases: []`: a set with nothing to run is an error, not a 0/0 run that breaches.
  if (raws.length === 0 && problems.length === 0) return { problems: [problem(file, START_OF_FILE, NO_CASES, 'schema')], sites: [], parsedWith: 'positions' };
  const sites: AssertionSite[] = [];
  const cases = readCases(raws, (i) => sources[i], () => [], problems, sites);
  problems.push(...duplicateIds(file, cases));
  const name = path.basename(file).replace(/\.jsonl$/i, '');
  return {
    set: { id, file, name, format: 'jsonl', defaults: { assert: [] }, cases: uniqueCases(cases), declaredCases: raws.length },
    problems,
    sites,
    parsedWith: problems.length === 0 ? 'fast' : 'positions',
  };
}

function readCases(
  raws: readonly unknown[],
  sourceOf: (i: number) => DeferredSource,
  pathOf: (i: number) => (string | number)[],
  problems: Problem[],
  sites: AssertionSite[],
): EvalCase[] {
  const cases: EvalCase[] = [];
  raws.forEach((raw, i) => {
    const source = sourceOf(i);
    const result = evalCaseSchema.safeParse(raw);
    if (!result.success) {
      problems.push(...source.schemaProblems(result.error.issues, pathOf(i)));
      return;
    }
    const badSchemas = invalidSchemas(source, result.data.assert, [...pathOf(i), 'assert']);
    if (badSchemas.length) {
      problems.push(...badSchemas); // the case is left out, as an invalid case is
      return;
    }
    visitAssertions(source, result.data.assert, [...pathOf(i), 'assert'], problems, sites);
    const c = { ...result.data } as EvalCase;
    source.defineRange(c, 'range', pathOf(i));
    cases.push(c);
  });
  return cases;
}

/** Records where each valid assertion is (nested ones in assert-sets too), and warns at regex patterns that may backtrack. */
function visitAssertions(source: DeferredSource, assertions: readonly Assertion[] | undefined, at: PathKey[], problems: Problem[], sites: AssertionSite[]): void {
  (assertions ?? []).forEach((a, j) => {
    sites.push(new DeferredSite(a, source, [...at, j]));
    const warning = backtrackingWarning(source, a, [...at, j, 'value']);
    if (warning) problems.push(warning);
    visitAssertions(source, a.assert, [...at, j, 'assert'], problems, sites);
  });
}

/** A site whose positions are located only when a Problem asks for them. */
class DeferredSite implements AssertionSite {
  constructor(
    readonly assertion: Assertion,
    private readonly source: DeferredSource,
    private readonly at: readonly PathKey[],
  ) {}

  get range(): SourceRange {
    return this.source.locate([...this.at, 'type']);
  }

  get valueRange(): SourceRange {
    return this.source.locate([...this.at, 'value']);
  }
}

/** An error at each JSON schema among `assertions` (nested ones too) that Ajv cannot compile: such an assertion could never grade. */
function invalidSchemas(source: DeferredSource, assertions: readonly Assertion[] | undefined, at: PathKey[], found: Problem[] = []): Problem[] {
  (assertions ?? []).forEach((a, j) => {
    // Cheap first: most assertions of a large set are not schema types.
    const why = a.type.includes('json') ? schemaValueProblem(a) : undefined;
    if (why) found.push(problem(source.file, source.locate([...at, j, 'value']), `'${formatPath([...at, j, 'value'])}': ${why}`, 'schema'));
    if (a.assert) invalidSchemas(source, a.assert, [...at, j, 'assert'], found);
  });
  return found;
}

/**
 * A warning, not an error, at a regex pattern that may backtrack catastrophically: the heuristic
 * can be wrong both ways, and the runner bounds every pattern anyway.
 */
function backtrackingWarning(source: DeferredSource, a: Assertion, at: PathKey[]): Problem | undefined {
  const why = parseAssertionType(a.type)?.base === 'regex' && typeof a.value === 'string' && a.value !== '' ? backtrackingReason(a.value, a.flags) : undefined;
  if (!why) return undefined;
  return problem(
    source.file,
    source.locate(at),
    `This pattern may backtrack catastrophically (${why}); Upkeep stops it after ${REGEX_TIME_LIMIT_MS / 1000} s per output, and the case errors.`,
    'regex-backtracking',
    'warning',
  );
}

/**
 * The set without the cases that hold an assertion that cannot be used (its `file://` value could
 * not be read), as an invalid case is left out; undefined when a default cannot be used, since
 * every case runs the defaults.
 */
export function withoutUnusable(set: EvalSet, unusable: ReadonlySet<Assertion>): EvalSet | undefined {
  if (unusable.size === 0) return set;
  const usable = (list: readonly Assertion[] | undefined): boolean => eachAssertion(list ?? []).every((a) => !unusable.has(a));
  if (!usable(set.defaults.assert)) return undefined;
  return { ...set, cases: set.cases.filter((c) => usable(c.assert)) };
}

/** An assertion that needs a model (or a price) the manifest does not configure cannot work: a Problem at its type, before anything runs. */
export function unmetNeeds(file: string, sites: readonly AssertionSite[], manifest: ClientManifest): Problem[] {
  // A site's range is read only for a Problem: it may cost the file's full parse.
  return sites.flatMap((site) => {
    const { assertion } = site;
    const parsed = parseAssertionType(assertion.type);
    const needs = parsed ? (ASSERTION_KINDS[parsed.base] as AssertionKind).needs : undefined;
    if (needs === 'judge' && !manifest.judge) {
      return [problem(file, site.range, `'${assertion.type}' needs a judge model, and client.yaml sets none: add judge: { name: <model> } to it.`, 'missing-judge')];
    }
    if (needs === 'embeddings' && !manifest.judge?.embeddings) {
      return [problem(file, site.range, `'${assertion.type}' needs an embedding model, and client.yaml sets none: add judge.embeddings to it.`, 'missing-judge')];
    }
    if (parsed?.base === 'cost' && !manifest.model.price) {
      return [problem(file, site.range, `'${assertion.type}' needs the model's price, and client.yaml sets none: add model.price: { input, output } (per million tokens).`, 'missing-price')];
    }
    return [];
  });
}

function duplicateIds(file: string, cases: readonly EvalCase[]): Problem[] {
  const first = new Map<string, EvalCase>();
  const problems: Problem[] = [];
  for (const c of cases) {
    const earlier = first.get(c.id);
    if (earlier) {
      problems.push(
        problem(file, c.range, `Duplicate case id '${c.id}' (first used on line ${earlier.range.line}); case ids must be unique within a set.`, 'duplicate-case-id'),
      );
    } else {
      first.set(c.id, c);
    }
  }
  return problems;
}

/** A duplicated id would make results ambiguous, so only the first case with an id runs. */
function uniqueCases(cases: readonly EvalCase[]): EvalCase[] {
  const seen = new Set<string>();
  return cases.filter((c) => !seen.has(c.id) && seen.add(c.id));
}

/** Where and why a line is not JSON. Node reports "at position N" for most errors. */
function jsonSyntaxError(line: string): { at: number; message: string } | undefined {
  try {
    JSON.parse(line);
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    return { at: at ? Number(at[1]) : 0, message: message.replace(/ in JSON at position \d+.*$/, '') };
  }
}
