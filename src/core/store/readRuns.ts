import { promises as fs } from 'fs';
import { problem, START_OF_FILE, type Problem } from '../workspace/problems';
import { runRecordSchema, type RunRecord } from './runRecord';

export type ReadRunResult = { ok: true; record: RunRecord } | { ok: false; file: string; message: string };

/** Reads and validates a run record; a damaged or foreign file is an error result, never a throw. */
export async function readRunRecord(file: string): Promise<ReadRunResult> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    return { ok: false, file, message: `not a readable run record: ${(e as Error).message}` };
  }
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, file, message: `not a run record of this version: ${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, record: parsed.data };
}

/** The newest record of an eval set among files listed newest first, or undefined. */
export async function latestRun(files: readonly string[], evalSetId: string, skip?: string): Promise<RunRecord | undefined> {
  for (const file of files) {
    if (file === skip) continue;
    const result = await readRunRecord(file);
    if (result.ok && result.record.evalSet.id === evalSetId) return result.record;
  }
  return undefined;
}

/**
 * A run record that cannot be read, as a Problem: until it is fixed or removed its run is missing
 * from the tree, trends, drift and reports, which must not happen without a word.
 */
export function unreadableRunProblem(file: string, why: string): Problem {
  return problem(file, START_OF_FILE, `This run record cannot be read (${why.replace(/\.$/, '')}), so its run is left out of scores, trends and reports. Restore it from git or delete it.`, 'run-record', 'warning');
}
