import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { toPosix } from '../workspace/paths';
import { readProductionLogs, type FieldMapping, type LogProblem, type ReadSummary } from './logReader';
import { SampleDrawer, UnusableSample, type DrawnSample, type SampleOptions } from './sample';

export interface ProductionSample extends DrawnSample {
  /** The log files read, relative to the client folder where they are inside it. */
  files: string[];
  /** Lines that could not be used: how many, and the first of them. */
  problems: { count: number; first: LogProblem[] };
}

/** The log files a location names: the file itself, or a folder's *.jsonl and *.csv files in name order. */
export async function logFiles(location: string): Promise<string[]> {
  let info;
  try {
    info = await fs.stat(location);
  } catch {
    throw new UnusableSample(`${location} does not exist`);
  }
  if (info.isFile()) return [location];
  if (!info.isDirectory()) throw new UnusableSample(`${location} is not a file or a folder`);
  const names = (await fs.readdir(location)).filter((name) => /\.(jsonl|csv)$/i.test(name)).sort();
  if (names.length === 0) throw new UnusableSample(`${location} holds no *.jsonl or *.csv log`);
  return names.map((name) => path.join(location, name));
}

/** A seed nobody chose: eight hex digits, stored with the sample so it can be drawn again. */
export function freshSeed(): string {
  return randomBytes(4).toString('hex');
}

/** Streams the logs once and draws the sample; file names in it are relative to `clientDir`. */
export async function drawProductionSample(clientDir: string, files: readonly string[], fields: FieldMapping, options: SampleOptions): Promise<ProductionSample> {
  const drawer = new SampleDrawer(options);
  const shown = (file: string) => {
    const rel = path.relative(clientDir, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? toPosix(file) : toPosix(rel);
  };
  const summary: ReadSummary = await readProductionLogs(files, fields, (line) => drawer.offer({ ...line, file: shown(line.file) }));
  const drawn = drawer.finish();
  return {
    ...drawn,
    files: files.map(shown),
    problems: { count: summary.problemCount, first: summary.problems.map((p) => ({ ...p, file: shown(p.file) })) },
  };
}
