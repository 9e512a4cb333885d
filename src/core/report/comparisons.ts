import * as path from 'path';
import { formatP } from '../analysis/mcnemar';
import { listComparisons, readComparison } from '../compare/comparisonStore';
import type { ComparisonRecord } from '../compare/types';
import { signed } from '../format/numbers';
import type { IndexedChangelogEntry } from '../history/types';
import { dateIn, shortDate } from './calendar';
import type { ReportComparison, UnreadableComparison } from './types';

/**
 * The comparisons saved in the month (`<client>/comparisons/*.json`, by their day on the
 * engineer's clock), for the retraining section: candidate against production, per set the wins,
 * losses, McNemar p and the interval, the decision with its rule, and whether the change log
 * shows it promoted. A record that does not read is never guessed at, nor silently left out: it
 * is listed as unreadable when its file name dates it in the month, or does not date it at all.
 */
export async function monthComparisons(input: { clientDir: string; month: string; timeZone?: string; changelog: readonly IndexedChangelogEntry[] }): Promise<{ read: ReportComparison[]; unreadable: UnreadableComparison[] }> {
  const read: ReportComparison[] = [];
  const unreadable: UnreadableComparison[] = [];
  for (const file of (await listComparisons(input.clientDir)).reverse()) {
    let record: ComparisonRecord;
    try {
      record = await readComparison(file);
    } catch (e) {
      const named = startOfName(path.basename(file));
      if (named === undefined || dateIn(named, input.timeZone).slice(0, 7) === input.month) {
        const message = (e as Error).message;
        unreadable.push({ file: path.relative(input.clientDir, file).split(path.sep).join('/'), reason: message.startsWith(`${file} `) ? message.slice(file.length + 1) : message });
      }
      continue;
    }
    const date = dateIn(record.createdAt, input.timeZone);
    if (date.slice(0, 7) !== input.month) continue;
    read.push(reportComparison(record, date, input.changelog));
  }
  return { read, unreadable };
}

/** The start time in a comparison file's name (`2026-10-12T10-00-00Z-acme-v2.json`, as core/runner/runId.ts makes it), if it has one. */
function startOfName(name: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z/.exec(name);
  const at = m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** "A candidate comparison could not be read, so it is not shown: comparisons/….json is not a readable comparison record: …" */
export function unreadableComparisonLine(u: UnreadableComparison): string {
  return `A candidate comparison could not be read, so it is not shown: ${u.file} ${u.reason}`;
}

function reportComparison(r: ComparisonRecord, date: string, changelog: readonly IndexedChangelogEntry[]): ReportComparison {
  const productionModels = [...new Set(r.sets.map((s) => s.production.model))];
  const modelChanged = !productionModels.includes(r.candidate.model);
  // Promote logs a retrain entry for a new model, a prompt entry for a new prompt (core/compare/promote.ts).
  const category = modelChanged ? 'retrain' : r.candidate.systemPromptFile ? 'prompt' : undefined;
  const entry = category && changelog.find((e) => e.category === category && e.date >= date && e.date.slice(0, 7) === date.slice(0, 7));
  return {
    id: r.id,
    date,
    status: r.status,
    production: productionModels.join(', '),
    candidate: r.candidate.model + (r.candidate.systemPromptFile ? ` with ${r.candidate.systemPromptFile}` : ''),
    decision: r.decision.outcome,
    rule: r.decision.rule,
    // Each set's own reasons carry the figures; the overall ones only repeat each set's outcome.
    reasons: r.sets.map((s) => `${s.evalSet.name}: ${s.decision.reasons.join(' ')}`),
    sets: r.sets.map((s) => ({
      name: s.evalSet.name,
      wins: s.counts.wins,
      losses: s.counts.losses,
      bothPass: s.counts.bothPass,
      bothFail: s.counts.bothFail,
      pValue: s.mcnemar.pValue,
      interval: { mean: s.interval.mean, low: s.interval.low, high: s.interval.high, level: s.interval.level },
      decision: s.decision.outcome,
    })),
    promoted: entry ? { date: entry.date, category: entry.category, title: entry.title } : undefined,
  };
}

/** "12 Aug: northwind-intake:v2 against northwind-intake:v1 (production): promote." */
export function comparisonHeadline(c: ReportComparison): string {
  return `${shortDate(c.date)}: ${c.candidate} against ${c.production} (production)${c.status === 'cancelled' ? ', cancelled midway' : ''}: ${c.decision}.`;
}

/** Whether it went into production, by the change log. */
export function promotionLine(c: ReportComparison): string {
  if (c.promoted) return `Promoted: the change log's ${c.promoted.category} entry of ${shortDate(c.promoted.date)}, “${c.promoted.title}”.`;
  return c.decision === 'promote' ? 'Not promoted this month: no entry in the change log says so.' : 'Not promoted.';
}

export const COMPARISON_HEAD = ['eval set', 'wins', 'losses', 'both pass', 'both fail', 'McNemar', 'score difference (95% interval)', 'decision'];

export function comparisonRows(c: ReportComparison): string[][] {
  return c.sets.map((s) => [s.name, String(s.wins), String(s.losses), String(s.bothPass), String(s.bothFail), formatP(s.pValue), `${signed(s.interval.mean, 3)} (${signed(s.interval.low, 3)} to ${signed(s.interval.high, 3)})`, s.decision]);
}
