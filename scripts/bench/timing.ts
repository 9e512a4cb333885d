// Timing for the benches that measure whole processes.
import * as os from 'os';

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Milliseconds of `runs` calls of `run`, each after `before` (not timed). */
export function timeRuns(runs: number, run: () => void, before: () => void = () => undefined): number[] {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** The 1-minute load average: the machine is shared, so a figure is read beside it. */
export function loadAverage(): string {
  return os.loadavg()[0].toFixed(1);
}
