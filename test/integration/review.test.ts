import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseEvalSet } from '../../src/core/workspace/evalSet';
import { diagnosticsOf, upkeep, waitFor, workspaceDir } from './helpers';

/**
 * The production review in the real VS Code: draw and grade a month's sample from a client's
 * production log, flag two answers, promote one to an eval set (which must still load, comments
 * and all), close the view mid-review and reopen it without losing a verdict.
 */
const CLIENT_ID = 'clients/zz-review';
const MONTH = '2026-10';
const MANIFEST = `name: Review Clinic
model:
  provider: ollama
  host: http://127.0.0.1:9   # never asked: the review grades recorded answers
  name: clinic:v1
production:
  logs: production
  fields: { input: question, output: answer, timestamp: at, flagged: thumbs_down }
  size: 12
  stratify: channel
  oversampleFlagged: 0.25   # the seed is fresh each draw: three flagged (failing) answers make the outcome certain
  assert:
    - { type: not-icontains, value: guarantee }
`;
const SET = `# Front desk: questions patients ask. Keep this comment.
name: Front desk
cases:
  # Opening hours
  - id: hours
    input: When are you open?
    expected: 8 to 6 on weekdays.
`;

function productionLog(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const answer = i % 5 === 0 ? 'We guarantee a pain-free visit.' : `Answer number ${i}.`;
    lines.push(JSON.stringify({ question: `Question number ${i}?`, answer, at: `${MONTH}-${day}T03:00:00Z`, channel: i % 3 ? 'web' : 'phone', thumbs_down: i % 5 === 0 }));
  }
  return `${lines.join('\n')}\n`;
}

describe('Production review in VS Code', () => {
  let dir: string;

  before(async function () {
    this.timeout(60000);
    dir = path.join(workspaceDir(), CLIENT_ID);
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.mkdir(path.join(dir, 'production'), { recursive: true });
    await fs.writeFile(path.join(dir, 'production', `${MONTH}.jsonl`), productionLog());
    await fs.writeFile(path.join(dir, 'evals', 'front-desk.yaml'), SET);
    await fs.writeFile(path.join(dir, 'client.yaml'), MANIFEST);
    const { ctx } = await upkeep();
    await waitFor('the client to load', async () => (await ctx.reload()).clients.find((c) => c.id === CLIENT_ID)?.evalSets.length === 1);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reviews a sample: flag two, promote one, close and reopen mid-review without losing a verdict', async function () {
    this.timeout(90000);
    const { review, ctx } = await upkeep();
    assert.strictEqual(await vscode.commands.executeCommand('upkeep.reviewProduction', CLIENT_ID, MONTH), true);
    const shown = review.current!;
    assert.strictEqual(shown.view.items.length, 12);
    await waitFor('the view to load', () => review.isLoaded, 30000);
    // Graded first: the answers that promise a guarantee failed and come first.
    const failed = shown.view.items.filter((i) => i.grade?.status === 'failed');
    assert.ok(failed.length >= 1, JSON.stringify(shown.view.items.map((i) => i.grade)));
    assert.strictEqual(shown.view.items[0].grade?.status, 'failed');
    for (const item of failed) assert.match(item.output, /guarantee/);

    const [first, second, third] = shown.view.items;
    let id = 1;
    const ask = async (method: string, params: unknown) => {
      const received = await review.dispatch({ type: 'request', id: id++, method, params });
      assert.ok(received.ok && received.reply?.type === 'response' && !received.reply.error, JSON.stringify(received));
      return (received.reply as { result: unknown }).result;
    };
    await ask('verdict', { item: first.id, verdict: 'flag', reason: 'wrong', note: 'no guarantees' });
    await ask('verdict', { item: second.id, verdict: 'flag', reason: 'coverage-gap' });
    assert.deepStrictEqual(await ask('verdict', { item: third.id, verdict: 'accept' }), { reviewed: 3, total: 12 });
    const invalid = await review.dispatch({ type: 'request', id: id++, method: 'verdict', params: { item: third.id, verdict: 'flag' } });
    assert.ok(!invalid.ok, 'a flag without a reason does not fit the protocol');

    const setFile = path.join(dir, 'evals', 'front-desk.yaml');
    const promoted = (await ask('promote', { item: second.id, setId: 'evals/front-desk.yaml', caseId: 'from-production', expected: 'We are open 8 to 6 on weekdays.', tags: ['production'] })) as { ok: boolean; message: string };
    assert.ok(promoted.ok, promoted.message);
    const text = await fs.readFile(setFile, 'utf8');
    assert.ok(text.startsWith(SET), text);
    const parsed = parseEvalSet(setFile, 'evals/front-desk.yaml', text);
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(parsed.set!.cases.map((c) => c.id), ['hours', 'from-production']);
    await waitFor('the new case to load', () => ctx.client(CLIENT_ID)?.evalSets[0].cases.length === 2);
    assert.deepStrictEqual(diagnosticsOf(setFile), []);

    // Mid-review: the panel closes, and opens again where it was.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the view to close', () => !review.isOpen);
    assert.strictEqual(await vscode.commands.executeCommand('upkeep.reviewProduction', CLIENT_ID, MONTH), true);
    const again = review.current!.view.items;
    const verdictOf = (itemId: string) => again.find((i) => i.id === itemId)?.verdict;
    assert.deepStrictEqual(verdictOf(first.id), { verdict: 'flag', reason: 'wrong', note: 'no guarantees' });
    assert.deepStrictEqual(verdictOf(second.id), { verdict: 'flag', reason: 'coverage-gap' });
    assert.deepStrictEqual(verdictOf(third.id), { verdict: 'accept' });
    assert.strictEqual(again.filter((i) => i.verdict).length, 3);
    assert.strictEqual(again.find((i) => i.id === second.id)?.promotedTo, 'Front desk / from-production');

    // The time spent, as a review entry in the change log.
    assert.ok(review.minutesInUse() >= 1);
    assert.strictEqual(await review.logMinutes(20), true);
    const changelog = await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^## \d{4}-\d{2}-\d{2} · review · 0\.33 h · Production review 2026-10: 3 of 12 reviewed, 2 flagged$/m);
    assert.match(changelog, /Promoted to eval cases: from-production\./);

    // The findings reach the dashboard.
    const { dashboard } = await upkeep();
    await vscode.commands.executeCommand('upkeep.openDashboard', CLIENT_ID);
    const lines = await waitFor('the review findings on the dashboard', () => {
      const m = dashboard.lastPosted;
      return m?.method === 'showClient' && m.params.dashboard.client.id === CLIENT_ID ? m.params.dashboard.review?.lines : undefined;
    }, 30000);
    assert.match(lines[0], /^Production review: 3 of 12 sampled answers reviewed, 2 flagged \(66\.7%, 95% interval/);
    assert.ok(lines.some((l) => l.startsWith('Eval cases added from it: from-production')), lines.join('\n'));
    dashboard.dispose();
  });
});
