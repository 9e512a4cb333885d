import { promises as fs } from 'fs';
import * as path from 'path';
import { writeAtomically } from '../util/atomicWrite';
import type { ProductionSample } from './drawSample';
import { REVIEWS_DIR, sampleFile } from './reviewFiles';
import type { SamplePick } from './sample';

/** A sample as written to `reviews/YYYY-MM.sample.json`. */
export interface StoredSample extends ProductionSample {
  version: 1;
  month: string;
  drawnAt: string;
  /** The `sample` run that graded it, when it was graded. */
  runId?: string;
}

/** The case id of a pick: its file's name and line, e.g. `2026-10.jsonl-412`. */
export function pickId(pick: Pick<SamplePick, 'file' | 'line'>): string {
  return `${path.posix.basename(pick.file)}-${pick.line}`.replace(/[^A-Za-z0-9._-]/g, '-');
}

export async function writeSample(clientDir: string, sample: StoredSample): Promise<string> {
  const file = sampleFile(clientDir, sample.month);
  await fs.mkdir(path.join(clientDir, REVIEWS_DIR), { recursive: true });
  await writeAtomically(file, `${JSON.stringify(sample, null, 2)}\n`);
  return file;
}

export async function readSample(clientDir: string, month: string): Promise<StoredSample | undefined> {
  try {
    return JSON.parse(await fs.readFile(sampleFile(clientDir, month), 'utf8')) as StoredSample;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}
