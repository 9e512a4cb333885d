// llm-rubric: the judge grades the output against the rubric. Without `threshold` the judge's pass
// decides; with it, the judge must pass AND its score must reach the threshold (promptfoo's rule).
// No judge, a judge that throws or a judge whose grade is malformed: an error, never a pass.
import type { Assertion } from '../workspace/schemas';
import type { AssertionContext, GradingResult } from './types';
import { readValue } from './catalogue';
import { AssertionError, isFiniteNumber } from './util';

export async function llmRubric(assertion: Assertion, context: AssertionContext): Promise<GradingResult> {
  const rubric = readValue<string>(assertion);
  if (!context.judge) throw new AssertionError("'llm-rubric' needs a judge model: set judge in client.yaml.");
  const grade: unknown = await context.judge.grade({ rubric, output: context.output, input: context.input, signal: context.signal });
  const g = grade as Partial<GradingResult> | null;
  if (typeof g !== 'object' || g === null || typeof g.pass !== 'boolean' || !isFiniteNumber(g.score) || g.score < 0 || g.score > 1) {
    throw new AssertionError('The judge returned a malformed grade (needs pass: boolean, score: 0..1).');
  }
  const reason = typeof g.reason === 'string' && g.reason.trim() !== '' ? g.reason.trim() : g.pass ? 'The judge passed the output' : 'The judge failed the output';
  const threshold = assertion.threshold;
  if (threshold === undefined) return { pass: g.pass, score: g.score, reason };
  const reaches = g.score >= threshold;
  const pass = g.pass && reaches;
  return { pass, score: g.score, reason: `${reason} (score ${g.score} ${reaches ? 'reaches' : 'is below'} threshold ${threshold}${g.pass ? '' : '; the judge did not pass it'})` };
}
