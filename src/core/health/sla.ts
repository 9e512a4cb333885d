import * as z from 'zod';

/**
 * SLA targets: per incident severity a response time (opened → acknowledged) and a resolution
 * time (opened → resolved), and an availability target for the month's uptime. `sla:` in
 * client.yaml overrides any of the defaults.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

const DURATION = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30m", "4h", "1d" (or "1.5h") to milliseconds; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

const duration = z
  .string()
  .refine((t) => durationMs(t) !== undefined, { message: 'a duration such as 30m, 4h or 2d' })
  .describe('A duration: minutes (30m), hours (4h) or days (2d).');

const target = z.object({ response: duration.optional(), resolution: duration.optional() }).strict();

export const slaSchema = z
  .object({
    availability: z.number().gt(0).max(1).optional().describe('Uptime target for a month, e.g. 0.995 for 99.5%.'),
    critical: target.optional(),
    high: target.optional(),
    medium: target.optional(),
    low: target.optional(),
  })
  .strict()
  .describe('Service levels: per severity the response and resolution times, and the availability target.');
export type SlaConfig = z.output<typeof slaSchema>;

export const DEFAULT_SLA = {
  availability: 0.995,
  critical: { response: '30m', resolution: '4h' },
  high: { response: '2h', resolution: '1d' },
  medium: { response: '8h', resolution: '3d' },
  low: { response: '48h', resolution: '10d' },
} as const;

export interface SlaTargets {
  availability: number;
  /** Milliseconds. */
  bySeverity: Record<Severity, { responseMs: number; resolutionMs: number }>;
}

export function slaTargets(config: SlaConfig | undefined): SlaTargets {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => {
      const own = config?.[s];
      return [s, { responseMs: durationMs(own?.response ?? DEFAULT_SLA[s].response)!, resolutionMs: durationMs(own?.resolution ?? DEFAULT_SLA[s].resolution)! }];
    }),
  ) as SlaTargets['bySeverity'];
  return { availability: config?.availability ?? DEFAULT_SLA.availability, bySeverity };
}
