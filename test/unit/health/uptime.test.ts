import * as assert from 'assert';
import type { HealthSample } from '../../../src/core/health/history';
import { monthUptime } from '../../../src/core/health/uptime';

const MIN = 60_000;
const s = (at: string, status: HealthSample['status'], every = 15): HealthSample => ({ at, status, every });
/** Checks every 15 minutes from `from` for `count` checks, all with one status. */
function every15(from: string, count: number, status: HealthSample['status']): HealthSample[] {
  return Array.from({ length: count }, (_, i) => s(new Date(Date.parse(from) + i * 15 * MIN).toISOString(), status));
}

describe('uptime', () => {
  const end = new Date('2026-12-01T00:00:00Z');

  it('a down interval runs from the first failed check to the next passing one', () => {
    const samples = [...every15('2026-11-10T09:00:00Z', 4, 'up'), s('2026-11-10T10:00:00Z', 'down'), s('2026-11-10T10:15:00Z', 'down'), s('2026-11-10T11:20:00Z', 'up')];
    const u = monthUptime(samples, '2026-11', end);
    assert.strictEqual(u.downMs, 80 * MIN);
    assert.deepStrictEqual(u.outages, [{ from: '2026-11-10T10:00:00.000Z', to: '2026-11-10T11:20:00.000Z' }]);
    assert.strictEqual(u.upMs, 60 * MIN + 30 * MIN); // four checks to 10:00, the last up vouches 2 × 15 min
  });

  it('silence longer than two intervals is not monitored, never up', () => {
    const samples = [s('2026-11-10T09:00:00Z', 'up'), s('2026-11-12T09:00:00Z', 'up')];
    const u = monthUptime(samples, '2026-11', end);
    assert.strictEqual(u.upMs, 60 * MIN);
    assert.strictEqual(u.unmonitoredMs, 30 * 24 * 60 * MIN - 60 * MIN);
    assert.strictEqual(u.uptime, 1);
  });

  it('degraded counts as up in the rate and is reported apart', () => {
    const u = monthUptime([...every15('2026-11-10T09:00:00Z', 2, 'degraded'), s('2026-11-10T09:30:00Z', 'down'), s('2026-11-10T09:45:00Z', 'up')], '2026-11', end);
    assert.strictEqual(u.degradedMs, 30 * MIN);
    assert.strictEqual(u.downMs, 15 * MIN);
    assert.strictEqual(u.uptime, (30 + 30) / (30 + 30 + 15));
  });

  it('an outage across a month boundary is split between the months', () => {
    const samples = [s('2026-10-31T23:00:00Z', 'up'), s('2026-10-31T23:15:00Z', 'down'), s('2026-11-01T01:15:00Z', 'up')];
    const oct = monthUptime(samples, '2026-10', end);
    const nov = monthUptime(samples, '2026-11', end);
    assert.strictEqual(oct.downMs, 45 * MIN);
    assert.strictEqual(nov.downMs, 75 * MIN);
    assert.deepStrictEqual(nov.outages, [{ from: '2026-11-01T00:00:00.000Z', to: '2026-11-01T01:15:00.000Z' }]);
    assert.strictEqual(nov.upMs, 30 * MIN);
  });

  it('the month so far: nothing counts past now, and a month with no check has no uptime', () => {
    const now = new Date('2026-11-10T09:10:00Z');
    const u = monthUptime([s('2026-11-10T09:00:00Z', 'up')], '2026-11', now);
    assert.strictEqual(u.upMs, 10 * MIN);
    assert.strictEqual(monthUptime([], '2026-11', end).uptime, undefined);
    assert.strictEqual(monthUptime([], '2026-11', end).unmonitoredMs, 30 * 24 * 60 * MIN);
  });

  it('a down check with nothing after it is down only as far as a check vouches', () => {
    const u = monthUptime([s('2026-11-10T09:00:00Z', 'down'), s('2026-11-10T09:15:00Z', 'down')], '2026-11', end);
    assert.strictEqual(u.downMs, 45 * MIN);
  });
});
