// The assertions engine: grade one output against its case's assertions, promptfoo-compatible.
export { ASSERTION_KINDS, ASSERTION_TYPES, BASE_ASSERTION_TYPES, eachAssertion, parseAssertionType } from './catalogue';
export type { AssertionKind, BaseAssertionType } from './catalogue';
export type { AssertionContext, AssertionHandler, AssertionResult, Embedder, GradingResult, Judge } from './types';
export { HANDLERS, evaluateAssertion, errorResult } from './registry';
export { assertionsForCase, hasUnevaluated, scoreCase, thresholdForCase } from './scoring';
export { JUDGE_ANSWER_SCHEMA, JudgeError, buildJudgeMessages, createEmbedder, createJudge, parseJudgeAnswer } from './judge';
export type { JudgeOptions } from './judge';
export { AssertionError } from './util';
export { DEFAULT_LEVENSHTEIN_THRESHOLD, levenshteinDistance } from './distance';
export { DEFAULT_SIMILARITY_THRESHOLD, cosineSimilarity } from './similarity';
export { countWords } from './text';
