import { exactMcNemarP, formatP } from '../analysis/mcnemar';
import type { BootstrapInterval } from '../analysis/bootstrap';
import { plural, signed } from '../format/numbers';
import type { Decision, DecisionOutcome, ThresholdCheck } from './types';

export const DEFAULT_MARGIN = 0.02;
export const ALPHA = 0.05;
const Z_95 = 1.959964;

export interface DecisionInputs {
  wins: number;
  losses: number;
  pValue: number;
  interval: BootstrapInterval;
  /** Per-case score differences (candidate − production), for the "more cases" estimate. */
  differences: readonly number[];
  thresholds: readonly ThresholdCheck[];
  margin: number;
}

export function decisionRule(margin: number): string {
  const m = margin.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return (
    `Promote when the candidate meets every threshold production meets and the lower bound of the 95% interval of the score difference is above −${m}; ` +
    `reject when it is significantly worse (exact McNemar p < ${ALPHA} with more losses than wins) or breaches a threshold production meets; otherwise inconclusive.`
  );
}

/** The decision for one eval set, with the rule stated and the reasons for the outcome. */
export function decide(d: DecisionInputs): Decision {
  const rule = decisionRule(d.margin);
  const breached = d.thresholds.filter((t) => t.productionMeets && !t.candidateMeets);
  const significantlyWorse = d.pValue < ALPHA && d.losses > d.wins;
  const reasons: string[] = [];
  if (breached.length || significantlyWorse) {
    for (const t of breached) reasons.push(`The candidate breaches the ${t.metric === 'passRate' ? 'pass-rate' : 'latency p95'} threshold that production meets.`);
    if (significantlyWorse) reasons.push(`${plural(d.losses, 'loss', 'losses')} against ${plural(d.wins, 'win')}: ${formatP(d.pValue)}, significantly worse.`);
    return { outcome: 'reject', rule, reasons };
  }
  const lowText = signed(d.interval.low, 3);
  if (d.interval.pairs > 0 && d.interval.low > -d.margin) {
    reasons.push(`The 95% interval of the score difference is ${signed(d.interval.low, 3)} to ${signed(d.interval.high, 3)}; its lower bound is above −${d.margin}.`);
    reasons.push('The candidate meets every threshold production meets.');
    return { outcome: 'promote', rule, reasons };
  }
  reasons.push(
    d.interval.pairs === 0
      ? 'No case finished on both sides.'
      : `The 95% interval of the score difference reaches ${lowText}, below −${d.margin}, and the candidate is not significantly worse (${formatP(d.pValue)}).`,
  );
  const moreCases = moreCasesToSettle(d);
  reasons.push(moreCases === undefined ? 'More cases at this rate would not settle it: the two are too alike to tell apart.' : `About ${moreCases} more cases would likely settle it.`);
  return { outcome: 'inconclusive', rule, reasons, ...(moreCases !== undefined ? { moreCases } : {}) };
}

/**
 * About how many more cases, if they behaved like these, would move the decision off
 * inconclusive: either the interval's lower bound rising above −margin (its half-width shrinks as
 * 1/√n, so n = (z · sd / (mean + margin))²), or McNemar's test reaching p < α on losses and wins
 * in their present proportion. The smaller of the two that can happen; undefined when neither can.
 */
export function moreCasesToSettle(d: Pick<DecisionInputs, 'wins' | 'losses' | 'differences' | 'margin'>): number | undefined {
  const n = d.differences.length;
  if (n < 2) return undefined;
  const mean = d.differences.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.differences.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const totals: number[] = [];
  if (sd > 0 && mean + d.margin > 0) totals.push(Math.ceil(((Z_95 * sd) / (mean + d.margin)) ** 2));
  if (d.losses > d.wins) {
    for (let scale = 1.05; scale <= 100; scale *= 1.05) {
      if (exactMcNemarP(Math.round(d.losses * scale), Math.round(d.wins * scale)) < ALPHA) {
        totals.push(Math.ceil(n * scale));
        break;
      }
    }
  }
  const more = totals.filter((t) => t > n).map((t) => t - n);
  return more.length ? Math.min(...more) : undefined;
}

/** Over all sets: reject when any rejects, promote when every one promotes, else inconclusive. */
export function overallDecision(decisions: readonly { name: string; decision: Decision }[], margin: number): Decision {
  const rule = `Over the eval sets: reject when any set rejects, promote when every set promotes, else inconclusive. Per set: ${decisionRule(margin)}`;
  const by = (o: DecisionOutcome) => decisions.filter((d) => d.decision.outcome === o).map((d) => d.name);
  const rejected = by('reject');
  if (rejected.length) return { outcome: 'reject', rule, reasons: rejected.map((n) => `${n}: reject.`) };
  if (decisions.length && by('promote').length === decisions.length) return { outcome: 'promote', rule, reasons: decisions.map((d) => `${d.name}: promote.`) };
  const open = decisions.filter((d) => d.decision.outcome === 'inconclusive');
  const more = open.map((d) => d.decision.moreCases).filter((m): m is number => m !== undefined);
  return {
    outcome: 'inconclusive',
    rule,
    reasons: decisions.length ? open.map((d) => `${d.name}: inconclusive${d.decision.moreCases ? ` (about ${d.decision.moreCases} more cases)` : ''}.`) : ['No eval set was compared.'],
    ...(more.length === open.length && more.length ? { moreCases: Math.max(...more) } : {}),
  };
}
