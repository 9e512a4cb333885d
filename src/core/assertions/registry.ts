// One handler per base type (the names of catalogue.ts), and evaluateAssertion, which applies
// `not-`, weight and metric, and turns anything a handler throws into a failing error result.
import type { Assertion } from '../workspace/schemas';
import { ASSERTION_KINDS, parseAssertionType, type BaseAssertionType } from './catalogue';
import { levenshtein } from './distance';
import { isJson, jsonSchema } from './json';
import { latency } from './latency';
import { llmRubric } from './modelGraded';
import { similar } from './similarity';
import { contains, containsAll, containsAny, equals, icontains, regex, startsWith, wordCount } from './text';
import type { AssertionContext, AssertionHandler, AssertionResult, GradingResult } from './types';
import { clamp01, isFiniteNumber } from './util';

export const HANDLERS: Readonly<Record<BaseAssertionType, AssertionHandler>> = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'starts-with': startsWith,
  regex,
  'is-json': isJson,
  'json-schema': jsonSchema,
  levenshtein,
  'word-count': wordCount,
  latency,
  similar,
  'llm-rubric': llmRubric,
};

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
  if (!parsed) {
    const known = assertion.type.startsWith('not-') && (ASSERTION_KINDS as Record<string, unknown>)[assertion.type.slice(4)] !== undefined;
    return errorResult(assertion, known ? `'${assertion.type.slice(4)}' is model-graded and cannot be negated with not-.` : `Unknown assertion type '${assertion.type}'.`);
  }
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
