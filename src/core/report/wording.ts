import type { MonthHours } from '../analysis/hours';
import { shortDate } from './calendar';
import type { FixItem, HealthStatus, MonthlyReport, RetrainingRecommendation, RunFigure, SetReport } from './types';

/**
 * The sentences and figures every rendering shows, worded once: the Markdown, the HTML and the
 * PDF differ in layout only. Plain words for a business owner; percentages whole unless a
 * decimal is needed to tell two apart.
 */

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** "14/16 (88%)". */
export function passFigure(f: Pick<RunFigure, 'passed' | 'total' | 'passRate'>): string {
  return `${f.passed}/${f.total} (${pct(f.passRate)})`;
}

/** "+7", "−3", "±0" in pass-rate points (signs the embedded PDF font has, unlike ▲ ▼). */
export function moveText(move: SetReport['move']): string {
  if (!move) return '';
  const pts = Math.round(move.passRate * 100);
  return pts > 0 ? `+${pts}` : pts < 0 ? `−${-pts}` : '±0';
}

export const HEALTH_LABEL: Record<HealthStatus, string> = { healthy: 'Healthy', attention: 'Attention', breach: 'Breach' };

export function title(r: Pick<MonthlyReport, 'client' | 'monthLabel'>): string {
  return `${r.client.name} · AI assistant report · ${r.monthLabel}`;
}

/** "Front desk 100% (▲7)" for each set with a run this month. */
export function qualityLine(r: MonthlyReport): string {
  const parts = r.sets.filter((s) => s.last).map((s) => `${s.name} ${pct(s.last!.passRate)}${s.move ? ` (${moveText(s.move)})` : ''}`);
  return parts.length ? parts.join(' · ') : 'no eval run this month';
}

export function retrainingHeadline(rec: RetrainingRecommendation): string {
  return rec.recommended ? `Retraining: recommended (${rec.reasons.join(' ')})` : `Retraining: not needed yet (${rec.checks.map((c) => c.detail).join(' ')})`;
}

/** One check of the retraining rule: "Checked — No set is declining." or "Triggered — Safety: …". */
export function retrainingCheckLine(c: RetrainingRecommendation['checks'][number]): string {
  return `${c.triggered ? 'Triggered' : 'Checked'} — ${c.detail}`;
}

function money(h: MonthHours): string {
  return `${h.currency ? `${h.currency} ` : ''}${h.overageValue!.toLocaleString('en', { minimumFractionDigits: h.overageValue! % 1 ? 2 : 0, maximumFractionDigits: 2 })}`;
}

/** "4.25 h of 2 included · 2.25 h over · AUD 405 to be invoiced"; "not known: no change log was read". */
export function hoursLine(h: MonthHours): string {
  if (h.unread) return `not known: ${h.unread}`;
  if (h.included === undefined) return `${h.total} h logged (no retainer in client.yaml)`;
  const over = h.overage ? ` · ${h.overage} h over${h.overageValue !== undefined ? ` · ${money(h)} to be invoiced` : ''}` : ` · ${h.remaining} h left`;
  return `${h.total} h of ${h.included} included${over}`;
}

/** "Earlier months: 2026-09 3.5 h · 2026-10 not known." (the months before the first entry), or nothing. */
export function earlierMonthsLine(previous: readonly MonthHours[]): string | undefined {
  if (!previous.length) return undefined;
  return `Earlier months: ${previous.map((p) => `${p.month} ${p.unread ? 'not known' : `${p.total} h`}`).join(' · ')}.`;
}

/** "8 Oct prompt: Fix: … — Safety from 14/16 (88%) on 5 Oct to 16/16 (100%) on 8 Oct". */
export function fixLine(f: FixItem): string {
  const sets = f.sets.map((s) => fixSetCells(s).join(' '));
  return `${fixHeading(f)}${sets.length ? ` — ${sets.join('; ')}` : ''}`;
}

/** "8 Oct prompt: Fix: …". */
export function fixHeading(f: FixItem): string {
  return `${shortDate(f.date)} ${f.category}: ${f.title}`;
}

/** A fix's set, before and after, as the PDF's table has them: ["Safety", "from 14/16 (88%) on 5 Oct", "to 16/16 (100%) on 8 Oct"]. */
export function fixSetCells(s: FixItem['sets'][number]): [string, string, string] {
  return [s.evalSetName, s.before ? `from ${passFigure(s.before)} on ${shortDate(s.before.date)}` : 'not run before', `to ${s.after ? `${passFigure(s.after)} on ${shortDate(s.after.date)}` : 'not run since (this month)'}`];
}

export function latencyText(f: RunFigure | undefined): string {
  if (!f || f.latencyP50Ms === undefined || f.latencyP95Ms === undefined) return '–';
  return `${(f.latencyP50Ms / 1000).toFixed(1)} s / ${(f.latencyP95Ms / 1000).toFixed(1)} s`;
}

export function driftLabel(s: SetReport): string {
  return s.drift.status === 'insufficient-data' ? 'not enough runs yet' : s.drift.status;
}

export const NOTHING = 'nothing this month';

export function runCell(f: SetReport['first']): string {
  return f ? `${passFigure(f)}, score ${f.score.toFixed(2)}, ${shortDate(f.date)}` : 'not run';
}

export function vsLastMonth(s: SetReport): string {
  if (!s.previous) return 'no earlier run';
  if (!s.move) return `last run ${shortDate(s.previous.date)}: ${pct(s.previous.passRate)}`;
  return `${moveText(s.move)} pts (from ${pct(s.previous.passRate)} on ${shortDate(s.previous.date)})`;
}

/** The runs the report quotes, once each: every figure traces to a run record. */
export function appendixRows(r: MonthlyReport): string[][] {
  const rows: string[][] = [];
  for (const s of r.sets) {
    const seen = new Set<string>();
    for (const f of [s.previous, s.first, s.last]) {
      if (!f || seen.has(f.runId)) continue;
      seen.add(f.runId);
      rows.push([s.name, f.runId, f.date, passFigure(f), f.score.toFixed(2)]);
    }
  }
  return rows;
}
