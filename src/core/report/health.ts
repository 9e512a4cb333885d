import { breaches, type Thresholds } from '../analysis/series';
import { shortDate } from './calendar';
import type { ReportHealth, ReportOperations, SetReport } from './types';

export const OPERATIONS_NOT_MONITORED = 'Uptime and incidents: not monitored yet.';

/**
 * Healthy, attention or breach, and why. Breach: a set's last complete run of the month breaches a
 * threshold (what the client has at the end of the month). Attention: nothing breaches now, but a
 * set breached earlier in the month, is declining, or was not run; or nothing was run at all.
 */
export function reportHealth(input: { sets: readonly SetReport[]; noRuns: boolean; inWorkspace: ReadonlySet<string>; thresholds?: Thresholds; operations?: ReportOperations }): ReportHealth {
  const breach: string[] = [];
  const attention: string[] = [];
  if (input.noRuns) attention.push('No eval set was run this month, so nothing shows how the model answers.');
  for (const s of input.sets) {
    if (s.last) {
      const now = breaches(s.last, input.thresholds);
      for (const b of now) breach.push(`${s.name}: ${b.message} on its last run of the month (${shortDate(s.last.date)}).`);
      if (now.length === 0 && s.breaches.length > 0) {
        const firstBreach = s.breaches[0];
        attention.push(`${s.name}: ${firstBreach.breach.message} on ${shortDate(firstBreach.date)}, back within the thresholds by ${shortDate(s.last.date)}.`);
      }
      if (s.drift.status === 'declining') attention.push(`${s.name}: quality is declining (drift test).`);
    } else if (!input.noRuns && input.inWorkspace.has(s.evalSetId)) {
      attention.push(`${s.name}: not run this month.`);
    }
  }
  const operations = input.operations ?? { monitored: false, note: OPERATIONS_NOT_MONITORED };
  if (breach.length) return { status: 'breach', reasons: [...breach, ...attention], operations };
  if (attention.length) return { status: 'attention', reasons: attention, operations };
  return { status: 'healthy', reasons: ['Every eval set met its thresholds on its last run of the month.'], operations };
}
