// One handler per base type (the names of catalogue.ts), and evaluateAssertion, which applies
// `not-`, weight and metric, and turns anything a handler throws into a failing error result.
import type { Assertion } from '../workspace/schemas';
import { parseAssertionType, unknownTypeMessage, type BaseAssertionType } from './catalogue';
import { levenshtein } from './distance';
import { containsJson, isJson, jsonSchema } from './json';
import { containsHtml, containsXml, isHtml, isXml } from './markup';
import { llmRubric } from './modelGraded';
import { bleu, gleu, rougeN } from './overlap';
import { isRefusal } from './refusal';
import { cost, finishReason, latency } from './response';
import { scoreCase } from './scoring';
import { similar } from './similarity';
import { containsSql, isSql } from './sql';
import { characterCount, contains, containsAll, containsAny, equals, icontains, icontainsAll, icontainsAny, regex, startsWith, wordCount } from './text';
import type { AssertionContext, AssertionHandler, AssertionResult, GradingResult } from './types';
import { AssertionError, clamp01, isFiniteNumber } from './util';

/** The type name → handler registry, promptfoo's pattern: one module per family, every handler returning a GradingResult. */
export const HANDLERS: Readonly<Record<BaseAssertionType, AssertionHandler>> = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'icontains-any': icontainsAny,
  'icontains-all': icontainsAll,
  'starts-with': startsWith,
  regex,
  'word-count': wordCount,
  'character-count': characterCount,
  'is-json': isJson,
  'json-schema': jsonSchema,
  'contains-json': containsJson,
  'is-xml': isXml,
  'contains-xml': containsXml,
  'is-html': isHtml,
  'contains-html': containsHtml,
  'is-sql': isSql,
  'contains-sql': containsSql,
  'is-refusal': isRefusal,
  levenshtein,
  bleu,
  gleu,
  'rouge-n': rougeN,
  latency,
  'finish-reason': finishReason,
  cost,
  similar,
  'llm-rubric': llmRubric,
  'assert-set': assertSet,
};

/**
 * assert-set, as promptfoo's: the nested assertions are scored as a case's are (weighted mean;
 * every one passes, or with the set's threshold, the score reaches it), and the set counts as one
 * assertion with its own weight. A nested assertion that could not be evaluated makes the set an error.
 */
async function assertSet(assertion: Assertion, context: AssertionContext): Promise<GradingResult> {
  const nested = assertion.assert ?? [];
  if (nested.length === 0) throw new AssertionError("'assert-set' needs assert: a list of the assertions it groups.");
  const results = await Promise.all(nested.map((a) => evaluateAssertion(a, context)));
  const unevaluated = results.find((r) => r.weight > 0 && r.error !== undefined);
  if (unevaluated) throw new AssertionError(`nested ${unevaluated.type}: ${unevaluated.error}`);
  const { score, pass } = scoreCase(results, assertion.threshold);
  const passed = results.filter((r) => r.pass).length;
  const rule = assertion.threshold !== undefined ? `score ${score.toFixed(2)} ${pass ? 'reaches' : 'is below'} threshold ${assertion.threshold}` : pass ? 'all pass' : 'not all pass';
  const failing = results.filter((r) => !r.pass && r.weight > 0).map((r) => `${r.type}: ${r.reason}`);
  return { pass, score, reason: `${passed} of ${results.length} nested assertions passed (${rule})${failing.length ? `; ${failing.join('; ')}` : ''}` };
}

function base(assertion: Assertion): Pick<AssertionResult, 'type' | 'weight' | 'metric'> {
  const weight = assertion.weight ?? 1;
  return { type: assertion.type, weight: isFiniteNumber(weight) && weight >= 0 ? weight : 1, ...(assertion.metric !== undefined ? { metric: assertion.metric } : {}) };
}

export function errorResult(assertion: Assertion, message: string): AssertionResult {
  return { ...base(assertion), pass: false, score: 0, reason: `Could not evaluate ${assertion.type}: ${message}`, error: message };
}

/** Grades one assertion. Never throws, whatever the model said: a failure to evaluate is a failing result with `error`. */
export async function evaluateAssertion(assertion: Assertion, context: AssertionContext): Promise<AssertionResult> {
  const parsed = parseAssertionType(assertion.type);
  if (!parsed) return errorResult(assertion, unknownTypeMessage(assertion.type));
  let graded: GradingResult;
  try {
    graded = await HANDLERS[parsed.base](assertion, context);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return errorResult(assertion, message || 'unknown error');
  }
  if (!graded || typeof graded.pass !== 'boolean' || !isFiniteNumber(graded.score)) {
    return errorResult(assertion, 'the handler returned no valid grade.');
  }
  const score = clamp01(graded.score);
  const reason = typeof graded.reason === 'string' ? graded.reason : '';
  if (!parsed.negated) return { ...base(assertion), pass: graded.pass, score, reason };
  return { ...base(assertion), pass: !graded.pass, score: 1 - score, reason: `Negated (${assertion.type}): ${reason}` };
}
