import type { RunRow } from '../history/types';
import type { RunFigure } from './types';

/** A run of the index with the day it ran on the engineer's clock. */
export interface DatedRun {
  run: RunRow;
  date: string;
}

export function figure(d: DatedRun): RunFigure {
  const r = d.run;
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    date: d.date,
    passed: r.passed,
    total: r.total,
    passRate: r.passRate,
    score: r.score,
    ...(r.latencyP50Ms !== undefined ? { latencyP50Ms: r.latencyP50Ms } : {}),
    ...(r.latencyP95Ms !== undefined ? { latencyP95Ms: r.latencyP95Ms } : {}),
  };
}
