import * as z from 'zod';
import { RUN_RECORD_VERSION, runSummarySchema } from '../store/runRecord';
import { CASE_STATUS_CODES } from './schema';

/**
 * The part of a run record the index keeps, validated with the same field types as
 * `runRecordSchema` (src/core/store/runRecord.ts) but without the outputs and assertions, which
 * the index never stores: validating 100 outputs per file would be most of the cost of a build.
 */
const indexedRecordSchema = z.object({
  schemaVersion: z.literal(RUN_RECORD_VERSION),
  id: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  evalSet: z.object({ id: z.string(), name: z.string() }),
  startedAt: z.string(),
  endedAt: z.string(),
  status: z.enum(['complete', 'cancelled', 'interrupted']),
  trigger: z.string(),
  model: z.object({ name: z.string(), digest: z.string().optional() }),
  systemPrompt: z.object({ sha256: z.string() }),
  selectedCases: z.array(z.string()).optional(),
  cases: z.array(z.object({ id: z.string(), status: z.enum(['passed', 'failed', 'errored']), score: z.number() })),
  summary: runSummarySchema,
});

/** A run reduced to rows: compact, so a cold build can hold thousands before writing them. */
export interface ExtractedRun {
  runId: string;
  evalSetId: string;
  evalSetName: string;
  startedAt: string;
  endedAt: string;
  status: string;
  partial: boolean;
  trigger: string;
  modelName: string;
  modelDigest?: string;
  promptSha: string;
  summary: z.infer<typeof runSummarySchema>;
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
  return {
    ok: true,
    run: {
      runId: r.id,
      evalSetId: r.evalSet.id,
      evalSetName: r.evalSet.name,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      status: r.status,
      partial: r.selectedCases !== undefined,
      trigger: r.trigger,
      modelName: r.model.name,
      modelDigest: r.model.digest,
      promptSha: r.systemPrompt.sha256,
      summary: r.summary,
      caseIds,
      caseStatus,
      caseScores,
    },
  };
}
