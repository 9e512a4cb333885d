import * as assert from 'assert';
import { recordSamples, type HealthSample } from '../../../src/core/health/history';
import { openIncident, stampIncident } from '../../../src/core/health/incidents';
import { uptimePercent } from '../../../src/core/health/wording';
import { OPERATIONS_NOT_MONITORED } from '../../../src/core/report/health';
import { reportOperations } from '../../../src/core/report/operations';
import { removeTree, tempTree } from '../helpers/tempDir';

describe("the report's uptime and incidents", () => {
  let dir: string;
  beforeEach(async () => (dir = await tempTree({})));
  afterEach(() => removeTree(dir));
  const now = new Date('2026-12-02T00:00:00Z');

  it('not monitored yet while there are no health files and no incidents', async () => {
    assert.deepStrictEqual(await reportOperations({ dir }, '2026-11', now), { monitored: false, note: OPERATIONS_NOT_MONITORED });
  });

  it('uptime against the target, the outage, and the incidents with their SLA', async () => {
    // Every 15 minutes through November, down from 10 Nov 09:00 to 12:20 (3 h 20 min).
    const samples: HealthSample[] = [];
    for (let t = Date.parse('2026-11-01T00:00:00Z'); t < Date.parse('2026-12-01T00:00:00Z'); t += 15 * 60_000) {
      const at = new Date(t).toISOString();
      const down = t >= Date.parse('2026-11-10T09:00:00Z') && t < Date.parse('2026-11-10T12:20:00Z');
      samples.push({ at, status: down ? 'down' : 'up', every: 15 });
    }
    samples.push({ at: '2026-11-10T12:20:00.000Z', status: 'up', every: 15 });
    samples.sort((a, b) => a.at.localeCompare(b.at));
    await recordSamples(dir, samples);
    const file = await openIncident(dir, { title: 'Disk full', severity: 'critical', opened: '2026-11-10T09:00:00.000Z' });
    await stampIncident(file, 'acknowledged', '2026-11-10T09:12:00.000Z');
    await stampIncident(file, 'resolved', '2026-11-10T12:20:00.000Z');
    const ops = await reportOperations({ dir, manifest: { sla: { availability: 0.999 } } }, '2026-11', now);
    assert.strictEqual(ops.monitored, true);
    assert.strictEqual(ops.note, 'Uptime 99.53% against a 99.9% target (missed), 3 h 20 min down in 1 outage. 1 incident (1 critical); SLA met for 1 of 1 (100%); acknowledged in 12 min and resolved in 3 h 20 min on average.');
    assert.strictEqual(ops.slaCompliance, 1);
  });

  it('uptime is never rounded up to a target it missed', () => {
    assert.strictEqual(uptimePercent(0.99949), '99.94%');
    assert.strictEqual(uptimePercent(1), '100%');
    assert.strictEqual(uptimePercent(0.995), '99.5%');
  });
});
