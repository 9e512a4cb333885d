import { promises as fs } from 'fs';
import * as path from 'path';
import { writeAtomically } from '../util/atomicWrite';
import { makeRunId } from '../runner/runId';
import { comparisonRecordSchema, type ComparisonRecord } from './types';

/** Comparison records live beside the runs they pair: `<client>/comparisons/<start>-<candidate>.json`. */
export const COMPARISONS_DIR = 'comparisons';

export function comparisonsDir(clientDir: string): string {
  return path.join(clientDir, COMPARISONS_DIR);
}

/** An id like a run's: the start time and the candidate model, `-2`, `-3`, … when one exists already. */
export async function newComparisonId(clientDir: string, startedAt: Date, candidateModel: string): Promise<string> {
  const base = makeRunId(startedAt, candidateModel);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await fs.stat(comparisonFile(clientDir, id)).catch(() => undefined))) return id;
  }
}

export function comparisonFile(clientDir: string, id: string): string {
  return path.join(comparisonsDir(clientDir), `${id}.json`);
}

export async function saveComparison(clientDir: string, record: ComparisonRecord): Promise<string> {
  const file = comparisonFile(clientDir, record.id);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(file, JSON.stringify(record, null, 2) + '\n');
  return file;
}

export async function readComparison(file: string): Promise<ComparisonRecord> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not a readable comparison record: ${(e as Error).message}`, { cause: e });
  }
  const parsed = comparisonRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a comparison record of this version: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The client's comparison files, newest first. */
export async function listComparisons(clientDir: string): Promise<string[]> {
  const names = await fs.readdir(comparisonsDir(clientDir)).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json')).sort().reverse().map((n) => path.join(comparisonsDir(clientDir), n));
}
