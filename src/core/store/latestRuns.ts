import * as path from 'path';
import { slugify } from '../workspace/scaffold';
import type { EvalSet } from '../workspace/evalSet';
import { readRunRecord } from './readRuns';
import type { RunRecord } from './runRecord';

/** The last two whole-set runs of a set: what the tree needs for its score and trend arrow. */
export interface SetRuns {
  last?: RunRecord;
  previous?: RunRecord;
}

/**
 * For each set, its newest two run records, leaving out cancelled runs and runs of selected cases
 * (a Test Explorer re-run of two cases is not the set's score). Run file names end with the set's
 * slug, so only the candidates are opened, newest first, rather than every record in the folder.
 */
export async function latestRunsBySet(runFiles: readonly string[], sets: readonly EvalSet[]): Promise<Map<string, SetRuns>> {
  const result = new Map<string, SetRuns>();
  await Promise.all(
    sets.map(async (set) => {
      const suffix = new RegExp(`-${escapeRegExp(slugify(set.name) || 'set')}(-\\d+)?\\.json$`);
      const found: RunRecord[] = [];
      for (const file of runFiles.filter((f) => suffix.test(path.basename(f)))) {
        const read = await readRunRecord(file);
        if (read.ok && read.record.evalSet.id === set.id && read.record.status !== 'cancelled' && read.record.selectedCases === undefined) found.push(read.record);
        if (found.length === 2) break;
      }
      result.set(set.id, { last: found[0], previous: found[1] });
    }),
  );
  return result;
}

/** ↑ or ↓ when the score moved by more than `noise`, → otherwise; nothing without a previous run. */
export function trendArrow(runs: SetRuns, noise = 0.02): '↑' | '↓' | '→' | '' {
  if (!runs.last || !runs.previous) return '';
  const delta = runs.last.summary.score - runs.previous.summary.score;
  return delta > noise ? '↑' : delta < -noise ? '↓' : '→';
}

/**
 * Whether `earlier` can be what `run` is compared with by default: it ran every case `run` ran.
 * A run of selected cases stands in only for runs of (some of) the same cases.
 */
export function coversCases(earlier: RunRecord, run: RunRecord): boolean {
  if (earlier.selectedCases === undefined) return true;
  if (run.selectedCases === undefined) return false;
  const ran = new Set(earlier.cases.map((c) => c.id));
  return run.selectedCases.every((id) => ran.has(id));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
