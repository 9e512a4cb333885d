/**
 * How a run's figures are worded wherever a run is summarised (the Clients tree, the end-of-run
 * message, the CLI, the dashboard, the results and comparison views) and how a threshold breach
 * is worded. The pass rate leads because it is what `thresholds.passRate` judges; the score
 * (which a wholly wrong answer can keep high through its latency and format checks) comes second,
 * labelled. Pure, without Node APIs: the webview bundles import it too.
 */

import { percent, plural, pointsChange, shownDifference } from '../format/numbers';

/** The counts a summary needs: a run record's summary, an indexed run or a chart point. */
export interface RunFigures {
  passRate: number;
  passed: number;
  total: number;
  score: number;
  errored?: number;
}

/**
 * "pass 85.7% (24/28) · score 0.95"; errored cases, when there are any, beside the counts, and
 * `passChange` (a trend arrow, "−3.6 pts vs previous") after the pass rate it is about.
 */
export function runFigures(r: RunFigures, passChange?: string): string {
  const errored = r.errored ? `, ${r.errored} errored` : '';
  return `pass ${percent(r.passRate)} (${r.passed}/${r.total}${errored})${passChange ? ` ${passChange}` : ''} · score ${r.score.toFixed(2)}`;
}

/**
 * What the end of a run says: "Front desk: pass 82.1% (23/28) −3.6 pts vs previous · score 0.82.
 * Breach: pass rate 82.1% < 90% threshold (−7.9 pts)"; a run that did not finish says how it ended.
 */
export function runOutcomeMessage(setName: string, r: RunFigures, o: { passChange?: string; status?: string; breaches?: readonly BreachFigures[] } = {}): string {
  const status = o.status && o.status !== 'complete' ? ` — ${o.status}` : '';
  const breaches = o.breaches?.length ? `. Breach: ${o.breaches.map(breachMessage).join('; ')}` : '';
  return `${setName}: ${runFigures(r, o.passChange)}${status}${breaches}`;
}

/** "−3.6 pts" between two pass rates as printed (85.7% → 82.1%); undefined when they print the same. */
export function passRateChange(from: number, to: number): string | undefined {
  return shownDifference(from, to, 3) === 0 ? undefined : pointsChange(from, to);
}

export type BreachMetric = 'passRate' | 'latencyP95Ms';

/** What a breach is made of; src/core/analysis/series.ts finds them. */
export interface BreachFigures {
  metric: BreachMetric;
  value: number;
  threshold: number;
}

/**
 * "pass rate 85.7% < 90% threshold (−4.3 pts)", "latency p95 4512 ms > 4000 ms threshold
 * (+512 ms)". The gap is the difference of the two figures as printed, and the value gets more
 * digits when it would otherwise print as the threshold, so the sentence never contradicts itself.
 */
export function breachMessage(b: BreachFigures): string {
  if (b.metric === 'passRate') {
    const [value, threshold, gap] = printedPair(b.value * 100, b.threshold * 100, 1);
    return `pass rate ${value}% < ${threshold}% threshold (${signedGap(gap)} pts)`;
  }
  const [value, threshold, gap] = printedPair(b.value, b.threshold, 0);
  return `latency p95 ${value} ms > ${threshold} ms threshold (${signedGap(gap)} ms)`;
}

/** "Front desk: pass rate 85.7% < 90% threshold (−4.3 pts)": a breach with the set it is of. */
export function breachLine(setName: string, b: BreachFigures): string {
  return `${setName}: ${breachMessage(b)}`;
}

/**
 * The value and threshold as printed with at least `digits` decimals (more where the threshold as
 * configured has them, and while the value would print as the threshold, up to three more), and
 * their printed difference.
 */
function printedPair(value: number, threshold: number, digits: number): [string, string, number] {
  let d = Math.min(digits + 3, Math.max(digits, decimals(threshold)));
  while (d < digits + 3 && value !== threshold && value.toFixed(d) === threshold.toFixed(d)) d++;
  const v = value.toFixed(d);
  const t = threshold.toFixed(d);
  return [trim(v), trim(t), Number((Number(v) - Number(t)).toFixed(d))];
}

/** 92.25 → 2: the decimals a number has as written (float noise past six digits ignored). */
function decimals(x: number): number {
  return trim(x.toFixed(6)).split('.')[1]?.length ?? 0;
}

function signedGap(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${trim(String(Math.abs(x)))}`;
}

/** "90.0" → "90", "85.70" → "85.7". */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A breach found by Run Every Client: which client, which set. */
export interface ClientBreach {
  client: string;
  set: string;
  breach: BreachFigures;
}

/**
 * The end of Run Every Client: "6 sets of 3 clients: 2 breaches. Acme Dental · Front desk: pass
 * rate 85.7% < 90% threshold (−4.3 pts); …" or "…: no breach", then the sets that did not run
 * and whether it was cancelled, so a short summary never hides that part of the book went unchecked.
 */
export function everyClientSummary(o: { sets: number; clients: number; breaches: readonly ClientBreach[]; notRun?: number; cancelled?: boolean }): string {
  const ran = `${plural(o.sets, 'set')} of ${plural(o.clients, 'client')}`;
  const found = o.breaches.length ? `${plural(o.breaches.length, 'breach', 'breaches')}. ${o.breaches.map((b) => `${b.client} · ${breachLine(b.set, b.breach)}`).join('; ')}` : 'no breach';
  const notRun = o.notRun ? `. ${plural(o.notRun, 'set')} did not run` : '';
  const cancelled = o.cancelled ? '. Cancelled before every set had run' : '';
  return `${ran}: ${found}${notRun}${cancelled}`;
}
