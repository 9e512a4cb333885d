import type { HealthCheck } from './check';

/**
 * Health checks in Prometheus's text exposition format (version 0.0.4): one HELP and TYPE per
 * family, then its samples grouped together, label values escaped (\\, ", newline), a newline at
 * the end. Durations in seconds, as Prometheus's conventions want.
 */
interface Family {
  name: string;
  help: string;
  value: (c: HealthCheck) => number | undefined;
}

const FAMILIES: Family[] = [
  { name: 'upkeep_up', help: "1 when the client's model answers (up or degraded), 0 when it is down.", value: (c) => (c.status === 'down' ? 0 : 1) },
  { name: 'upkeep_degraded', help: '1 when the model answers but slowly, without its judge, or with moved weights.', value: (c) => (c.status === 'degraded' ? 1 : 0) },
  { name: 'upkeep_digest_changed', help: "1 when the model's digest differs from the one its newest production run recorded.", value: (c) => (c.digestChangedFrom ? 1 : 0) },
  { name: 'upkeep_probe_first_token_seconds', help: "Time to the generation probe's first token.", value: (c) => seconds(c.firstTokenMs) },
  { name: 'upkeep_probe_duration_seconds', help: "Time to the generation probe's whole answer.", value: (c) => seconds(c.totalMs) },
];

export function prometheusText(checks: readonly HealthCheck[]): string {
  const lines: string[] = [];
  for (const f of FAMILIES) {
    const samples = checks.map((c) => [c, f.value(c)] as const).filter(([, v]) => v !== undefined);
    if (!samples.length) continue;
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} gauge`);
    for (const [c, v] of samples) lines.push(`${f.name}{${labels(c)}} ${v}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function labels(c: HealthCheck): string {
  const pairs: [string, string][] = [
    ['client', c.clientId],
    ['model', c.model],
    ['host', c.host],
  ];
  return pairs.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.round(ms) / 1000);
