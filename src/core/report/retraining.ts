import { addMonths } from '../analysis/hours';
import { breaches, type Thresholds } from '../analysis/series';
import type { IndexedChangelogEntry } from '../history/types';
import { shortDate } from './calendar';
import type { DatedRun } from './dated';
import type { RetrainingRecommendation, SetReport } from './types';

export const RETRAINING_RULE =
  "Retraining is recommended when a set's last two complete runs both fall below the pass-rate threshold, " +
  "when a set's quality is declining (drift test), or when retrain.everyMonths months (client.yaml) have passed since the last retrain in the change log.";

/** Yes or no, with the reasons and every check made, as of the end of the month. */
export function retrainingRecommendation(input: {
  month: string;
  sets: readonly SetReport[];
  /** Per set its complete runs up to the end of the month, oldest first. */
  comparableBySet: ReadonlyMap<string, readonly DatedRun[]>;
  thresholds?: Thresholds;
  /** Entries up to the end of the month, oldest first. */
  changelog: readonly IndexedChangelogEntry[];
  everyMonths?: number;
  /** The day of the client's first run, when it has one. */
  firstDate?: string;
}): RetrainingRecommendation {
  const checks: RetrainingRecommendation['checks'] = [];

  const passRate = input.thresholds?.passRate;
  if (passRate === undefined) {
    checks.push({ kind: 'pass-rate', triggered: false, detail: 'No pass-rate threshold in client.yaml, so the last two runs were not checked against one.' });
  } else {
    const below = input.sets.filter((s) => {
      const lastTwo = (input.comparableBySet.get(s.evalSetId) ?? []).slice(-2);
      return lastTwo.length === 2 && lastTwo.every((d) => breaches(d.run, { passRate }).length > 0);
    });
    checks.push(
      below.length
        ? { kind: 'pass-rate', triggered: true, detail: `${below.map((s) => s.name).join(', ')}: the last two complete runs are both below the ${pct(passRate)} pass-rate threshold.` }
        : { kind: 'pass-rate', triggered: false, detail: `No set has its last two complete runs both below the ${pct(passRate)} pass-rate threshold.` },
    );
  }

  const declining = input.sets.filter((s) => s.drift.status === 'declining');
  checks.push(
    declining.length
      ? { kind: 'drift', triggered: true, detail: `${declining.map((s) => s.name).join(', ')}: quality is declining (drift test).` }
      : { kind: 'drift', triggered: false, detail: 'No set is declining.' },
  );

  checks.push(scheduleCheck(input));
  const reasons = checks.filter((c) => c.triggered).map((c) => c.detail);
  return { recommended: reasons.length > 0, reasons, checks, rule: RETRAINING_RULE };
}

function scheduleCheck(input: { month: string; changelog: readonly IndexedChangelogEntry[]; everyMonths?: number; firstDate?: string }): RetrainingRecommendation['checks'][number] {
  const lastRetrain = input.changelog.filter((e) => e.category === 'retrain').pop();
  const every = input.everyMonths;
  if (every === undefined) {
    const since = lastRetrain ? `the last retrain was ${monthsBetween(lastRetrain.date, input.month)} months ago (${shortDate(lastRetrain.date)} ${lastRetrain.date.slice(0, 4)})` : 'no retrain is logged';
    return { kind: 'schedule', triggered: false, detail: `No retrain.everyMonths in client.yaml; ${since}.` };
  }
  const from = lastRetrain?.date ?? [input.firstDate, input.changelog[0]?.date].filter((d): d is string => d !== undefined).sort()[0];
  if (from === undefined) return { kind: 'schedule', triggered: false, detail: `Retrain every ${every} months; no retrain, run or entry is on record yet.` };
  const months = monthsBetween(from, input.month);
  const what = lastRetrain ? `the last retrain (${lastRetrain.date})` : `the first record (${from}; no retrain is logged)`;
  return months >= every
    ? { kind: 'schedule', triggered: true, detail: `${months} months since ${what}; the schedule is every ${every}.` }
    : { kind: 'schedule', triggered: false, detail: `${months} months since ${what}; the schedule is every ${every}.` };
}

/** Whole calendar months from a date's month to `month` (same month: 0). */
function monthsBetween(date: string, month: string): number {
  let n = 0;
  while (addMonths(date.slice(0, 7), n) < month) n++;
  return n;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
