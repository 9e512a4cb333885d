// Text-overlap scores: bleu, gleu and rouge-n, computed as promptfoo computes them (lower-cased
// words split on whitespace; n-grams of 1 to 4 words for BLEU and GLEU, of 1 word for ROUGE-N).
// Each scores 0..1 and passes at threshold (BLEU and GLEU 0.5, ROUGE-N 0.75, promptfoo's defaults).
// Without a value they compare with the case's expected output, as levenshtein and similar do.
import type { Assertion } from '../workspace/schemas';
import { readValue } from './catalogue';
import type { AssertionContext, GradingResult } from './types';
import { AssertionError, result } from './util';

function words(text: string): string[] {
  const trimmed = text.toLowerCase().trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/u);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join('\u0000');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** How many n-grams of `candidate` also occur in `reference`, each counted at most as often as there. */
function clippedMatches(candidate: Map<string, number>, reference: Map<string, number>): number {
  let matches = 0;
  for (const [gram, count] of candidate) matches += Math.min(count, reference.get(gram) ?? 0);
  return matches;
}

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * BLEU (Papineni et al., 2002): the geometric mean of clipped 1- to 4-gram precisions against the
 * best reference for each n, times a brevity penalty from the reference closest in length. A zero
 * precision is smoothed to 1e-7, so a short answer with no 4-gram match scores near 0, not NaN.
 */
export function bleuScore(candidate: string, references: readonly string[]): number {
  const cand = words(candidate);
  const refs = references.map(words).filter((r) => r.length > 0);
  if (cand.length === 0 || refs.length === 0) return 0;
  const closest = refs.reduce((best, r) => (Math.abs(r.length - cand.length) < Math.abs(best - cand.length) ? r.length : best), refs[0].length);
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const grams = ngramCounts(cand, n);
    const count = total(grams);
    const best = Math.max(...refs.map((r) => clippedMatches(grams, ngramCounts(r, n))));
    const precision = count > 0 ? best / count : 0;
    logSum += 0.25 * Math.log(precision === 0 ? 1e-7 : precision);
  }
  const brevity = cand.length > closest ? 1 : Math.exp(1 - closest / cand.length);
  return brevity * Math.exp(logSum);
}

/**
 * GLEU (Wu et al., 2016): over all 1- to 4-grams, the smaller of precision and recall, against
 * the best reference. Trailing full stops are dropped from words; identical texts score 1.
 */
export function gleuScore(candidate: string, references: readonly string[]): number {
  const clean = (t: string): string[] => words(t).map((w) => w.replace(/\.+$/, ''));
  const cand = clean(candidate);
  if (cand.length === 0) return 0;
  return Math.max(
    0,
    ...references.map((reference) => {
      const ref = clean(reference);
      if (ref.length === cand.length && ref.every((w, i) => w === cand[i])) return 1;
      let matches = 0;
      let candTotal = 0;
      let refTotal = 0;
      for (let n = 1; n <= 4; n++) {
        const grams = ngramCounts(cand, n);
        const refGrams = ngramCounts(ref, n);
        matches += clippedMatches(grams, refGrams);
        candTotal += total(grams);
        refTotal += total(refGrams);
      }
      return candTotal === 0 || refTotal === 0 ? 0 : Math.min(matches / candTotal, matches / refTotal);
    }),
  );
}

/** ROUGE-N with n = 1: the share of the reference's words (punctuation aside) that the output has, each clipped to its count there. */
export function rougeNScore(candidate: string, reference: string): number {
  const tokens = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  const ref = ngramCounts(tokens(reference), 1);
  const refTotal = total(ref);
  return refTotal === 0 ? 0 : clippedMatches(ref, ngramCounts(tokens(candidate), 1)) / refTotal;
}

function references(assertion: Assertion, expected: string | undefined): { texts: string[]; against: string } {
  const value = readValue<string[] | string | undefined>(assertion);
  if (value !== undefined) return { texts: Array.isArray(value) ? value : [value], against: 'the value' };
  if (expected !== undefined) return { texts: [expected], against: 'the expected output' };
  throw new AssertionError(`'${assertion.type}' needs a value, or an expected output on the case, to compare with.`);
}

function grade(name: string, score: number, threshold: number, against: string): GradingResult {
  const pass = score >= threshold - 1e-12;
  return result(pass, `${name} score against ${against} is ${score.toFixed(4)}, ${pass ? 'at least' : 'below'} threshold ${threshold}`, score);
}

export function bleu(assertion: Assertion, { output, expected }: AssertionContext): GradingResult {
  const refs = references(assertion, expected);
  return grade('BLEU', bleuScore(output, refs.texts), assertion.threshold ?? 0.5, refs.against);
}

export function gleu(assertion: Assertion, { output, expected }: AssertionContext): GradingResult {
  const refs = references(assertion, expected);
  return grade('GLEU', gleuScore(output, refs.texts), assertion.threshold ?? 0.5, refs.against);
}

export function rougeN(assertion: Assertion, { output, expected }: AssertionContext): GradingResult {
  const refs = references(assertion, expected);
  return grade('ROUGE-N', rougeNScore(output, refs.texts[0]), assertion.threshold ?? 0.75, refs.against);
}
