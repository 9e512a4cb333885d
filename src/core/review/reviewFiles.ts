import * as path from 'path';

/**
 * Where a month's review lives in the client folder: `reviews/YYYY-MM.sample.json` (the sample,
 * its seed and method, and the run that graded it) and `reviews/YYYY-MM.jsonl` (the verdicts,
 * one line appended as each is made).
 */
export const REVIEWS_DIR = 'reviews';

export function sampleFile(clientDir: string, month: string): string {
  return path.join(clientDir, REVIEWS_DIR, `${month}.sample.json`);
}

export function verdictFile(clientDir: string, month: string): string {
  return path.join(clientDir, REVIEWS_DIR, `${month}.jsonl`);
}

/** The first and last day of a month, `YYYY-MM-DD`. */
export function monthRange(month: string): { since: string; until: string } {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { since: `${month}-01`, until: `${month}-${String(last).padStart(2, '0')}` };
}
