import * as z from 'zod';
import { comparisonRecordSchema } from '../core/compare/types';
import { comparisonDetailSchema } from './results';
import { defineProtocol, noParams, notification, request } from './rpc';

/**
 * The candidate comparison webview (Compare Candidate): a saved comparison record, its decision
 * on top, each set's paired cases filterable, each case's production and candidate answers side
 * by side with the word diff. Every string may come from a model or a file; the view draws text.
 */

const id = z.string().min(1).max(1_000);

export const candidateViewSchema = z.object({
  /** The comparison record's file, and per case its tags (from the candidate's run). */
  file: z.string(),
  record: comparisonRecordSchema,
  tags: z.record(z.string(), z.array(z.string())),
  /** Promote Candidate is offered (a trusted workspace, a decision that is not reject, or by choice). */
  canPromote: z.boolean(),
});
export type CandidateView = z.infer<typeof candidateViewSchema>;

export const candidateProtocol = defineProtocol({
  name: 'candidate',
  toHost: {
    ready: notification(noParams),
    /** One case of one set: production's answer → the candidate's, diffed word by word. */
    caseDetail: request(z.object({ setId: id, caseId: id }).strict(), comparisonDetailSchema),
    openDiff: notification(z.object({ setId: id, caseId: id }).strict()),
    showPromptDiff: notification(z.object({ setId: id }).strict()),
    /** A side's run in the results view. */
    showRun: notification(z.object({ setId: id, which: z.enum(['production', 'candidate']) }).strict()),
    openRecord: notification(noParams),
    promote: notification(noParams),
    reportError: notification(z.object({ message: z.string().max(2_000) }).strict()),
  },
  toView: {
    showComparison: notification(z.object({ view: candidateViewSchema }).strict()),
  },
});

export type CandidateProtocol = typeof candidateProtocol;
