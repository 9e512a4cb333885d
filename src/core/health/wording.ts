import { duration, plural } from '../format/numbers';
import type { HealthMonth } from './month';

/** 0.99537 → "99.54%": uptime needs the second decimal (99.5% and 99.95% are different promises). */
export function uptimePercent(x: number): string {
  return `${(Math.floor(x * 10_000) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** The month's operations in words, for the report's health section, `upkeep status` and the dashboard. */
export function operationsSentences(m: HealthMonth): { uptime: string; incidents: string } {
  const u = m.uptime;
  const monthMs = u.upMs + u.degradedMs + u.downMs + u.unmonitoredMs;
  const gap = monthMs > 0 && u.unmonitoredMs / monthMs >= 0.01 ? `; ${Math.round((u.unmonitoredMs / monthMs) * 100)}% of the month not monitored` : '';
  const uptime =
    u.uptime === undefined
      ? 'Uptime: not monitored this month.'
      : `Uptime ${uptimePercent(u.uptime)} against a ${uptimePercent(m.availabilityTarget)} target (${m.meetsTarget ? 'met' : 'missed'})${u.downMs ? `, ${duration(u.downMs)} down in ${plural(u.outages.length, 'outage')}` : ''}${gap}.`;
  const c = m.compliance;
  if (!c.incidents.length) return { uptime, incidents: 'No incidents.' };
  const bySeverity = c.bySeverity.filter((s) => s.count).map((s) => `${s.count} ${s.severity}`).join(', ');
  const met = c.incidents.filter((i) => i.outcome === 'met').length;
  const decided = c.incidents.filter((i) => i.outcome !== 'pending').length;
  const mean = (xs: (number | undefined)[]) => {
    const d = xs.filter((x): x is number => x !== undefined);
    return d.length ? duration(d.reduce((a, b) => a + b, 0) / d.length) : undefined;
  };
  const ack = mean(c.incidents.map((i) => i.responseMs));
  const fix = mean(c.incidents.map((i) => i.resolutionMs));
  const times = [ack && `acknowledged in ${ack}`, fix && `resolved in ${fix}`].filter(Boolean).join(' and ');
  const sla = decided ? `SLA met for ${met} of ${decided} (${uptimePercent(met / decided)})` : 'SLA pending';
  return { uptime, incidents: `${plural(c.incidents.length, 'incident')} (${bySeverity}); ${sla}${times ? `; ${times} on average` : ''}.` };
}
