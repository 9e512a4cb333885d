// The `health` stage of `npm run sample:history`: October 2026 of Fernhill's health history, as a
// watcher (`upkeep health --record` every 10 minutes against fh-ai-01) would have written it, with
// the 17 October outage of its change log and incident file: down from the first failed chat at
// 09:38 PDT to the check after the fix at 12:58 PDT, 3 h 20 min. Illustrative: the change log has
// no such watcher before the 20 October follow-up, which is why nothing alerted. Written by the
// core's own writer (recordSamples), so the format is the one the product reads.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { HealthCheck } from '../../src/core/health/check';
import { HEALTH_DIR, recordSamples, sampleOf } from '../../src/core/health/history';
import { mulberry32 } from '../../src/core/util/prng';
import type { Client } from '../../src/core/workspace/loadWorkspace';

const EVERY_MINUTES = 10;
/** Checks at :08, :18, … so that 16:38 and 19:58 UTC (09:38 and 12:58 PDT) are checks. */
const FIRST_CHECK = Date.parse('2026-10-01T00:08:00Z');
const MONTH_END = Date.parse('2026-11-01T00:00:00Z');
const OUTAGE = { from: Date.parse('2026-10-17T16:38:00Z'), to: Date.parse('2026-10-17T19:58:00Z') };
const HOST = 'http://fh-ai-01:11434';
/** fernhill-returns:v1, as the sample's run records name it. */
const DIGEST = '74f4ace2d725f6f4c355f3236bd96cd3cb8816a760e70fa094df5d15858ca742';

export async function sampleHealth(fernhill: Client): Promise<string> {
  await fs.rm(path.join(fernhill.dir, HEALTH_DIR), { recursive: true, force: true });
  // Seeded, so regenerating writes the same file.
  const random = mulberry32(17);
  const checks: HealthCheck[] = [];
  for (let t = FIRST_CHECK; t < MONTH_END; t += EVERY_MINUTES * 60_000) {
    const base = { clientId: fernhill.id, clientName: fernhill.name, at: new Date(t).toISOString(), model: 'fernhill-returns:v1', host: HOST };
    if (t >= OUTAGE.from && t < OUTAGE.to) {
      const message = `Ollama at ${HOST} cannot be reached (ECONNREFUSED) while asking its version.`;
      checks.push({ ...base, status: 'down', problems: [{ kind: 'model-down', message }], summary: message });
      continue;
    }
    // An 8-token probe on a warm model (keep-alive 24 h): about a third of a second to the first token.
    const firstTokenMs = 260 + Math.round(random() * 180);
    const totalMs = firstTokenMs + 240 + Math.round(random() * 220);
    const summary = `fernhill-returns:v1 answers on ${HOST} (probe ${(totalMs / 1000).toFixed(1)} s, first token ${(firstTokenMs / 1000).toFixed(1)} s).`;
    checks.push({ ...base, status: 'up', serverVersion: '0.12.6', digest: DIGEST, firstTokenMs, totalMs, problems: [], summary });
  }
  await recordSamples(fernhill.dir, checks.map((c) => sampleOf(c, EVERY_MINUTES)));
  return `${checks.length} health checks in ${HEALTH_DIR}/2026-10.jsonl`;
}
