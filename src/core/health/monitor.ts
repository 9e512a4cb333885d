import type { HealthCheck, HealthStatus } from './check';

/**
 * When a client's checks deserve a notification. One alert per transition into down or degraded,
 * none while the state holds; back up re-arms it. A client that keeps changing state (FLAP_CHANGES
 * changes within FLAP_WINDOW_MS) is flapping: one alert says so, and none follow until it settles.
 * A snooze silences alerts until its end; a state still bad when it ends is alerted again.
 */
export interface WatchState {
  status?: HealthStatus;
  /** When it entered `status`. */
  since?: string;
  /** The bad state last alerted; cleared when the client is up again. */
  alerted?: HealthStatus;
  /** Times of the recent state changes (the flapping window). */
  changes: string[];
  flappingAlerted?: boolean;
  snoozedUntil?: string;
}

export interface HealthAlert {
  kind: 'down' | 'degraded' | 'flapping';
  check: HealthCheck;
  /** One line for the notification. */
  message: string;
}

export interface Observation {
  state: WatchState;
  alert?: HealthAlert;
  /** The client came back up from down or degraded. */
  recovered: boolean;
  changed: boolean;
}

export const FLAP_WINDOW_MS = 60 * 60_000;
export const FLAP_CHANGES = 4;

export const NEW_WATCH: WatchState = { changes: [] };

export function observe(state: WatchState, check: HealthCheck): Observation {
  const now = Date.parse(check.at);
  const changed = state.status !== undefined && state.status !== check.status;
  const changes = [...state.changes, ...(changed ? [check.at] : [])].filter((t) => now - Date.parse(t) < FLAP_WINDOW_MS);
  const flapping = changes.length >= FLAP_CHANGES;
  const next: WatchState = {
    ...state,
    status: check.status,
    since: changed || state.since === undefined ? check.at : state.since,
    changes,
    flappingAlerted: flapping && state.flappingAlerted,
  };
  const recovered = changed && check.status === 'up';
  if (check.status === 'up') {
    next.alerted = undefined;
    return { state: next, recovered, changed };
  }
  const snoozed = state.snoozedUntil !== undefined && now < Date.parse(state.snoozedUntil);
  if (snoozed || state.alerted === check.status || next.flappingAlerted) return { state: next, recovered, changed };
  next.alerted = check.status;
  if (flapping) {
    next.flappingAlerted = true;
    const message = `${check.clientName} is flapping: its health changed ${changes.length} times in the last hour (now ${check.status}). ${check.summary}`;
    return { state: next, alert: { kind: 'flapping', check, message }, recovered, changed };
  }
  const message = `${check.clientName} is ${check.status}: ${check.summary}`;
  return { state: next, alert: { kind: check.status, check, message }, recovered, changed };
}

/** Silences alerts for the client until `until` (ISO). */
export function snooze(state: WatchState, until: string): WatchState {
  return { ...state, snoozedUntil: until, alerted: undefined };
}
