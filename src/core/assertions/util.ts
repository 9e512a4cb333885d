import type { Assertion } from '../workspace/schemas';
import type { GradingResult } from './types';

/** A failure to evaluate (bad parameters, missing model, garbage from a judge): the registry turns it into an error result. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

const QUOTE_LIMIT = 120;

/** A short, escaped rendering of text for a reason: JSON-quoted, cut by code points (never inside an emoji). */
export function quote(text: string, limit = QUOTE_LIMIT): string {
  const points = Array.from(text);
  if (points.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(points.slice(0, limit).join(''))}… (${points.length - limit} more characters)`;
}

export function result(pass: boolean, reason: string, score: number = pass ? 1 : 0): GradingResult {
  return { pass, score, reason };
}

/** The text to compare with: the assertion's value, else the case's expected output. */
export function referenceText(assertion: Assertion, expected: string | undefined): { text: string; source: 'value' | 'expected' } {
  if (typeof assertion.value === 'string') return { text: assertion.value, source: 'value' };
  if (assertion.value !== undefined) throw new AssertionError(`'${assertion.type}' value must be text.`);
  if (expected !== undefined) return { text: expected, source: 'expected' };
  throw new AssertionError(`'${assertion.type}' needs a value, or an expected output on the case, to compare with.`);
}

/**
 * Case-insensitive form for icontains: canonical composition (NFC) and full Unicode case mapping
 * (upper then lower, so "ß" and "SS" meet, and Greek final sigma folds with sigma).
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').toUpperCase().toLowerCase();
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
