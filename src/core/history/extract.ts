import * as z from 'zod';
import { runRecordSchema } from '../store/runRecord';
import { runSummaryRow, type RunSummaryRow } from './runColumns';
import { CASE_STATUS_CODES } from './schema';

/**
 * The part of a run record the index keeps, validated by `runRecordSchema` (src/core/store/runRecord.ts)
 * except the cases, of which only the id, status and score are checked: the index never stores
 * outputs or assertions, and validating 100 outputs per file would be most of the cost of a build.
 */
const indexedRecordSchema = runRecordSchema.extend({
  cases: z.array(z.object({ id: z.string(), status: z.enum(['passed', 'failed', 'errored']), score: z.number() })),
});

/** A run reduced to rows: compact, so a cold build can hold thousands before writing them. */
export interface ExtractedRun {
  row: RunSummaryRow;
  caseIds: string[];
  caseStatus: Uint8Array;
  caseScores: Float64Array;
}

export type ExtractResult = { ok: true; run: ExtractedRun } | { ok: false; message: string };

/** Parses a run record file's text into index rows; a foreign or damaged file is an error result. */
export function extractRun(text: string): ExtractResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not a readable run record: ${(e as Error).message}` };
  }
  const parsed = indexedRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `not a run record of this version: ${issue.path.join('.')}: ${issue.message}` };
  }
  const r = parsed.data;
  const n = r.cases.length;
  const caseStatus = new Uint8Array(n);
  const caseScores = new Float64Array(n);
  const caseIds = new Array<string>(n);
  r.cases.forEach((c, i) => {
    caseIds[i] = c.id;
    caseStatus[i] = CASE_STATUS_CODES[c.status];
    caseScores[i] = c.score;
  });
  return { ok: true, run: { row: runSummaryRow(r), caseIds, caseStatus, caseScores } };
}
