import { promises as fs } from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { writeAtomically } from '../util/atomicWrite';
import { sortKeys } from '../util/canonicalJson';
import { YamlSource } from '../workspace/yamlSource';

/**
 * Baselines: a run pinned as the one its eval set is compared against. The pins live in the
 * client folder, `<client>/baselines.json`, so the team shares them through git like every other
 * client file:
 *
 *     { "baselines": { "<evalSetId>": { "note": "…", "pinnedAt": "ISO", "runId": "…" } }, "version": 1 }
 *
 * Written atomically (temporary file, then rename) as stable JSON (sorted keys, 2-space indent,
 * trailing newline) so that pinning one set changes only that set's lines in a diff. A file that
 * cannot be read without loss (it does not parse, or does not match the schema) is reported with
 * positions and never overwritten.
 */
export const BASELINES_FILE = 'baselines.json';
export const BASELINES_VERSION = 1;

export interface BaselinePin {
  runId: string;
  /** ISO 8601 timestamp. */
  pinnedAt: string;
  note?: string;
}

/** A problem in baselines.json; line and column are 1-based. */
export interface BaselineProblem {
  line: number;
  column: number;
  message: string;
}

export interface Baselines {
  /** The valid pins by eval set id; a pin that does not validate is left out and reported. */
  baselines: Record<string, BaselinePin>;
  problems: BaselineProblem[];
  /** Where each valid pin's run id is written, to report a pin whose run does not exist. */
  runIdAt?: Record<string, { line: number; column: number }>;
}

export const baselinePinSchema = z
  .object({
    runId: z.string().min(1),
    pinnedAt: z.iso.datetime({ offset: true }),
    note: z.string().optional(),
  })
  .strict();

const baselinesFileSchema = z
  .object({
    version: z.literal(BASELINES_VERSION),
    baselines: z.record(z.string(), z.unknown()),
  })
  .strict();

export function baselinesPath(clientDir: string): string {
  return path.join(clientDir, BASELINES_FILE);
}

/** The pins of a client. No file means no pins; a damaged file means problems, never a throw. */
export async function readBaselines(clientDir: string): Promise<Baselines> {
  const file = baselinesPath(clientDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { baselines: {}, problems: [] };
    return { baselines: {}, problems: [{ line: 1, column: 1, message: `Cannot read ${BASELINES_FILE}: ${(e as Error).message}` }] };
  }
  return parseBaselines(text, file);
}

/** Parses the text of a baselines.json (exported for the editor's diagnostics on unsaved text). */
export function parseBaselines(text: string, file = BASELINES_FILE): Baselines {
  if (!text.trim()) return { baselines: {}, problems: [] };
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { baselines: {}, problems: syntax.map(toProblem) };

  const json = source.toJS();
  const top = baselinesFileSchema.safeParse(json);
  if (!top.success) return { baselines: {}, problems: source.schemaProblems(top.error.issues).map(toProblem) };

  const baselines: Record<string, BaselinePin> = {};
  const problems: BaselineProblem[] = [];
  const runIdAt: Record<string, { line: number; column: number }> = {};
  for (const [evalSetId, value] of Object.entries(top.data.baselines)) {
    const pin = baselinePinSchema.safeParse(value);
    if (pin.success) {
      baselines[evalSetId] = pin.data;
      const at = source.locate(['baselines', evalSetId, 'runId']);
      runIdAt[evalSetId] = { line: at.line, column: at.column };
    } else problems.push(...source.schemaProblems(pin.error.issues, ['baselines', evalSetId]).map(toProblem));
  }
  return { baselines, problems, runIdAt };
}

/**
 * Pins `runId` as the baseline of `evalSetId`, replacing that set's previous pin and keeping every
 * other set's. Refuses (throws) when the existing file has problems, so nothing is lost silently.
 */
export async function pinBaseline(
  clientDir: string,
  evalSetId: string,
  runId: string,
  note?: string,
  now: Date = new Date(),
): Promise<BaselinePin> {
  if (!evalSetId || evalSetId === '__proto__') throw new Error(`Cannot pin a baseline for the eval set id '${evalSetId}'.`);
  if (!runId) throw new Error('Cannot pin a baseline without a run id.');
  const pin: BaselinePin = { runId, pinnedAt: now.toISOString() };
  if (note !== undefined && note.trim()) pin.note = note.trim();
  await update(clientDir, (pins) => {
    pins[evalSetId] = pin;
    return true;
  });
  return pin;
}

/** Removes the pin of `evalSetId`. Returns whether there was one; the file is left alone when not. */
export async function unpinBaseline(clientDir: string, evalSetId: string): Promise<boolean> {
  return update(clientDir, (pins) => {
    if (!Object.prototype.hasOwnProperty.call(pins, evalSetId)) return false;
    delete pins[evalSetId];
    return true;
  });
}

/** The text a set of pins is written as: sorted keys, 2-space indent, trailing newline. */
export function formatBaselines(pins: Record<string, BaselinePin>): string {
  return JSON.stringify(sortKeys({ version: BASELINES_VERSION, baselines: pins }), null, 2) + '\n';
}

/** Read-modify-write of one client's file; writes in this process are serialised per file. */
const queues = new Map<string, Promise<unknown>>();

function update(clientDir: string, change: (pins: Record<string, BaselinePin>) => boolean): Promise<boolean> {
  const file = baselinesPath(clientDir);
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(async () => {
    const current = await readBaselines(clientDir);
    if (current.problems.length) {
      const first = current.problems[0];
      const more = current.problems.length > 1 ? ` (and ${current.problems.length - 1} more)` : '';
      throw new Error(
        `${file} has problems, so Upkeep will not overwrite it: line ${first.line}, column ${first.column}: ${first.message.replace(/\.$/, '')}${more}. Fix the file (or delete it) and try again.`,
      );
    }
    const pins = { ...current.baselines };
    if (!change(pins)) return false;
    await writeAtomically(file, formatBaselines(pins));
    return true;
  });
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}

function toProblem(p: { range: { line: number; column: number }; message: string }): BaselineProblem {
  return { line: p.range.line, column: p.range.column, message: p.message };
}

