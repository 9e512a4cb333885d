import { countsAsScore, isStoppedRun, runFacts } from '../history/runsThatCount';
import type { EvalSet } from '../workspace/evalSet';
import { runFilesOfSet } from './caseHistory';
import { readRunRecord } from './readRuns';
import type { RunRecord } from './runRecord';

/** What the tree shows of a set: its last two scores (src/core/history/runsThatCount.ts) and a newer run that stopped short. */
export interface SetRuns {
  last?: RunRecord;
  previous?: RunRecord;
  /** A production run newer than `last` that was an outage or was interrupted: shown beside the score, never as it. */
  stopped?: RunRecord;
}

/**
 * For each set, its newest two runs that are the set's score, and a newer outage or interrupted
 * run if there is one. Run file names end with the set's slug, so only the candidates are opened,
 * newest first, rather than every record in the folder.
 */
export async function latestRunsBySet(runFiles: readonly string[], sets: readonly EvalSet[]): Promise<Map<string, SetRuns>> {
  const result = new Map<string, SetRuns>();
  await Promise.all(
    sets.map(async (set) => {
      const found: RunRecord[] = [];
      let stopped: RunRecord | undefined;
      for (const file of runFilesOfSet(runFiles, set.name)) {
        const read = await readRunRecord(file);
        if (!read.ok || read.record.evalSet.id !== set.id) continue;
        const facts = runFacts(read.record);
        if (countsAsScore(facts)) found.push(read.record);
        else if (found.length === 0 && !stopped && isStoppedRun(facts)) stopped = read.record;
        if (found.length === 2) break;
      }
      result.set(set.id, { last: found[0], previous: found[1], ...(stopped ? { stopped } : {}) });
    }),
  );
  return result;
}

/**
 * ↑ or ↓ when the pass rate (what the threshold judges, and what the tree shows first) moved by
 * more than `noise`, → otherwise; nothing without a previous run.
 */
export function trendArrow(runs: SetRuns, noise = 0.02): '↑' | '↓' | '→' | '' {
  if (!runs.last || !runs.previous) return '';
  const delta = runs.last.summary.passRate - runs.previous.summary.passRate;
  return delta > noise ? '↑' : delta < -noise ? '↓' : '→';
}
