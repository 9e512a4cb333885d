import type { MonthHours } from '../analysis/hours';
import type { Thresholds } from '../analysis/series';
import type { IndexedChangelogEntry } from '../history/types';
import type { ChangelogCategory } from '../workspace/changelog';
import { shortDate } from './calendar';
import { figure, type DatedRun } from './dated';
import type { Anomaly, FixItem, Narrative, NarrativeItem, ReportHealth, RetrainingRecommendation, SetReport } from './types';

/** Change-log entries that changed something the client can see: the "what we fixed" list. */
export const FIX_CATEGORIES: readonly ChangelogCategory[] = ['incident', 'prompt', 'retrain', 'infra'];

/**
 * What improved, what degraded, what was fixed and what comes next, in plain words. Cases are
 * compared by id between the last complete run before the month and the month's last; a fix is
 * shown with each set's last run before its date and first run on or after it (dates are days,
 * so a run on the day of the entry counts as after it), within the month's runs.
 */
export function narrative(input: {
  month: string;
  sets: readonly SetReport[];
  changelog: readonly IndexedChangelogEntry[];
  comparableBySet: ReadonlyMap<string, readonly DatedRun[]>;
  noRuns: boolean;
  health: ReportHealth;
  retraining: RetrainingRecommendation;
  anomalies: readonly Anomaly[];
  hours: MonthHours;
  inWorkspace: ReadonlySet<string>;
  thresholds?: Thresholds;
}): Narrative {
  const improved: NarrativeItem[] = [];
  const degraded: NarrativeItem[] = [];
  for (const s of input.sets) {
    if (!s.last || !s.previous) continue;
    const since = `since ${shortDate(s.previous.date)}`;
    if (s.fixedCases.length) improved.push({ evalSetName: s.name, caseIds: s.fixedCases, text: `${s.name}: ${list(s.fixedCases)} ${s.fixedCases.length === 1 ? 'passes' : 'pass'} again (failed on ${shortDate(s.previous.date)}).` });
    if (s.regressedCases.length) degraded.push({ evalSetName: s.name, caseIds: s.regressedCases, text: `${s.name}: ${list(s.regressedCases)} no longer ${s.regressedCases.length === 1 ? 'passes' : 'pass'} (passed on ${shortDate(s.previous.date)}).` });
    if (s.drift.status === 'improving') improved.push({ evalSetName: s.name, text: `${s.name}: quality is improving ${since} (drift test).` });
    if (s.drift.status === 'declining') degraded.push({ evalSetName: s.name, text: `${s.name}: quality is declining (drift test).` });
    const p95Limit = input.thresholds?.latencyP95Ms;
    const lastP95 = s.last.latencyP95Ms;
    const prevP95 = s.previous.latencyP95Ms;
    if (p95Limit !== undefined && lastP95 !== undefined && lastP95 > p95Limit && (prevP95 === undefined || prevP95 <= p95Limit)) {
      degraded.push({ evalSetName: s.name, text: `${s.name}: answers got slower, p95 latency ${Math.round(lastP95)} ms, past the ${p95Limit} ms threshold.` });
    }
  }

  const fixed: FixItem[] = input.changelog
    .filter((e) => e.date.startsWith(`${input.month}-`) && FIX_CATEGORIES.includes(e.category))
    .map((e) => ({
      date: e.date,
      category: e.category,
      title: e.title,
      hours: e.hours,
      file: e.file,
      line: e.line,
      sets: input.sets.flatMap((s) => {
        const runs = (input.comparableBySet.get(s.evalSetId) ?? []).filter((d) => d.date.startsWith(`${input.month}-`) || d.date < e.date);
        const before = runs.filter((d) => d.date < e.date).pop();
        const after = runs.find((d) => d.date >= e.date);
        if (!before && !after) return [];
        return [{ evalSetName: s.name, ...(before ? { before: figure(before) } : {}), ...(after ? { after: figure(after) } : {}) }];
      }),
    }));

  return { improved, degraded, fixed, next: recommendations(input) };
}

function recommendations(input: Parameters<typeof narrative>[0]): string[] {
  const next: string[] = [];
  if (input.noRuns) next.push('Run every eval set: none was run this month, so this report has no quality figures.');
  for (const s of input.sets) {
    if (!s.last && !input.noRuns && input.inWorkspace.has(s.evalSetId)) next.push(`Run ${s.name}: it was not run this month.`);
    if (s.last && input.health.status === 'breach' && input.health.reasons.some((r) => r.startsWith(`${s.name}:`) && r.includes('last run of the month'))) {
      next.push(`Bring ${s.name} back within its thresholds: its last run of the month breached them.`);
    }
    if (s.drift.status === 'declining') next.push(`Compare ${s.name}'s latest run with its baseline to find the cases that slipped.`);
  }
  if (input.retraining.recommended) next.push(`Plan a retrain: ${input.retraining.reasons.join(' ')}`);
  for (const a of input.anomalies) if (a.kind === 'unlogged-model-change') next.push(`Find out why the model's weights changed on ${shortDate(a.date)} and log it in the change log.`);
  const h = input.hours;
  if (h.overage) next.push(`Invoice the ${h.overage} h over the ${h.included} h included${h.overageValue !== undefined ? ` (${h.currency ? `${h.currency} ` : ''}${h.overageValue})` : ''}.`);
  return next;
}

function list(ids: readonly string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}
