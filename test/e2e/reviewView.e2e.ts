// The production review as a person does it with the keyboard only, in a real VS Code in
// Chromium: Review Production Sample from the palette draws and grades the month's sample of
// Acme Dental's production log, then keys accept, flag with a reason, note, move, promote to an
// eval case and end the review (the change-log offer, pre-filled with the minutes). Also produces
// the README's picture, docs/images/review-view.png (UPKEEP_UPDATE_SCREENSHOTS=1).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { defaultReportMonth } from '../../src/core/report/calendar';
import { findFrame, host, repoRoot, useSampleWorkbench } from './workbench';

interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: { activeElement: { tagName: string } | null; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };

const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
const ACME = 'clients/acme-dental';
const MONTH = defaultReportMonth(new Date());
const QUESTIONS = ['Can I get a refund on a cleaning I cancelled?', 'Do you open on Saturdays?', 'My gum is bleeding after a filling, what do I do?', 'Is there parking at Carrow Park?', 'Do you bulk bill kids?', 'Can I bring my dog?'];

function productionLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 36; i++) {
    const question = `${QUESTIONS[i % QUESTIONS.length]} (${i + 1})`;
    const answer = i % 6 === 0 ? 'Refunds are available within 14 days, guaranteed.' : `Thanks for asking. <img src=x onerror=alert(1)> Answer ${i + 1}.`;
    const day = String((i % 27) + 1).padStart(2, '0');
    lines.push(JSON.stringify({ input: question, output: answer, timestamp: `${MONTH}-${day}T10:00:00+10:00`, channel: i % 3 ? 'web' : 'sms', latencyMs: 900 + i, thumbs_down: i % 6 === 0 }));
  }
  return `${lines.join('\n')}\n`;
}

function reviewFrame(page: import('playwright-core').Page): Promise<Frame> {
  return findFrame(page, (frame) => frame.evaluate(() => document.querySelector('main.review h1') !== null), 'review view');
}

describe('Production review (e2e)', function () {
  const workbench = useSampleWorkbench({
    viewport: { width: 1400, height: 1000 },
    waitForClient: 'Acme Dental',
    prepare: (workspace) => {
      const dir = path.join(workspace, ACME);
      fs.mkdirSync(path.join(dir, 'production'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'production', `e2e-${MONTH}.jsonl`), productionLog());
      const manifest = fs.readFileSync(path.join(dir, 'client.yaml'), 'utf8');
      // The seed is fresh each draw: three flagged (failing) answers drawn first make the first row a failed one.
      if (!/^production:/m.test(manifest)) {
        fs.writeFileSync(path.join(dir, 'client.yaml'), `${manifest}production:\n  logs: production\n  fields: { flagged: thumbs_down }\n  size: 12\n  stratify: channel\n  oversampleFlagged: 0.25\n  assert:\n    - { type: not-icontains, value: guaranteed }\n`);
      }
      fs.rmSync(path.join(dir, 'reviews', `${MONTH}.sample.json`), { force: true });
      fs.rmSync(path.join(dir, 'reviews', `${MONTH}.jsonl`), { force: true });
    },
  });

  it('reviews with the keyboard only: accept, flag with a reason, note, move, promote, end', async function () {
    const page = workbench.page;
    await host.runCommand(page, 'Upkeep: Review Production Sample');
    // Fernhill has a production log too (the sample's October review): choose Acme by typing.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Acme Dental' }).first().waitFor();
    await page.keyboard.type('Acme Dental');
    await page.keyboard.press('Enter');
    const frame = await reviewFrame(page);
    const progress = () => frame.evaluate(() => document.querySelector('.progress')?.textContent ?? '');
    await frame.locator('.progress', { hasText: '0 of 12 reviewed' }).waitFor();
    // Suspicious first: the answers that promise a guarantee failed their check.
    assert.match(await frame.evaluate(() => document.querySelector('.grade')?.textContent ?? ''), /failed/);
    // The model's markup is text.
    assert.strictEqual(await frame.evaluate(() => document.querySelectorAll('main img').length), 0);

    await page.keyboard.press('f');
    await frame.locator('.reasons').waitFor();
    await page.keyboard.press('1');
    await frame.locator('.progress', { hasText: '1 of 12 reviewed · 1 flagged' }).waitFor();
    await page.keyboard.press('a');
    await frame.locator('.progress', { hasText: '2 of 12 reviewed · 1 flagged' }).waitFor();
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await frame.locator('.verdict', { hasText: 'Flagged: wrong' }).waitFor();
    await page.keyboard.press('n');
    await page.keyboard.type('Quotes 14 days; the policy is 30.');
    await page.keyboard.press('Control+Enter');
    await frame.locator('.verdict', { hasText: 'Quotes 14 days; the policy is 30.' }).waitFor();
    await page.keyboard.press('Escape');

    // Promote the flagged answer: the form opens on the eval set, Tab moves through it, Ctrl+Enter adds.
    await page.keyboard.press('p');
    await frame.locator('form.promote').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Refunds are available within 30 days of the appointment.');
    await page.keyboard.press('Control+Enter');
    await frame.locator('.status', { hasText: 'Added' }).waitFor();
    const evalFile = fs.readFileSync(path.join(workbench.workspace, ACME, 'evals', 'front-desk.yaml'), 'utf8');
    assert.match(evalFile, /expected: Refunds are available within 30 days of the appointment\./);
    assert.match(await progress(), /2 of 12 reviewed/);

    const verdicts = fs.readFileSync(path.join(workbench.workspace, ACME, 'reviews', `${MONTH}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    assert.deepStrictEqual(verdicts.filter((v) => v.type === 'verdict').length, 3, 'flag, accept, and the flag again with its note');
    assert.ok(verdicts.some((v) => v.type === 'promoted'));
    await host.screenshot(page, path.join(shots, 'review-view.png'));

    // End the review: the minutes in use are offered as a review entry.
    await page.keyboard.press('j');
    await page.keyboard.press('e');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Minutes spent' }).waitFor();
    assert.match(await input.inputValue(), /^\d+$/);
    await input.press('Enter');
    await page.locator('.notifications-toasts', { hasText: 'Logged' }).first().waitFor();
    assert.match(fs.readFileSync(path.join(workbench.workspace, ACME, 'CHANGELOG.md'), 'utf8'), new RegExp(`· review · [\\d.]+ h · Production review ${MONTH}: 2 of 12 reviewed, 1 flagged`));
    assert.deepStrictEqual(workbench.dialogs, []);
  });
});
