import * as path from 'path';
import { checkTimeZone, defaultReportMonth } from '../report/calendar';
import type { RunOutcome } from '../runner/runEvalSet';
import type { Client } from '../workspace/loadWorkspace';
import { resolveInside } from '../workspace/paths';
import { drawProductionSample, freshSeed, logFiles } from './drawSample';
import { DEFAULT_FIELDS } from './logReader';
import { monthRange } from './reviewFiles';
import { DEFAULT_SAMPLE_SIZE, UnusableSample } from './sample';
import { gradeSample } from './sampleRun';
import { writeSample, type StoredSample } from './sampleStore';
import type { ClientRunOptions } from '../runner/runClientEvalSet';

export interface MonthlySampleRequest {
  /** A log file or folder (absolute, or relative to the working folder); default client.yaml `production.logs`. */
  from?: string;
  size?: number;
  seed?: string;
  stratify?: string;
  /** `YYYY-MM-DD`; the default range is the month a report is due for. */
  since?: string;
  until?: string;
  timeZone?: string;
  now?: Date;
  /** How the grading run is made (trigger, progress, cancel). */
  run: Omit<ClientRunOptions, 'purpose' | 'provider'>;
}

export interface MonthlySample {
  sample: StoredSample;
  file: string;
  /** The `sample` run, when the client has assertions to grade with. */
  graded?: RunOutcome;
}

/** Why `text` is not a calendar date `YYYY-MM-DD`, or undefined. */
export function dateProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return `'${text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01`;
  return undefined;
}

/**
 * Draws the month's review sample from the client's production logs, writes it to
 * `reviews/YYYY-MM.sample.json` with its seed and method, and grades it as a `sample` run when the
 * client has production assertions. Throws UnusableSample (or UnmappableLog) for input that
 * cannot make a sample.
 */
export async function drawMonthlySample(client: Client, r: MonthlySampleRequest): Promise<MonthlySample> {
  const manifest = client.manifest;
  if (!manifest) throw new UnusableSample(`${client.manifestFile} has problems; fix them first.`);
  const production = manifest.production;
  try {
    checkTimeZone(r.timeZone);
  } catch {
    throw new UnusableSample(`'${r.timeZone}' is not a time zone: give an IANA name, e.g. Australia/Sydney`);
  }
  for (const date of [r.since, r.until]) {
    const problem = date === undefined ? undefined : dateProblem(date);
    if (problem) throw new UnusableSample(problem);
  }
  const month = (r.since ?? r.until)?.slice(0, 7) ?? defaultReportMonth(r.now ?? new Date(), r.timeZone);
  const range = monthRange(month);
  const since = r.since ?? range.since;
  const until = r.until ?? (r.since ? maxDate(r.since, range.until) : range.until);

  let location: string;
  if (r.from !== undefined) location = path.resolve(r.from);
  else if (production) {
    const inside = await resolveInside(client.dir, production.logs);
    if (!inside.ok) throw new UnusableSample(`production.logs: ${inside.reason}`);
    location = inside.path;
  } else throw new UnusableSample(`${client.name} has no production: section in client.yaml; give the log with --from, or add production.logs`);

  const files = await logFiles(location);
  const drawn = await drawProductionSample(client.dir, files, production?.fields ?? DEFAULT_FIELDS, {
    size: r.size ?? production?.size ?? DEFAULT_SAMPLE_SIZE,
    seed: r.seed ?? freshSeed(),
    since,
    until,
    ...(r.timeZone ? { timeZone: r.timeZone } : {}),
    ...((r.stratify ?? production?.stratify) !== undefined ? { stratify: r.stratify ?? production?.stratify } : {}),
    ...(production?.oversampleFlagged ? { oversampleFlagged: production.oversampleFlagged } : {}),
  });
  if (drawn.picks.length === 0) {
    throw new UnusableSample(`no line of ${drawn.files.join(', ')} was answered from ${since} to ${until} (${drawn.population.lines} lines read${drawn.problems.count ? `, ${drawn.problems.count} unusable` : ''})`);
  }
  const sample: StoredSample = { version: 1, month, drawnAt: (r.now ?? new Date()).toISOString(), ...drawn };
  let file = await writeSample(client.dir, sample);
  const graded = await gradeSample(client, sample, r.run);
  if (graded) {
    sample.runId = graded.record.id;
    file = await writeSample(client.dir, sample);
  }
  return { sample, file, ...(graded ? { graded } : {}) };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
