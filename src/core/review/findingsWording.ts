import { monthName } from '../format/dates';
import { percent } from '../format/numbers';
import type { ReviewFindings } from './findings';

/**
 * The findings of a month's production review in plain sentences, for the report's quality
 * section and the dashboard. Imports nothing of Node.
 */
export function findingsLines(f: ReviewFindings): string[] {
  const lines: string[] = [];
  if (f.reviewed === 0) return [`Production review ${monthName(f.month)}: ${f.sampled} answers sampled, none reviewed yet.`];
  const interval = f.interval ? `, 95% interval ${percent(f.interval.low)}–${percent(f.interval.high)} (Wilson)` : '';
  lines.push(`Production review: ${f.reviewed} of ${f.sampled} sampled answers reviewed, ${f.flagged} flagged (${percent(f.rate ?? 0)}${interval})${f.oversampled ? '; flagged lines were oversampled, so this is the sample’s rate, not production’s' : ''}.`);
  const reasons = Object.entries(f.byReason).map(([reason, n]) => `${reason.replace('-', ' ')} ${n}`);
  if (reasons.length) lines.push(`Flagged as: ${reasons.join(', ')}.`);
  if (f.byStratum && Object.keys(f.byStratum).length > 1) {
    lines.push(`By stratum: ${Object.entries(f.byStratum).map(([name, s]) => `${name} ${s.flagged} of ${s.reviewed}`).join(', ')}.`);
  }
  if (f.lastMonth) {
    const l = f.lastMonth;
    const verdict = l.significant ? (f.flagged / f.reviewed > l.rate ? 'more than' : 'fewer than') : 'no clear change from';
    lines.push(`Against ${monthName(l.month)} (${l.flagged} of ${l.reviewed}, ${percent(l.rate)}): ${verdict} last month (${l.method}, p = ${l.p < 0.001 ? '< 0.001' : l.p.toFixed(3)}).`);
  }
  if (f.coverageGaps.length) lines.push(`Coverage gaps: ${f.coverageGaps.map((g) => `“${g.input.length > 80 ? `${g.input.slice(0, 79)}…` : g.input}”`).join('; ')}.`);
  if (f.casesAdded.length) lines.push(`Eval cases added from it: ${f.casesAdded.map((c) => c.caseId).join(', ')}.`);
  return lines;
}
