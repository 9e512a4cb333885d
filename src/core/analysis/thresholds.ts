import type { RunSummary } from '../store/runRecord';
import type { ClientManifest } from '../workspace/schemas';

/** What a run breached of the client's thresholds, one sentence each; empty when it met them all. */
export function thresholdBreaches(summary: RunSummary, thresholds: ClientManifest['thresholds']): string[] {
  const breaches: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (thresholds?.passRate !== undefined && summary.passRate < thresholds.passRate) {
    breaches.push(`pass rate ${pct(summary.passRate)} is below the ${pct(thresholds.passRate)} threshold`);
  }
  if (thresholds?.latencyP95Ms !== undefined && summary.latencyP95Ms !== undefined && summary.latencyP95Ms > thresholds.latencyP95Ms) {
    breaches.push(`p95 latency ${Math.round(summary.latencyP95Ms)} ms is above the ${thresholds.latencyP95Ms} ms threshold`);
  }
  return breaches;
}
