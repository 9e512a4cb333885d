import * as assert from 'assert';
import type { HealthCheck, HealthStatus } from '../../../src/core/health/check';
import { NEW_WATCH, observe, snooze, type WatchState } from '../../../src/core/health/monitor';

const T0 = Date.parse('2026-11-02T09:00:00Z');
const check = (minute: number, status: HealthStatus): HealthCheck => ({
  clientId: 'acme',
  clientName: 'Acme',
  at: new Date(T0 + minute * 60_000).toISOString(),
  status,
  model: 'acme:v3',
  host: 'http://127.0.0.1:11434',
  problems: [],
  summary: status === 'up' ? 'answers' : 'Cannot reach Ollama.',
});

/** Feeds the checks through the state machine; returns the alerts' kinds by minute. */
function run(steps: [number, HealthStatus][], start: WatchState = NEW_WATCH) {
  let state = start;
  const alerts: string[] = [];
  const recovered: number[] = [];
  for (const [minute, status] of steps) {
    const o = observe(state, check(minute, status));
    state = o.state;
    if (o.alert) alerts.push(`${minute}:${o.alert.kind}`);
    if (o.recovered) recovered.push(minute);
  }
  return { state, alerts, recovered };
}

describe('health state machine', () => {
  it('up → down → up: one alert for the down, none while it holds, recovery re-arms it', () => {
    const r = run([[0, 'up'], [15, 'down'], [30, 'down'], [45, 'down'], [60, 'up'], [200, 'down']]);
    assert.deepStrictEqual(r.alerts, ['15:down', '200:down']);
    assert.deepStrictEqual(r.recovered, [60]);
    assert.strictEqual(r.state.since, check(200, 'down').at);
  });

  it('a first check that finds the server down alerts; a first check that is up does not', () => {
    assert.deepStrictEqual(run([[0, 'down']]).alerts, ['0:down']);
    assert.deepStrictEqual(run([[0, 'up']]).alerts, []);
  });

  it('degraded then down alerts twice (it got worse); down then degraded alerts the degraded once', () => {
    assert.deepStrictEqual(run([[0, 'up'], [15, 'degraded'], [30, 'down'], [45, 'degraded'], [60, 'degraded']]).alerts, ['15:degraded', '30:down', '45:degraded']);
  });

  it('flapping: after the fourth change within an hour, one flapping alert and then silence until it settles', () => {
    const steps: [number, HealthStatus][] = [[0, 'up'], [5, 'down'], [10, 'up'], [15, 'down'], [20, 'up'], [25, 'down'], [30, 'up'], [35, 'down']];
    const r = run(steps);
    assert.deepStrictEqual(r.alerts, ['5:down', '15:down', '25:flapping']);
    // An hour and more later the window has emptied: a new down alerts as usual.
    const later = run([[120, 'up'], [180, 'up'], [200, 'down']], r.state);
    assert.deepStrictEqual(later.alerts, ['200:down']);
  });

  it('snooze: no alert until it ends; a state still bad at its end is alerted again', () => {
    const first = run([[0, 'up'], [15, 'down']]);
    assert.deepStrictEqual(first.alerts, ['15:down']);
    const snoozed = snooze(first.state, check(75, 'up').at);
    const r = run([[30, 'down'], [45, 'up'], [50, 'down'], [75, 'down'], [90, 'down']], snoozed);
    assert.deepStrictEqual(r.alerts, ['75:down']);
  });
});
