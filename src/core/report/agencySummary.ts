import { md } from './markdown';
import type { HealthStatus, MonthlyReport } from './types';
import { HEALTH_LABEL } from './wording';

/** One line per client for the agency: health, hours against the retainer, and what to bill. */
export interface AgencySummaryRow {
  clientId: string;
  name: string;
  health: HealthStatus;
  reasons: string[];
  hoursUsed: number;
  /** Why the hours are no figure (MonthHours.unread): `hoursUsed` is then not shown. */
  hoursUnread?: string;
  hoursIncluded?: number;
  overageHours?: number;
  overageValue?: number;
  currency?: string;
}

export function agencySummary(reports: readonly MonthlyReport[]): AgencySummaryRow[] {
  return reports.map((r) => {
    const h = r.hours.month;
    return {
      clientId: r.client.id,
      name: r.client.name,
      health: r.health.status,
      reasons: r.health.reasons,
      hoursUsed: h.total,
      ...(h.unread ? { hoursUnread: h.unread } : {}),
      ...(h.included !== undefined ? { hoursIncluded: h.included, overageHours: h.overage } : {}),
      ...(h.overageValue !== undefined ? { overageValue: h.overageValue } : {}),
      ...(h.currency !== undefined ? { currency: h.currency } : {}),
    };
  });
}

export function renderAgencySummary(month: string, monthLabel: string, rows: readonly AgencySummaryRow[]): string {
  const lines = [`# Agency summary · ${monthLabel}`, '', '| client | health | hours used / included | overage to bill |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const used = r.hoursUnread ? `not known (${r.hoursUnread})` : `${r.hoursUsed}`;
    const hours = r.hoursIncluded === undefined ? `${used}${r.hoursUnread ? '' : ' h'}` : `${used} / ${r.hoursIncluded} h`;
    const bill = r.overageHours ? `${r.overageHours} h${r.overageValue !== undefined ? ` · ${r.currency ? `${r.currency} ` : ''}${r.overageValue}` : ''}` : '–';
    lines.push(`| ${md(r.name)} | ${HEALTH_LABEL[r.health]} | ${hours} | ${bill} |`);
  }
  lines.push('', `Reports for ${month} are in each client's reports/ folder.`);
  return lines.join('\n') + '\n';
}
