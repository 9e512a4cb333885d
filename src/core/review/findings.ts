import { promises as fs } from 'fs';
import * as path from 'path';
import { addMonths } from '../analysis/hours';
import { REVIEWS_DIR, verdictFile } from './reviewFiles';
import { pickId, readSample, type StoredSample } from './sampleStore';
import { fisherExact, wilsonInterval, type Interval } from './statistics';
import { FLAG_REASONS, readReview, type FlagReason, type ReviewState } from './verdicts';

/**
 * What a month's review found: the flagged rate with its Wilson 95% interval, by reason and by
 * stratum, against last month's review by Fisher's exact test, the coverage gaps and the eval
 * cases added. The dashboard and the monthly report's quality section show it.
 */
export interface ReviewFindings {
  month: string;
  sampled: number;
  reviewed: number;
  flagged: number;
  /** flagged / reviewed, with Wilson's 95% interval. */
  rate?: number;
  interval?: Interval;
  byReason: Partial<Record<FlagReason, number>>;
  byStratum?: Record<string, { reviewed: number; flagged: number }>;
  lastMonth?: { month: string; reviewed: number; flagged: number; rate: number; p: number; method: string; significant: boolean };
  coverageGaps: Array<{ item: string; input: string; note?: string }>;
  casesAdded: Array<{ set: string; caseId: string }>;
  minutes: number;
  /** Flagged lines were oversampled: the rate is the sample's, not production's. */
  oversampled: boolean;
}

export const FISHER_METHOD = "Fisher's exact test (two-sided) on flagged and not flagged, this month against last";
const ALPHA = 0.05;

export function reviewFindings(sample: StoredSample, review: ReviewState, last?: { sample: StoredSample; review: ReviewState }): ReviewFindings {
  const picks = new Map(sample.picks.map((p) => [pickId(p), p]));
  const verdicts = [...review.verdicts.values()].filter((v) => picks.has(v.item));
  const flagged = verdicts.filter((v) => v.verdict === 'flag');
  const byReason: Partial<Record<FlagReason, number>> = {};
  for (const reason of FLAG_REASONS) {
    const n = flagged.filter((v) => v.reason === reason).length;
    if (n) byReason[reason] = n;
  }
  let byStratum: ReviewFindings['byStratum'];
  if (sample.stratify !== undefined) {
    byStratum = {};
    for (const v of verdicts) {
      const stratum = picks.get(v.item)!.stratum ?? '';
      const s = (byStratum[stratum] ??= { reviewed: 0, flagged: 0 });
      s.reviewed++;
      if (v.verdict === 'flag') s.flagged++;
    }
  }
  const findings: ReviewFindings = {
    month: sample.month,
    sampled: sample.picks.length,
    reviewed: verdicts.length,
    flagged: flagged.length,
    byReason,
    ...(byStratum ? { byStratum } : {}),
    coverageGaps: flagged.filter((v) => v.reason === 'coverage-gap').map((v) => ({ item: v.item, input: picks.get(v.item)!.input, ...(v.note ? { note: v.note } : {}) })),
    casesAdded: review.promotions.map((p) => ({ set: p.set, caseId: p.caseId })),
    minutes: Math.round(review.activeMs / 60000),
    oversampled: Boolean(sample.oversampleFlagged),
  };
  if (verdicts.length) {
    findings.rate = flagged.length / verdicts.length;
    findings.interval = wilsonInterval(flagged.length, verdicts.length);
  }
  if (last && verdicts.length) {
    const before = reviewFindings(last.sample, last.review);
    if (before.reviewed) {
      const p = fisherExact(findings.flagged, findings.reviewed - findings.flagged, before.flagged, before.reviewed - before.flagged);
      findings.lastMonth = { month: before.month, reviewed: before.reviewed, flagged: before.flagged, rate: before.flagged / before.reviewed, p, method: FISHER_METHOD, significant: p < ALPHA };
    }
  }
  return findings;
}

/** The month's findings from the files, with last month's review when there is one; undefined without a sample. */
export async function readFindings(clientDir: string, month: string): Promise<ReviewFindings | undefined> {
  const sample = await readSample(clientDir, month);
  if (!sample) return undefined;
  const review = await readReview(verdictFile(clientDir, month));
  const lastMonth = addMonths(month, -1);
  const lastSample = await readSample(clientDir, lastMonth);
  const last = lastSample && { sample: lastSample, review: await readReview(verdictFile(clientDir, lastMonth)) };
  return reviewFindings(sample, review, last);
}

/** The findings of the client's newest review (the newest `reviews/YYYY-MM.sample.json`), if any. */
export async function latestFindings(clientDir: string): Promise<ReviewFindings | undefined> {
  const names = await fs.readdir(path.join(clientDir, REVIEWS_DIR)).catch(() => [] as string[]);
  const months = names.map((n) => /^(\d{4}-\d{2})\.sample\.json$/.exec(n)?.[1]).filter((m): m is string => m !== undefined).sort();
  const newest = months[months.length - 1];
  return newest === undefined ? undefined : readFindings(clientDir, newest).catch(() => undefined);
}
