// The candidate view as a person uses it, in a real VS Code in Chromium: the sample's Northwind
// v1 → v2 comparison opened from the palette (Upkeep: Show Comparison), its decision and rule on
// top, the paired cases filtered to the losses, and a case's two answers side by side with the
// word diff. Also produces the README's picture docs/images/candidate-view.png
// (UPKEEP_UPDATE_SCREENSHOTS=1).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { comparisonRecordSchema, type ComparisonRecord } from '../../src/core/compare/types';
import { findFrame, host, repoRoot, useSampleWorkbench } from './workbench';

declare const document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): ArrayLike<unknown> };

const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
const COMPARISONS = path.join('clients', 'northwind-legal', 'comparisons');

function candidateFrame(page: Page): Promise<Frame> {
  return findFrame(page, (f) => f.evaluate(() => document.querySelector('.candidate-page .decision') !== null), 'candidate webview');
}

describe('Candidate view (e2e)', function () {
  const workbench = useSampleWorkbench({ viewport: { width: 1400, height: 900 }, waitForClient: 'Northwind Legal' });
  let record: ComparisonRecord;

  before(function () {
    const dir = path.join(repoRoot, 'sample-workspace', COMPARISONS);
    const file = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop()!;
    record = comparisonRecordSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  });

  it("opens the sample's comparison from the palette: the decision and its rule on top", async function () {
    const page = workbench.page;
    await host.runCommand(page, 'Upkeep: Show Comparison');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Northwind Legal' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: record.id }).first().click();
    const frame = await candidateFrame(page);
    const decision = await frame.locator('.decision').innerText();
    assert.match(decision, new RegExp(`^${record.decision.outcome}`, 'i'));
    assert.match(decision, /Rule: Over the eval sets/);
    const figures = await frame.locator('.set-figures').innerText();
    const s = record.sets[0];
    assert.match(figures, new RegExp(`Wins / losses\\s+${s.counts.wins} / ${s.counts.losses}`));
    assert.match(figures, /McNemar/);
    assert.match(figures, /Production: reused /);
    assert.match(await frame.locator('.config').innerText(), /northwind-intake:v1[\s\S]*northwind-intake:v2/);
  });

  it('the Losses filter leaves only the losses, and a loss shows both answers side by side with the word diff', async function () {
    const page = workbench.page;
    const frame = await candidateFrame(page);
    const losses = record.sets[0].pairs.filter((p) => p.outcome === 'loss').map((p) => p.id);
    assert.ok(losses.length > 0, 'the sample comparison has a loss to show');
    await frame.locator('vscode-checkbox[data-filter="loss"]').click();
    await frame.waitForFunction((n) => document.querySelectorAll('.vrow').length === n, losses.length);
    const keys = await frame.locator('.vrow').evaluateAll((rows) => rows.map((r) => (r as { dataset: { key?: string } }).dataset.key));
    assert.deepStrictEqual(keys.sort(), [...losses].sort());
    const row = frame.locator(`.vrow[data-key="${losses[0]}"]`);
    await row.locator('.vrow-head').click();
    await row.locator('.detail:not([aria-busy])').waitFor({ timeout: 20000 });
    await row.locator('pre.production').waitFor();
    await row.locator('pre.candidate').waitFor();
    const marked = (await row.locator('pre.production del.diff-removed').count()) + (await row.locator('pre.candidate ins.diff-added').count());
    assert.ok(marked > 0, 'the answers differ word by word');
    await host.screenshot(page, path.join(shots, 'candidate-view.png'));
    await frame.locator('vscode-checkbox[data-filter="loss"]').click();
    await frame.locator('.filter-summary', { hasText: new RegExp(`^${record.sets[0].pairs.length} cases$`) }).waitFor();
  });
});
