import type { Problem } from '../workspace/problems';
import type { SlaConfig } from './sla';
import { monthCompliance, type MonthCompliance } from './compliance';
import { readSamples } from './history';
import { readIncidents } from './incidents';
import { slaTargets } from './sla';
import { monthUptime, type MonthUptime } from './uptime';

/** A client's operations in a month: uptime against the availability target, incidents and SLA. */
export interface HealthMonth {
  uptime: MonthUptime;
  availabilityTarget: number;
  /** Undefined when nothing was monitored. */
  meetsTarget?: boolean;
  compliance: MonthCompliance;
  /** Whether there is anything to show: health samples or incident files. */
  monitored: boolean;
  problems: Problem[];
}

export async function healthMonth(client: { dir: string; manifest?: { sla?: SlaConfig } }, month: string, now: Date): Promise<HealthMonth> {
  const [samples, incidents] = await Promise.all([readSamples(client.dir), readIncidents(client.dir)]);
  const targets = slaTargets(client.manifest?.sla);
  const uptime = monthUptime(samples.samples, month, now);
  return {
    uptime,
    availabilityTarget: targets.availability,
    ...(uptime.uptime !== undefined ? { meetsTarget: uptime.uptime >= targets.availability } : {}),
    compliance: monthCompliance(incidents.incidents, month, targets, now),
    monitored: samples.samples.length > 0 || incidents.incidents.length > 0,
    problems: [...samples.problems, ...incidents.problems],
  };
}
