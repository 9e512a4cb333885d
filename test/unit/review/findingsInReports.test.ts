import * as assert from 'assert';
import * as path from 'path';
import { latestFindings } from '../../../src/core/review/findings';
import { findingsLines } from '../../../src/core/review/findingsWording';
import { verdictFile } from '../../../src/core/review/reviewFiles';
import { writeSample } from '../../../src/core/review/sampleStore';
import { appendReviewLine } from '../../../src/core/review/verdicts';
import { productionReviewLines } from '../../../src/core/report/productionReview';
import { samplePick, storedSample } from '../helpers/samples';
import { removeTree, tempTree } from '../helpers/tempDir';

/** `n` picks of the month, alternately sms and web. */
function sample(month: string, n: number) {
  const picks = Array.from({ length: n }, (_, i) => samplePick(month, i + 1, { stratum: i % 2 ? 'web' : 'sms' }));
  return storedSample(month, picks, { stratify: 'channel' });
}

describe('review findings in the report and the dashboard', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('words the newest review with its interval, reasons, strata, last month by Fisher, gaps and cases added', async () => {
    root = await tempTree({});
    const dir = path.join(root, 'c');
    await writeSample(dir, sample('2026-09', 10));
    await writeSample(dir, sample('2026-10', 10));
    for (let i = 1; i <= 10; i++) {
      await appendReviewLine(verdictFile(dir, '2026-09'), { type: 'verdict', at: 't', item: `2026-09.jsonl-${i}`, verdict: 'accept' });
      const flag = i <= 4;
      await appendReviewLine(verdictFile(dir, '2026-10'), flag ? { type: 'verdict', at: 't', item: `2026-10.jsonl-${i}`, verdict: 'flag', reason: i === 4 ? 'coverage-gap' : 'wrong' } : { type: 'verdict', at: 't', item: `2026-10.jsonl-${i}`, verdict: 'accept' });
    }
    await appendReviewLine(verdictFile(dir, '2026-10'), { type: 'promoted', at: 't', item: '2026-10.jsonl-4', set: 'evals/front-desk.yaml', caseId: 'question-4' });
    const latest = await latestFindings(dir);
    assert.strictEqual(latest?.month, '2026-10');
    assert.deepStrictEqual(findingsLines(latest!), [
      'Production review: 10 of 10 sampled answers reviewed, 4 flagged (40%, 95% interval 16.8%–68.7% (Wilson)).',
      'Flagged as: wrong 3, coverage gap 1.',
      'By stratum: sms 2 of 5, web 2 of 5.',
      "Against September 2026 (0 of 10, 0%): no clear change from last month (Fisher's exact test (two-sided) on flagged and not flagged, this month against last, p = 0.087).",
      'Coverage gaps: “question 4”.',
      'Eval cases added from it: question-4.',
    ]);
    assert.deepStrictEqual(await productionReviewLines(dir, '2026-10'), findingsLines(latest!));
    assert.strictEqual(await productionReviewLines(dir, '2026-08'), undefined);
    assert.strictEqual(await latestFindings(path.join(root, 'none')), undefined);
  });
});
