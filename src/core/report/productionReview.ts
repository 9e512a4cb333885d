import { readFindings } from '../review/findings';
import { findingsLines } from '../review/findingsWording';

/** The quality section's production-review lines for the month, when the client has a review sample for it. */
export async function productionReviewLines(clientDir: string, month: string): Promise<string[] | undefined> {
  const findings = await readFindings(clientDir, month).catch(() => undefined);
  return findings && findingsLines(findings);
}
