import { DEFAULT_EVERY_MINUTES, type HealthSample } from './history';

/**
 * A month's uptime from the health samples. A down interval runs from the first failed check to
 * the next check that passes (whatever lies between). A passing check (up, or degraded: the model
 * answers, slowly or with a missing judge) vouches for the time until the next check, but for no
 * more than GRACE_INTERVALS of its own interval: a longer silence is "not monitored", never up.
 * The last check vouches the same way, and never past `now`. Months are UTC calendar months.
 */
export interface MonthUptime {
  month: string;
  upMs: number;
  degradedMs: number;
  downMs: number;
  /** Of the month so far (to `now`), the time no check vouched for. */
  unmonitoredMs: number;
  /** (up + degraded) / (up + degraded + down); undefined when nothing of the month was monitored. */
  uptime?: number;
  /** The down intervals that overlap the month, clipped to it (ISO). */
  outages: { from: string; to: string }[];
}

export const GRACE_INTERVALS = 2;

export function monthRange(month: string): { start: number; end: number } {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

/** `samples` oldest first, from any months (the one before carries into this one). */
export function monthUptime(samples: readonly HealthSample[], month: string, now: Date): MonthUptime {
  const { start, end: monthEnd } = monthRange(month);
  const end = Math.min(monthEnd, now.getTime());
  const totals = { up: 0, degraded: 0, down: 0 };
  const outages: MonthUptime['outages'] = [];
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const at = Date.parse(s.at);
    if (at >= end) break;
    if (s.status === 'down') {
      // Down until the next passing check; when none came, as far as the last check would vouch.
      const j = samples.findIndex((n, k) => k > i && n.status !== 'down');
      const last = samples[j === -1 ? samples.length - 1 : j - 1];
      const until = j === -1 ? Date.parse(last.at) + vouchMs(last) : Date.parse(samples[j].at);
      const from = Math.max(at, start);
      const to = Math.min(until, end);
      if (to > from) outages.push({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      totals.down += Math.max(0, to - from);
      if (j === -1) break;
      i = j - 1;
      continue;
    }
    const next = samples[i + 1];
    const until = Math.min(at + vouchMs(s), next ? Date.parse(next.at) : Infinity);
    totals[s.status] += Math.max(0, Math.min(until, end) - Math.max(at, start));
  }
  const monitored = totals.up + totals.degraded + totals.down;
  return {
    month,
    upMs: totals.up,
    degradedMs: totals.degraded,
    downMs: totals.down,
    unmonitoredMs: Math.max(0, end - start - monitored),
    ...(monitored > 0 ? { uptime: (totals.up + totals.degraded) / monitored } : {}),
    outages,
  };
}

const vouchMs = (s: HealthSample): number => GRACE_INTERVALS * (s.every ?? DEFAULT_EVERY_MINUTES) * 60_000;
