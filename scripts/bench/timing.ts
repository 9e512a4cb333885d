// What the benches share for timing: the median, timed runs of a process, the load average.
import * as os from 'os';

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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
