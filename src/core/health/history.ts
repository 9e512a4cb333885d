import { promises as fs } from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { writeFailure } from '../store/writeFailure';
import { problem, type Problem } from '../workspace/problems';
import type { HealthCheck } from './check';

/**
 * Health history as files: each check is one JSON line in `<client>/health/YYYY-MM.jsonl` (the UTC
 * month of the check). Lines only ever get appended, so two machines recording the same client
 * merge with git's union driver (the README shows the `.gitattributes` line), and readers sort by
 * time. A line that does not parse is a problem at its line, and the others still count.
 */
export const HEALTH_DIR = 'health';
/** How often checks run when the sample does not say. */
export const DEFAULT_EVERY_MINUTES = 15;

export const healthSampleSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  status: z.enum(['up', 'degraded', 'down']),
  /** The interval the watcher meant to check at: a longer silence after it is "not monitored". */
  every: z.number().positive().optional(),
  problems: z.array(z.string()).optional(),
  reason: z.string().optional(),
  firstTokenMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative().optional(),
  digest: z.string().optional(),
});
export type HealthSample = z.output<typeof healthSampleSchema>;

export function sampleOf(check: HealthCheck, everyMinutes: number): HealthSample {
  return {
    at: check.at,
    status: check.status,
    every: everyMinutes,
    ...(check.problems.length ? { problems: check.problems.map((p) => p.kind), reason: check.summary } : {}),
    ...(check.firstTokenMs !== undefined ? { firstTokenMs: Math.round(check.firstTokenMs) } : {}),
    ...(check.totalMs !== undefined ? { totalMs: Math.round(check.totalMs) } : {}),
    ...(check.digest ? { digest: check.digest } : {}),
  };
}

export function healthFile(clientDir: string, at: string): string {
  return path.join(clientDir, HEALTH_DIR, `${at.slice(0, 7)}.jsonl`);
}

/** Appends the samples to their months' files (created with the folder when missing). */
export async function recordSamples(clientDir: string, samples: readonly HealthSample[]): Promise<void> {
  const byFile = new Map<string, string[]>();
  for (const s of samples) {
    const file = healthFile(clientDir, new Date(s.at).toISOString());
    byFile.set(file, [...(byFile.get(file) ?? []), JSON.stringify(s)]);
  }
  for (const [file, lines] of byFile) {
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, lines.map((l) => `${l}\n`).join(''));
    } catch (e) {
      throw writeFailure(e, file, 'the health history');
    }
  }
}

export interface ReadSamples {
  /** Oldest first. */
  samples: HealthSample[];
  problems: Problem[];
}

/** Every sample of the client's `health/*.jsonl`, oldest first. */
export async function readSamples(clientDir: string): Promise<ReadSamples> {
  const dir = path.join(clientDir, HEALTH_DIR);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /^\d{4}-\d{2}\.jsonl$/.test(n)).sort();
  const out: ReadSamples = { samples: [], problems: [] };
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await fs.readFile(file, 'utf8');
    parseSamples(file, text, out);
  }
  out.samples.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return out;
}

export function parseSamples(file: string, text: string, out: ReadSamples): void {
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = { line: i + 1, column: 1, endLine: i + 1, endColumn: line.length + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      out.problems.push(problem(file, at, `Not a JSON line: ${(e as Error).message}`, 'health-line', 'warning'));
      return;
    }
    const parsed = healthSampleSchema.safeParse(value);
    if (parsed.success) out.samples.push(parsed.data);
    else out.problems.push(problem(file, at, `Not a health sample: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`, 'health-line', 'warning'));
  });
}
