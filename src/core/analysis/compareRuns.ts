import { ranWholeSet, runFacts } from '../history/runsThatCount';
import type { CaseResult, RunRecord } from '../store/runRecord';
import { canonicalJson } from '../util/canonicalJson';
import type { CaseChange, CaseComparison, ConfigDifference, RunComparison } from './comparisonTypes';
import { exactMcNemar } from './mcnemar';

export interface CompareOptions {
  /** Significance level of the McNemar test; 0.05 unless given. */
  alpha?: number;
}

/** Thrown when two runs cannot be compared (they are of different eval sets). */
export class IncomparableRunsError extends Error {
  override readonly name = 'IncomparableRunsError';
}

const CHANGES: readonly CaseChange[] = ['fixed', 'regressed', 'unchanged-pass', 'unchanged-fail', 'new', 'removed', 'not-run'];

/**
 * Compares two runs of one eval set, case by case (by id): what got fixed, what regressed, what
 * is new or gone, how score and pass rate moved, whether the move is more than noise, and what
 * in the configuration differed between the two runs.
 *
 * A case passes when its status is `passed`; an errored case counts as not passed and scores 0,
 * as in the run summary. Score and pass-rate deltas are head − base (see `basis` for over which
 * cases); the significance test uses only the cases both runs have. Cases come in head's order,
 * then the cases only base has, in base's order.
 */
export function compareRuns(base: RunRecord, head: RunRecord, options: CompareOptions = {}): RunComparison {
  if (base.evalSet.id !== head.evalSet.id || !sameClientFolder(base.client.id, head.client.id)) {
    throw new IncomparableRunsError(
      `Cannot compare runs of different eval sets: ${base.id} is a run of ${describeSet(base)}, ${head.id} a run of ${describeSet(head)}.`,
    );
  }
  const baseCases = byId(base.cases);
  const headCases = byId(head.cases);

  const wholeBase = ranWholeSet(runFacts(base));
  const wholeHead = ranWholeSet(runFacts(head));
  const missing = { fromBase: wholeBase ? 'new' : 'not-run', fromHead: wholeHead ? 'removed' : 'not-run' } as const;
  const cases: CaseComparison[] = [];
  for (const h of headCases.values()) cases.push(compareCase(h.id, baseCases.get(h.id), h, missing));
  for (const b of baseCases.values()) if (!headCases.has(b.id)) cases.push(compareCase(b.id, b, undefined, missing));

  const counts = Object.fromEntries(CHANGES.map((c) => [c, 0])) as Record<CaseChange, number>;
  for (const c of cases) counts[c.change]++;
  const basis = deltaBasis(base, head, baseCases, headCases, wholeBase && wholeHead);

  return {
    baseRunId: base.id,
    headRunId: head.id,
    evalSetId: head.evalSet.id,
    cases,
    counts,
    basis,
    scoreDelta: basis.headScore - basis.baseScore,
    passRateDelta: basis.headPassRate - basis.basePassRate,
    significance: exactMcNemar(counts.regressed, counts.fixed, options.alpha ?? 0.05),
    config: configDifferences(base, head),
  };
}

function describeSet(run: RunRecord): string {
  return `"${run.evalSet.name}" (${run.evalSet.id}) of ${run.client.name}`;
}

/** First occurrence wins; eval set validation already reports duplicate ids. */
function byId(cases: readonly CaseResult[]): Map<string, CaseResult> {
  const map = new Map<string, CaseResult>();
  for (const c of cases) if (!map.has(c.id)) map.set(c.id, c);
  return map;
}

const passed = (c: CaseResult): boolean => c.status === 'passed';
const effectiveScore = (c: CaseResult): number => (c.status === 'errored' ? 0 : c.score);

type Missing = { fromBase: 'new' | 'not-run'; fromHead: 'removed' | 'not-run' };

function compareCase(id: string, b: CaseResult | undefined, h: CaseResult | undefined, missing: Missing): CaseComparison {
  const result: CaseComparison = { id, change: changeOf(b, h, missing), outputChanged: false };
  if (b) {
    result.baseScore = effectiveScore(b);
    result.basePass = passed(b);
  }
  if (h) {
    result.headScore = effectiveScore(h);
    result.headPass = passed(h);
  }
  // A case in only one run has nothing to compare its output with.
  if (b && h) result.outputChanged = b.attempts[0]?.output !== h.attempts[0]?.output;
  return result;
}

function changeOf(b: CaseResult | undefined, h: CaseResult | undefined, missing: Missing): CaseChange {
  if (!b) return missing.fromBase;
  if (!h) return missing.fromHead;
  const before = passed(b);
  const after = passed(h);
  if (before && after) return 'unchanged-pass';
  if (!before && !after) return 'unchanged-fail';
  return after ? 'fixed' : 'regressed';
}

