import { duration } from '../format/numbers';
import { uptimePercent } from '../health/wording';
import type { ReportOperations } from './types';

/**
 * The health section's incidents by severity as a table, worded once for the Markdown, the HTML
 * and the PDF: per severity the count, the SLA met, and the mean times to acknowledge and resolve
 * against their targets (src/core/health/compliance.ts computes them), then the month's total.
 */
export const INCIDENTS_HEAD = ['severity', 'incidents', 'SLA met', 'acknowledged in (target)', 'resolved in (target)'];

export function incidentsRows(ops: ReportOperations): string[][] {
  const rows = (ops.bySeverity ?? []).map((s) => [
    s.severity,
    String(s.count),
    [s.met + s.breached ? `${s.met} of ${s.met + s.breached}` : '', s.pending ? `${s.pending} pending` : ''].filter(Boolean).join(', '),
    `${s.meanResponseMs !== undefined ? duration(s.meanResponseMs) : '–'} (${duration(s.targetResponseMs)})`,
    `${s.meanResolutionMs !== undefined ? duration(s.meanResolutionMs) : '–'} (${duration(s.targetResolutionMs)})`,
  ]);
  if (rows.length < 2) return rows;
  const sum = (k: 'met' | 'breached') => (ops.bySeverity ?? []).reduce((n, s) => n + s[k], 0);
  const rate = ops.slaCompliance !== undefined ? ` (${uptimePercent(ops.slaCompliance)})` : '';
  return [...rows, ['all', String(ops.incidents ?? 0), `${sum('met')} of ${sum('met') + sum('breached')}${rate}`, '', '']];
}

/** The section's sentence above the table: the uptime (and "No incidents." without any), or the "not monitored yet" line. */
export function operationsSectionText(ops: ReportOperations): string {
  if (!ops.monitored || ops.uptimeNote === undefined) return ops.note;
  return ops.bySeverity?.length ? ops.uptimeNote : `${ops.uptimeNote} No incidents.`;
}
