import type { Incident } from './incidents';
import { SEVERITIES, type Severity, type SlaTargets } from './sla';
import { monthRange } from './uptime';

/**
 * SLA compliance of the incidents opened in a month. Response is opened → acknowledged, resolution
 * opened → resolved. An incident meets the SLA when both came within their targets, breaches it
 * when either came late or is overdue at `now`, and is pending while both can still be met.
 */
export type SlaOutcome = 'met' | 'breached' | 'pending';

export interface IncidentSla {
  incident: Incident;
  responseMs?: number;
  resolutionMs?: number;
  outcome: SlaOutcome;
}

export interface SeverityFigures {
  severity: Severity;
  count: number;
  met: number;
  breached: number;
  pending: number;
  /** Means over the incidents that have the time. */
  meanResponseMs?: number;
  meanResolutionMs?: number;
  targetResponseMs: number;
  targetResolutionMs: number;
}

export interface MonthCompliance {
  incidents: IncidentSla[];
  bySeverity: SeverityFigures[];
  /** met / (met + breached); undefined when no incident of the month is decided yet. */
  complianceRate?: number;
}

export function incidentSla(incident: Incident, targets: SlaTargets, now: Date): IncidentSla {
  const target = targets.bySeverity[incident.severity];
  const opened = Date.parse(incident.opened);
  const took = (at: string | undefined) => (at === undefined ? undefined : Date.parse(at) - opened);
  const responseMs = took(incident.acknowledged ?? incident.resolved);
  const resolutionMs = took(incident.resolved);
  const elapsed = now.getTime() - opened;
  const judge = (tookMs: number | undefined, limit: number): SlaOutcome => (tookMs !== undefined ? (tookMs <= limit ? 'met' : 'breached') : elapsed > limit ? 'breached' : 'pending');
  const both = [judge(responseMs, target.responseMs), judge(resolutionMs, target.resolutionMs)];
  const outcome: SlaOutcome = both.includes('breached') ? 'breached' : both.includes('pending') ? 'pending' : 'met';
  return { incident, ...(responseMs !== undefined ? { responseMs } : {}), ...(resolutionMs !== undefined ? { resolutionMs } : {}), outcome };
}

export function monthCompliance(incidents: readonly Incident[], month: string, targets: SlaTargets, now: Date): MonthCompliance {
  const { start, end } = monthRange(month);
  const inMonth = incidents.filter((i) => Date.parse(i.opened) >= start && Date.parse(i.opened) < end).map((i) => incidentSla(i, targets, now));
  const mean = (xs: (number | undefined)[]) => {
    const defined = xs.filter((x): x is number => x !== undefined);
    return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : undefined;
  };
  const bySeverity = SEVERITIES.map((severity): SeverityFigures => {
    const of = inMonth.filter((i) => i.incident.severity === severity);
    const count = (o: SlaOutcome) => of.filter((i) => i.outcome === o).length;
    const meanResponseMs = mean(of.map((i) => i.responseMs));
    const meanResolutionMs = mean(of.map((i) => i.resolutionMs));
    const t = targets.bySeverity[severity];
    return {
      severity,
      count: of.length,
      met: count('met'),
      breached: count('breached'),
      pending: count('pending'),
      ...(meanResponseMs !== undefined ? { meanResponseMs } : {}),
      ...(meanResolutionMs !== undefined ? { meanResolutionMs } : {}),
      targetResponseMs: t.responseMs,
      targetResolutionMs: t.resolutionMs,
    };
  });
  const met = inMonth.filter((i) => i.outcome === 'met').length;
  const decided = met + inMonth.filter((i) => i.outcome === 'breached').length;
  return { incidents: inMonth, bySeverity, ...(decided ? { complianceRate: met / decided } : {}) };
}
