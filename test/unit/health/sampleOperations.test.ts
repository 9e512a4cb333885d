import * as assert from 'assert';
import * as path from 'path';
import { incidentSla } from '../../../src/core/health/compliance';
import { readIncidents } from '../../../src/core/health/incidents';
import { healthMonth } from '../../../src/core/health/month';
import { slaTargets } from '../../../src/core/health/sla';
import { reportOperations } from '../../../src/core/report/operations';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';

const FERNHILL = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace', 'clients', 'fernhill-outfitters');
const MINUTE = 60_000;

describe("the sample workspace's operations: Fernhill's October outage", () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('the 17 October incident: critical, acknowledged 13 min and resolved 2 h 6 min after Marcus reported it, within the SLA', async () => {
    const { incidents, problems } = await readIncidents(FERNHILL);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      incidents.map((i) => [path.basename(i.file), i.severity, i.cause]),
      [['2026-10-17-model-down-for-3-h-20-min-disk-full.md', 'critical', 'model-down']],
    );
    const sla = incidentSla(incidents[0], slaTargets(undefined), now);
    assert.deepStrictEqual([sla.responseMs, sla.resolutionMs, sla.outcome], [13 * MINUTE, 126 * MINUTE, 'met']);
    // The timeline keeps the change log's facts: first failed chat 09:38 PDT, verified 12:58 PDT.
    assert.match(incidents[0].body, /2026-10-17 16:38 UTC — \(09:38\) First failed chat/);
    assert.match(incidents[0].body, /2026-10-17 19:58 UTC — \(12:58\) Resolved/);
  });

  it("October's health history: one down interval, the incident's 09:38 to 12:58 PDT, and the month otherwise monitored", async () => {
    const client = (await loadWorkspace([FERNHILL])).clients[0];
    const m = await healthMonth(client, '2026-10', now);
    assert.deepStrictEqual(m.problems, []);
    assert.deepStrictEqual(m.uptime.outages, [{ from: '2026-10-17T16:38:00.000Z', to: '2026-10-17T19:58:00.000Z' }]);
    assert.strictEqual(m.uptime.downMs, 200 * MINUTE);
    // Checks every 10 minutes from 00:08 on 1 October: only those first 8 minutes go unwatched.
    assert.strictEqual(m.uptime.unmonitoredMs, 8 * MINUTE);
  });

  it("the October report's operations line", async () => {
    const client = (await loadWorkspace([FERNHILL])).clients[0];
    const ops = await reportOperations(client, '2026-10', now);
    assert.strictEqual(ops.note, 'Uptime 99.55% against a 99.5% target (met), 3 h 20 min down in 1 outage. 1 incident (1 critical); SLA met for 1 of 1 (100%); acknowledged in 13 min and resolved in 2 h 6 min on average.');
    assert.deepStrictEqual([ops.incidents, ops.slaCompliance], [1, 1]);
  });
});
