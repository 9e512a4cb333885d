import * as assert from 'assert';
import { monthCompliance } from '../../../src/core/health/compliance';
import type { Incident } from '../../../src/core/health/incidents';
import { slaTargets } from '../../../src/core/health/sla';
import { parseClientManifest } from '../../../src/core/workspace/clientManifest';

const incident = (severity: Incident['severity'], opened: string, acknowledged?: string, resolved?: string): Incident => ({
  title: `${severity} at ${opened}`,
  severity,
  opened,
  ...(acknowledged ? { acknowledged } : {}),
  ...(resolved ? { resolved } : {}),
  file: `${opened}.md`,
  body: '',
});

describe('SLA compliance', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('per severity against the defaults: met, late response, late resolution, overdue, pending', () => {
    const incidents = [
      incident('critical', '2026-11-03T10:00:00Z', '2026-11-03T10:20:00Z', '2026-11-03T13:00:00Z'), // met (20 min, 3 h)
      incident('critical', '2026-11-05T10:00:00Z', '2026-11-05T10:45:00Z', '2026-11-05T11:00:00Z'), // response late (45 > 30 min)
      incident('high', '2026-11-07T10:00:00Z', '2026-11-07T11:00:00Z', '2026-11-09T10:00:00Z'), // resolution late (2 d > 1 d)
      incident('medium', '2026-11-20T10:00:00Z'), // never acknowledged: overdue
      incident('low', '2026-11-30T12:00:00Z', '2026-11-30T13:00:00Z'), // 12 h old, 10 days to resolve: pending
      incident('critical', '2026-10-30T10:00:00Z', '2026-10-30T10:01:00Z', '2026-10-30T10:30:00Z'), // another month
    ];
    const c = monthCompliance(incidents, '2026-11', slaTargets(undefined), now);
    const by = Object.fromEntries(c.bySeverity.map((s) => [s.severity, [s.count, s.met, s.breached, s.pending]]));
    assert.deepStrictEqual(by, { critical: [2, 1, 1, 0], high: [1, 0, 1, 0], medium: [1, 0, 1, 0], low: [1, 0, 0, 1] });
    assert.strictEqual(c.complianceRate, 1 / 4);
    const critical = c.bySeverity[0];
    assert.strictEqual(critical.meanResponseMs, 32.5 * 60_000);
    assert.strictEqual(critical.meanResolutionMs, 120 * 60_000);
  });

  it('targets from client.yaml override the defaults, per field; resolving unacknowledged counts as the response', () => {
    const targets = slaTargets({ availability: 0.999, critical: { response: '1h' } });
    assert.strictEqual(targets.availability, 0.999);
    assert.deepStrictEqual(targets.bySeverity.critical, { responseMs: 3_600_000, resolutionMs: 4 * 3_600_000 });
    const c = monthCompliance([incident('critical', '2026-11-03T10:00:00Z', undefined, '2026-11-03T10:50:00Z')], '2026-11', targets, now);
    assert.strictEqual(c.incidents[0].outcome, 'met');
    assert.strictEqual(c.incidents[0].responseMs, 50 * 60_000);
  });

  it('no incident decided: no rate', () => {
    assert.strictEqual(monthCompliance([], '2026-11', slaTargets(undefined), now).complianceRate, undefined);
  });
});

describe('sla in client.yaml', () => {
  it('a duration that is not one is a problem at its position', () => {
    const ok = parseClientManifest('client.yaml', 'name: A\nmodel: { name: m }\nsla:\n  availability: 0.999\n  high: { response: 1h, resolution: 2d }\n');
    assert.deepStrictEqual(ok.manifest?.sla, { availability: 0.999, high: { response: '1h', resolution: '2d' } });
    const bad = parseClientManifest('client.yaml', 'name: A\nmodel: { name: m }\nsla:\n  critical: { response: soon }\n');
    assert.deepStrictEqual(bad.problems.map((p) => [p.range.line, p.message]), [[4, "'sla.critical.response': a duration such as 30m, 4h or 2d"]]);
  });
});
