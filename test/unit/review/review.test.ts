import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { reviewFindings } from '../../../src/core/review/findings';
import { promoteToEvalCase, PromotionRefused, suggestCaseId } from '../../../src/core/review/promote';
import { appendReviewLine, readReview, readReviewText } from '../../../src/core/review/verdicts';
import { parseEvalSet } from '../../../src/core/workspace/evalSet';
import { samplePick, storedSample } from '../helpers/samples';
import { removeTree, tempTree } from '../helpers/tempDir';

const EVAL_SET = `# Front desk questions, kept by hand
name: Front desk
defaults:
  assert: [{ type: latency, threshold: 5000 }] # ms
cases:
  # Billing
  - id: refund-window
    input: Can I get a refund?
    expected: Within 30 days.
`;

describe('the review record', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('appends each verdict as a line; the latest per item wins, a torn line is skipped, time adds up', async () => {
    root = await tempTree({});
    const file = path.join(root, 'reviews/2026-10.jsonl');
    await appendReviewLine(file, { type: 'verdict', at: '2026-11-02T09:00:00Z', item: '2026-10.jsonl-4', verdict: 'flag', reason: 'wrong' });
    await fs.appendFile(file, '{"type": "verdict", "at": "2026-11-02T09:01:00Z", "item": "2026-10.jsonl-'); // a write cut short
    await appendReviewLine(file, { type: 'verdict', at: '2026-11-02T09:02:00Z', item: '2026-10.jsonl-4', verdict: 'accept' });
    await appendReviewLine(file, { type: 'verdict', at: '2026-11-02T09:03:00Z', item: '2026-10.jsonl-9', verdict: 'flag', reason: 'coverage-gap', note: 'asks about parking' });
    await appendReviewLine(file, { type: 'time', at: '2026-11-02T09:04:00Z', ms: 90000 });
    await appendReviewLine(file, { type: 'time', at: '2026-11-02T09:30:00Z', ms: 30000 });
    const state = await readReview(file);
    assert.deepStrictEqual([...state.verdicts.values()].map((v) => [v.item, v.verdict]), [['2026-10.jsonl-4', 'accept'], ['2026-10.jsonl-9', 'flag']]);
    assert.deepStrictEqual(state.unread, [2]);
    assert.strictEqual(state.activeMs, 120000);
    assert.deepStrictEqual(readReviewText('').verdicts.size, 0);
    await assert.rejects(appendReviewLine(file, { type: 'verdict', at: 'x', item: 'y', verdict: 'flag', reason: 'boring' as never }));
  });

  it('promotes a case into a YAML set keeping its comments and layout, validated first', async () => {
    root = await tempTree({ 'c/evals/front-desk.yaml': EVAL_SET, 'c/evals/intake.jsonl': '{"id": "a", "input": "x"}\n' });
    const file = path.join(root, 'c/evals/front-desk.yaml');
    const set = parseEvalSet(file, 'evals/front-desk.yaml', EVAL_SET).set!;
    const id = suggestCaseId('Do you have parking near the clinic?', set.cases.map((c) => c.id));
    assert.strictEqual(id, 'do-you-have-parking-near');
    assert.strictEqual(suggestCaseId('Refund window', ['refund-window']), 'refund-window-2');
    await promoteToEvalCase(set, { id, input: 'Do you have parking near the clinic?', expected: 'Yes: two hours free at the Wilson car park.', tags: ['production', 'web'], assert: [{ type: 'icontains', value: 'Wilson' }] });
    const text = await fs.readFile(file, 'utf8');
    assert.ok(text.startsWith(EVAL_SET.trimEnd()), `the file as it was, then the case:\n${text}`);
    for (const comment of ['# Front desk questions, kept by hand', '# ms', '# Billing']) assert.ok(text.includes(comment), comment);
    const after = parseEvalSet(file, 'evals/front-desk.yaml', text);
    assert.deepStrictEqual(after.problems, []);
    assert.deepStrictEqual(after.set!.cases.map((c) => c.id), ['refund-window', id]);
    assert.deepStrictEqual(after.set!.cases[1].tags, ['production', 'web']);

    await assert.rejects(promoteToEvalCase(after.set!, { id: 'bad', input: 'q', assert: [{ type: 'icontain', value: 'x' }] }), (e: Error) => e instanceof PromotionRefused && /would not load: line \d+, column \d+: .*did you mean 'icontains'/.test(e.message));
    await assert.rejects(promoteToEvalCase(after.set!, { id, input: 'q' }), /already has a case/);
    assert.strictEqual(await fs.readFile(file, 'utf8'), text, 'a refused case writes nothing');

    const jsonl = path.join(root, 'c/evals/intake.jsonl');
    const intake = parseEvalSet(jsonl, 'evals/intake.jsonl', await fs.readFile(jsonl, 'utf8')).set!;
    await promoteToEvalCase(intake, { id: 'b', input: 'y', expected: 'z' });
    assert.strictEqual(await fs.readFile(jsonl, 'utf8'), '{"id": "a", "input": "x"}\n{"id":"b","input":"y","expected":"z"}\n');
  });

  it('finds the flagged rate with its Wilson interval, by reason and stratum, and tests it against last month (Fisher)', () => {
    const picks = Array.from({ length: 20 }, (_, i) => samplePick('2026-10', i + 1, { stratum: i % 4 ? 'web' : 'phone' }));
    const october = storedSample('2026-10', picks, { stratify: 'channel' });
    const review = readReviewText(
      picks
        .map((p, i) => JSON.stringify(i < 10 ? { type: 'verdict', at: 't', item: `2026-10.jsonl-${p.line}`, verdict: 'flag', reason: i < 8 ? 'wrong' : 'coverage-gap', ...(i === 9 ? { note: 'parking' } : {}) } : { type: 'verdict', at: 't', item: `2026-10.jsonl-${p.line}`, verdict: 'accept' }))
        .concat([JSON.stringify({ type: 'promoted', at: 't', item: '2026-10.jsonl-1', set: 'evals/front-desk.yaml', caseId: 'question-1' }), JSON.stringify({ type: 'time', at: 't', ms: 25 * 60000 })])
        .join('\n'),
    );
    const septemberPicks = Array.from({ length: 20 }, (_, i) => samplePick('2026-09', i + 1));
    const september = storedSample('2026-09', septemberPicks);
    const lastReview = readReviewText(septemberPicks.map((p, i) => JSON.stringify({ type: 'verdict', at: 't', item: `2026-09.jsonl-${p.line}`, verdict: i < 2 ? 'flag' : 'accept', reason: 'wrong' })).join('\n'));
    const f = reviewFindings(october, review, { sample: september, review: lastReview });
    assert.deepStrictEqual([f.sampled, f.reviewed, f.flagged, f.rate], [20, 20, 10, 0.5]);
    assert.ok(Math.abs(f.interval!.low - 0.2993) < 1e-4 && Math.abs(f.interval!.high - 0.7007) < 1e-4, JSON.stringify(f.interval));
    assert.deepStrictEqual(f.byReason, { wrong: 8, 'coverage-gap': 2 });
    assert.deepStrictEqual(f.byStratum, { phone: { reviewed: 5, flagged: 3 }, web: { reviewed: 15, flagged: 7 } });
    assert.deepStrictEqual(f.coverageGaps, [{ item: '2026-10.jsonl-9', input: 'question 9' }, { item: '2026-10.jsonl-10', input: 'question 10', note: 'parking' }]);
    assert.deepStrictEqual(f.casesAdded, [{ set: 'evals/front-desk.yaml', caseId: 'question-1' }]);
    assert.strictEqual(f.minutes, 25);
    // 10/20 against 2/20: scipy.stats.fisher_exact([[10, 10], [2, 18]]) (R's fisher.test alike) p = 0.013814.
    assert.ok(Math.abs(f.lastMonth!.p - 0.013814) < 1e-6, String(f.lastMonth!.p));
    assert.deepStrictEqual([f.lastMonth!.month, f.lastMonth!.flagged, f.lastMonth!.significant], ['2026-09', 2, true]);
    assert.match(f.lastMonth!.method, /Fisher's exact test/);
  });
});