function deltaBasis(
  base: RunRecord,
  head: RunRecord,
  baseCases: Map<string, CaseResult>,
  headCases: Map<string, CaseResult>,
  bothWhole: boolean,
): RunComparison['basis'] {
  const shared = [...headCases.keys()].filter((id) => baseCases.has(id));
  if (bothWhole) {
    return { over: 'each-run', sharedCases: shared.length, baseScore: meanScore(base.cases), headScore: meanScore(head.cases), basePassRate: passRate(base.cases), headPassRate: passRate(head.cases) };
  }
  const b = shared.map((id) => baseCases.get(id)!);
  const h = shared.map((id) => headCases.get(id)!);
  return { over: 'shared-cases', sharedCases: shared.length, baseScore: meanScore(b), headScore: meanScore(h), basePassRate: passRate(b), headPassRate: passRate(h) };
}

function meanScore(cases: readonly CaseResult[]): number {
  return cases.length ? cases.reduce((s, c) => s + effectiveScore(c), 0) / cases.length : 0;
}

function passRate(cases: readonly CaseResult[]): number {
  return cases.length ? cases.filter(passed).length / cases.length : 0;
}

// ---------------------------------------------------------------------------------------------
// Configuration differences

const NONE = '(none)';

/** What differed in the configuration of two runs, each field as people would read it. */
export function configDifferences(base: RunRecord, head: RunRecord): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  const add = (field: ConfigDifference['field'], b: string, h: string): void => {
    out.push({ field, base: b, head: h });
  };

  if (base.provider.kind !== head.provider.kind || base.provider.host !== head.provider.host) {
    add('provider', `${base.provider.kind} at ${base.provider.host}`, `${head.provider.kind} at ${head.provider.host}`);
  }
  if (base.model.name !== head.model.name) add('model', base.model.name, head.model.name);
  if ((base.model.digest ?? '') !== (head.model.digest ?? '')) {
    const [b, h] = shortHashes(stripAlgorithm(base.model.digest), stripAlgorithm(head.model.digest), 12);
    add('digest', b ?? '(not recorded)', h ?? '(not recorded)');
  }
  const options = optionDifferences(base.model.options, head.model.options);
  if (options) add('options', options.base, options.head);
  if (canonicalJson(base.model.format) !== canonicalJson(head.model.format)) {
    add('format', describeFormat(base.model.format), describeFormat(head.model.format));
  }
  if (base.systemPrompt.sha256 !== head.systemPrompt.sha256) {
    const [b, h] = shortHashes(base.systemPrompt.sha256, head.systemPrompt.sha256, 8);
    add('systemPrompt', b ?? NONE, h ?? NONE);
  }
  if (describeJudge(base.judge) !== describeJudge(head.judge)) add('judge', describeJudge(base.judge), describeJudge(head.judge));
  return out;
}

/**
 * Model options compared canonically (key order never matters, nor does `{}` against no options).
 * Only the keys that differ are shown, sorted: "temperature: 0, seed: 7" → "temperature: 0.7, seed: (unset)".
 */
function optionDifferences(
  base: Record<string, unknown> | undefined,
  head: Record<string, unknown> | undefined,
): { base: string; head: string } | undefined {
  const b = base ?? {};
  const h = head ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(h)])].sort();
  const differing = keys.filter((k) => canonicalJson(b[k]) !== canonicalJson(h[k]));
  if (differing.length === 0) return undefined;
  const show = (o: Record<string, unknown>): string =>
    differing.map((k) => `${k}: ${Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined ? canonicalJson(o[k]) : '(unset)'}`).join(', ');
  return { base: show(b), head: show(h) };
}

function describeFormat(format: unknown): string {
  if (format === undefined || format === null || format === '') return NONE;
  if (typeof format === 'string') return format;
  return `JSON schema ${truncate(canonicalJson(format), 80)}`;
}

function describeJudge(judge: RunRecord['judge']): string {
  if (!judge) return NONE;
  return judge.embeddings ? `${judge.name} (embeddings ${judge.embeddings})` : judge.name;
}

function stripAlgorithm(digest: string | undefined): string | undefined {
  return digest ? digest.replace(/^sha256:/, '') : undefined;
}

/**
 * Shortened hashes for people, `length` characters unless the two would then look the same while
 * being different; then as long as it takes to tell them apart.
 */
function shortHashes(a: string | undefined, b: string | undefined, length: number): [string | undefined, string | undefined] {
  let n = length;
  if (a && b && a !== b) {
    while (a.slice(0, n) === b.slice(0, n) && n < Math.max(a.length, b.length)) n++;
  }
  return [a?.slice(0, n), b?.slice(0, n)];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export { canonicalJson };

/**
 * Whether two records' client ids name one client folder. A record keeps the folder as seen from
 * where it was run: `clients/acme-dental` (core/workspace/clientId.ts), `west/clients/acme-dental`
 * in a multi-root workspace, `acme-dental` from `upkeep run clients/acme-dental` before the CLI
 * and VS Code shared one rule; the longer ends with the shorter. Two clients' runs never meet here by chance (each client keeps its own runs/), so the
 * check guards against a mistake, not a near miss.
 */
export function sameClientFolder(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}
