// similar: cosine similarity between the embeddings of the value (or the case's expected) and of
// the output, at least `threshold` (default 0.75, promptfoo's). No embedding model, or vectors
// that cannot be compared, is an error, never a pass.
import type { Assertion } from '../workspace/schemas';
import type { AssertionContext, GradingResult } from './types';
import { AssertionError, clamp01, isFiniteNumber, referenceText, result } from './util';

export const DEFAULT_SIMILARITY_THRESHOLD = 0.75;

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) throw new AssertionError(`Embeddings cannot be compared: lengths ${a.length} and ${b.length}.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!isFiniteNumber(x) || !isFiniteNumber(y)) throw new AssertionError('The embedding model returned a vector with a value that is not a number.');
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) throw new AssertionError('The embedding model returned an all-zero vector; similarity is undefined.');
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}

export async function similar(assertion: Assertion, context: AssertionContext): Promise<GradingResult> {
  const reference = referenceText(assertion, context.expected);
  const threshold = assertion.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  if (!context.embedder) throw new AssertionError("'similar' needs an embedding model: set judge.embeddings in client.yaml.");
  if (context.output.trim() === '') return result(false, 'Output is empty: nothing to compare', 0);
  const vectors: unknown = await context.embedder.embed([reference.text, context.output], context.signal);
  if (!Array.isArray(vectors) || vectors.length !== 2 || !vectors.every((v) => Array.isArray(v))) {
    throw new AssertionError(`The embedding model returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for 2 texts.`);
  }
  const similarity = cosineSimilarity(vectors[0] as number[], vectors[1] as number[]);
  const pass = similarity >= threshold - Number.EPSILON;
  const against = reference.source === 'expected' ? 'the expected output' : 'the value';
  return result(pass, `Similarity to ${against} is ${similarity.toFixed(3)}, ${pass ? 'at least' : 'below'} threshold ${threshold}`, clamp01(similarity));
}
