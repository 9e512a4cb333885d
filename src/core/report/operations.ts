import { healthMonth } from '../health/month';
import { operationsSentences } from '../health/wording';
import { OPERATIONS_NOT_MONITORED } from './health';
import type { ReportOperations } from './types';

/**
 * The report's uptime and incidents line, from the client's health history and incident files;
 * the "not monitored yet" line while it has neither.
 */
export async function reportOperations(client: Parameters<typeof healthMonth>[0], month: string, now: Date): Promise<ReportOperations> {
  const m = await healthMonth(client, month, now);
  if (!m.monitored) return { monitored: false, note: OPERATIONS_NOT_MONITORED };
  const words = operationsSentences(m);
  return {
    monitored: true,
    note: `${words.uptime} ${words.incidents}`,
    uptimeNote: words.uptime,
    bySeverity: m.compliance.bySeverity.filter((s) => s.count > 0),
    ...(m.uptime.uptime !== undefined ? { uptime: m.uptime.uptime } : {}),
    availabilityTarget: m.availabilityTarget,
    incidents: m.compliance.incidents.length,
    ...(m.compliance.complianceRate !== undefined ? { slaCompliance: m.compliance.complianceRate } : {}),
  };
}
