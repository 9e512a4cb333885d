import type { AssertionContext, AssertionResult, Embedder, GradingResult, Judge } from '../../../src/core/assertions';
import { evaluateAssertion } from '../../../src/core/assertions';
import type { Completion, CompletionRequest, Provider } from '../../../src/core/providers/types';
import type { Assertion } from '../../../src/core/workspace/schemas';

export function ctx(output: string, extra: Partial<AssertionContext> = {}): AssertionContext {
  return { output, input: 'When is a refund possible?', ...extra };
}

export function run(assertion: Assertion, output: string, extra: Partial<AssertionContext> = {}): Promise<AssertionResult> {
  return evaluateAssertion(assertion, ctx(output, extra));
}

/** An embedder that looks vectors up in a table (unknown text: [0, 0, 1]) and records what it was asked. */
export function tableEmbedder(table: Record<string, number[]>): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => table[t] ?? [0, 0, 1]);
    },
  };
}

export function fixedJudge(grade: GradingResult | (() => Promise<GradingResult>)): Judge & { requests: { rubric: string; output: string; input: string }[] } {
  const requests: { rubric: string; output: string; input: string }[] = [];
  return {
    requests,
    async grade(request) {
      requests.push({ rubric: request.rubric, output: request.output, input: request.input });
      return typeof grade === 'function' ? grade() : grade;
    },
  };
}

/** A Provider whose complete() answers with the given text (or throws), recording each request. */
export function fakeProvider(answer: string | (() => string), extra: Partial<Completion> = {}): Provider & { requests: CompletionRequest[]; embedCalls: { texts: string[]; model: string }[] } {
  const requests: CompletionRequest[] = [];
  const embedCalls: { texts: string[]; model: string }[] = [];
  return {
    kind: 'ollama',
    host: 'http://127.0.0.1:11434',
    model: 'judge:test',
    requests,
    embedCalls,
    async complete(request) {
      requests.push(request);
      const output = typeof answer === 'function' ? answer() : answer;
      return { output, latencyMs: 12, tokens: {}, ...extra };
    },
    async embed(texts, model) {
      embedCalls.push({ texts, model });
      return texts.map((_, i) => [1, i]);
    },
    async describeModel() {
      return { name: 'judge:test' };
    },
    async health() {
      return { ok: true, host: 'http://127.0.0.1:11434' };
    },
  };
}
