import * as z from 'zod';
import { FLAG_REASONS } from '../core/review/reasons';
import { defineProtocol, noParams, notification, request } from './rpc';

/**
 * The production review webview: a month's sample, one answer at a time (or as a list), its
 * automatic grade, and the reviewer's verdict saved as it is made. Every string comes from a
 * production log or a model: the view draws text only.
 */

const id = z.string().min(1).max(1_000);
const text = z.string().max(200_000);

export const reviewItemSchema = z.object({
  id,
  input: text,
  output: text,
  timestamp: z.string().max(100),
  stratum: z.string().max(1_000).optional(),
  /** The log marked it (production.fields.flagged). */
  flaggedInLog: z.boolean(),
  grade: z.object({ status: z.enum(['passed', 'failed', 'errored']), score: z.number(), reasons: z.array(z.string().max(10_000)) }).optional(),
  verdict: z.object({ verdict: z.enum(['accept', 'flag']), reason: z.enum(FLAG_REASONS).optional(), note: z.string().max(10_000).optional() }).optional(),
  /** The eval case it became, when promoted. */
  promotedTo: z.string().max(1_000).optional(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewViewSchema = z.object({
  client: z.string(),
  month: z.string(),
  seed: z.string(),
  method: z.string(),
  /** Suspicious first: failed and errored grades, then by score. */
  items: z.array(reviewItemSchema),
  evalSets: z.array(z.object({ id, name: z.string() })),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const verdictParams = z
  .object({ item: id, verdict: z.enum(['accept', 'flag']), reason: z.enum(FLAG_REASONS).optional(), note: z.string().max(10_000).optional() })
  .strict()
  .refine((v) => v.verdict === 'accept' || v.reason !== undefined, { message: 'a flag needs its reason', path: ['reason'] });

export const promoteParams = z
  .object({ item: id, setId: id, caseId: z.string().min(1).max(200), expected: z.string().max(100_000), tags: z.array(z.string().min(1).max(200)).max(50) })
  .strict();

export const reviewProtocol = defineProtocol({
  name: 'review',
  toHost: {
    ready: notification(noParams),
    /** Saved to reviews/YYYY-MM.jsonl before the answer comes back. */
    verdict: request(verdictParams, z.object({ reviewed: z.number(), total: z.number() })),
    /** Suggested id and assertions for a promotion form. */
    suggestCase: request(z.object({ item: id, expected: z.string().max(100_000) }).strict(), z.object({ caseId: z.string(), assert: z.array(z.string()) })),
    promote: request(promoteParams, z.object({ ok: z.boolean(), message: z.string() })),
    /** The reviewer is done: offer the time as a change-log entry. */
    finish: notification(noParams),
    reportError: notification(z.object({ message: z.string().max(2_000) }).strict()),
  },
  toView: {
    showReview: notification(z.object({ view: reviewViewSchema }).strict()),
  },
});

export type ReviewProtocol = typeof reviewProtocol;
