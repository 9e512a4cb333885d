// The dashboard as a person uses it, in a real VS Code in Chromium, on the sample workspace (six
// months of runs and change logs): open it from the palette on the all-clients overview, open a
// client from its row, see the charts drawn with their timeline markers, hover a marker, log hours
// through the form and watch the hours bar and the markers change, switch to a light theme and see
// the charts take its colours, and generate last month's missing report from its next action. Also produces the README's pictures, docs/images/dashboard-dark.png
// and dashboard-light.png (UPKEEP_UPDATE_SCREENSHOTS=1).
//
// Run with `node test/harness/run-e2e.js out/test/e2e/dashboard.e2e.js` after
// `npx tsc -p . && node esbuild.js`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';

import { findFrame, host, repoRoot, stateSaved, useSampleWorkbench } from './workbench';

// The page functions below run in the webview, not in Node (tsconfig has no DOM library).
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  style: Record<string, string>;
  hidden: boolean;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  documentElement: PageElement;
};

const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
/** Pictures for review that the README does not use: always under test-results/. */
const extraShots = path.join(repoRoot, 'test-results', 'screenshots');
const ACME = 'clients/acme-dental';
/** A title with markup in it: the dashboard must show it as the characters it is. */
const TITLE = 'E2E: walkthrough with Priya <img src=x onerror=alert(1)>';

/** Today on this machine's clock, as the form's date defaults to it. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The frame holding the dashboard in this mode (and for this client). */
function dashboardFrame(page: Page, mode: 'client' | 'overview', clientId?: string, timeoutMs = 60000): Promise<Frame> {
  const shows = (frame: Frame) =>
    frame.evaluate(
      ([m, id]) => {
        const app = document.getElementById('app');
        return app?.dataset.mode === m && (!id || app.dataset.client === id);
      },
      [mode, clientId ?? ''] as const,
    );
  return findFrame(page, shows, `dashboard webview in ${mode} mode${clientId ? ` for ${clientId}` : ''}`, timeoutMs);
}

/** The hours bar as the page shows it: its sentence, the logged total and the widths of its parts. */
async function hoursBar(frame: Frame): Promise<{ text: string; total: number; used: string; over: string }> {
  return frame.evaluate(() => {
    const bar = document.querySelector('.hours-bar')!;
    return {
      text: document.querySelector('.hours-text')?.textContent ?? '',
      total: Number(bar.dataset.total),
      used: (document.querySelector('.hours-bar .hours-used') as PageElement).style.width,
      over: (document.querySelector('.hours-bar .hours-over') as PageElement).style.width,
    };
  });
}

describe('Dashboard (e2e)', function () {
  const workbench = useSampleWorkbench({ viewport: { width: 1600, height: 1000 }, waitForClient: 'Acme Dental' });
  const dialogs = workbench.dialogs;

  it('opens from the palette on every client, and a row opens that client', async function () {
    const page = workbench.page;
    await host.runCommand(page, 'Upkeep: Open Dashboard');
    const overview = await dashboardFrame(page, 'overview');
    await overview.locator('.overview-row').first().waitFor();
    const names = await overview.locator('.overview-row .client-link').allInnerTexts();
    assert.deepStrictEqual([...names].sort(), ['Acme Dental', 'Fernhill Outfitters', 'Northwind Legal']);
    const acmeRow = await overview.locator(`.overview-row[data-client="${ACME}"]`).innerText();
    assert.match(acmeRow, /\/ 2 h/, `hours against the retainer: ${acmeRow}`);
    await page.locator('.tab', { hasText: 'Dashboard: All clients' }).first().waitFor();
    // Northwind's two sets both breach: a badge each, saying which set, which threshold, by how much.
    const northwind = await overview.locator('.overview-row[data-client="clients/northwind-legal"] .badge.health').allInnerTexts();
    assert.strictEqual(northwind.length, 2, northwind.join(' | '));
    for (const badge of northwind) assert.match(badge, /^✗ (Intake classification|Urgency and conflicts): pass rate [\d.]+% < 92% threshold \(−[\d.]+ pts\)$/);
    assert.notStrictEqual(northwind[0], northwind[1]);
    await host.screenshot(page, path.join(extraShots, 'dashboard-overview.png'));

    await overview.locator(`.overview-row[data-client="${ACME}"] .client-link`).click();
    const frame = await dashboardFrame(page, 'client', ACME);
    assert.strictEqual(await frame.locator('h1.client-name').innerText(), 'Acme Dental');
    await page.locator('.tab', { hasText: 'Dashboard: Acme Dental' }).first().waitFor();
    // Each set's latest run: the pass rate first, with its counts, then the score, labelled.
    for (const stats of await frame.locator('.set-card .set-stats').allInnerTexts()) assert.match(stats, /^pass [\d.]+% \(\d+\/\d+\) · score \d\.\d\d · p95 /);
  });

  it('draws a score and a latency chart per eval set, with the timeline marked under them', async function () {
    const frame = await dashboardFrame(workbench.page, 'client', ACME);
    const cards = frame.locator('.set-card');
    assert.strictEqual(await cards.count(), 2, 'Front desk and Safety');
    // uPlot draws on canvas: two charts a set.
    await frame.locator('.set-card .chart canvas').nth(3).waitFor();
    assert.strictEqual(await frame.locator('.set-card .chart canvas').count(), 4);
    const sizes = await frame.locator('.set-card .chart canvas').evaluateAll((canvases) => canvases.map((c) => [(c as unknown as { width: number }).width, (c as unknown as { height: number }).height]));
    assert.ok(sizes.every(([w, h]) => w > 200 && h > 50), `canvas sizes: ${JSON.stringify(sizes)}`);

    // Markers: change-log entries, system prompt changes (Acme's September prompt and its October fix).
    const markers = frame.locator('.set-card').first().locator('.marker-row .marker');
    assert.ok((await markers.count()) >= 5, `markers: ${await markers.count()}`);
    const kinds = await frame.locator('.set-card').first().locator('.marker-row .marker').evaluateAll((els) => els.map((e) => e.dataset.kinds ?? ''));
    assert.ok(kinds.some((k) => k.includes('changelog')), `kinds: ${kinds.join(',')}`);
    assert.ok(kinds.some((k) => k.includes('systemPrompt')), `kinds: ${kinds.join(',')}`);

    // Hover (and focus) tell what changed.
    const prompt = frame.locator('.set-card').first().locator('.marker[data-kinds~="systemPrompt"]').first();
    await prompt.hover();
    const tip = frame.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match(await tip.innerText(), /system prompt changed \([0-9a-f]{8} → [0-9a-f]{8}\)/);
    await prompt.focus();
    assert.match(await tip.innerText(), /system prompt changed/);

    // The drift badge says its test on hover.
    const badge = frame.locator('.set-card').first().locator('.badge.drift');
    assert.match(await badge.innerText(), /improving|stable|declining|insufficient data/);
    await badge.hover();
    assert.match(await tip.innerText(), /test/i);

    // The data behind the chart as a table, for screen readers and for reading exact numbers.
    const more = frame.locator('.set-card').first().locator('details.more');
    // Open it unless it already is (a click on an open <details> closes it), then let it render.
    if (!(await more.evaluate((d) => (d as unknown as { open: boolean }).open))) await more.locator('> summary').click();
    await more.locator('table.data-table tbody tr').first().waitFor({ state: 'visible', timeout: 10000 });
    const rows = await more.locator('table.data-table tbody tr').count();
    assert.ok(rows >= 20, `table rows: ${rows}`);
    await frame.locator('.set-card').first().locator('details.more > summary').click();

    // Keyboard on the chart announces a run.
    await frame.locator('.set-card').first().locator('.chart-plot').first().focus();
    await workbench.page.keyboard.press('ArrowLeft');
    assert.match((await frame.locator('.set-card').first().locator('.chart [aria-live]').first().textContent()) ?? '', /Front desk, .*: pass [\d.]+% \(\d+\/\d+\) · score \d\.\d\d, p95 latency/);
    assert.strictEqual(await frame.evaluate(() => document.documentElement.dataset.cspViolations ?? '0'), '0', 'no Content-Security-Policy violation');
  });

  it('rejects a form that does not validate, with the change-log writer’s message', async function () {
    const frame = await dashboardFrame(workbench.page, 'client', ACME);
    const before = await hoursBar(frame);
    await frame.locator('#lh-hours input').fill('30');
    await frame.locator('#lh-title input').fill('Too long a day');
    await frame.locator('#lh-title input').press('Enter');
    await frame.locator('.form-error', { hasText: 'Hours must be more than 0 and at most 24.' }).waitFor();
    assert.strictEqual((await hoursBar(frame)).total, before.total, 'nothing was logged');
  });

  it('logs hours through the form, and the hours bar and the markers change at once', async function () {
    const page = workbench.page;
    const frame = await dashboardFrame(page, 'client', ACME);
    const before = await hoursBar(frame);
    const changelogMarkers = () => frame.locator('.set-card').first().locator('.marker[data-kinds~="changelog"]').evaluateAll((els) => els.map((e) => e.dataset.key ?? '').join('|'));
    assert.ok(!(await changelogMarkers()).includes(`changelog@${today()}`));
    assert.strictEqual(await frame.locator('#lh-date input').inputValue(), today(), 'the date defaults to today');

    await frame.locator('#lh-hours input').fill('0.5');
    await frame.locator('#lh-title input').fill(TITLE);
    await frame.locator('#lh-title input').press('Enter');
    await frame.locator('.form-status', { hasText: /Logged 0\.5 h/ }).waitFor({ timeout: 20000 });

    const after = await hoursBar(frame);
    assert.strictEqual(after.total, before.total + 0.5, `${before.text} → ${after.text}`);
    assert.notStrictEqual(after.text, before.text);
    assert.ok(after.used !== before.used || after.over !== before.over, `bar: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    assert.ok((await changelogMarkers()).includes(`changelog@${today()}`), 'a marker for the new entry');
    assert.strictEqual(await frame.locator('#lh-title input').inputValue(), '', 'the form is ready for the next entry');

    const changelog = fs.readFileSync(path.join(workbench.workspace, ACME, 'CHANGELOG.md'), 'utf8');
    assert.ok(changelog.includes(`## ${today()} · review · 0.5 h · ${TITLE}`), 'the entry is in CHANGELOG.md');

    // The title is text everywhere it shows: the marker's tooltip and the list of events.
    const marker = frame.locator('.set-card').first().locator(`.marker[data-key*="changelog@${today()}"]`).first();
    assert.ok((await marker.getAttribute('data-tip'))?.includes(TITLE));
    await frame.locator('details[data-details="events"] > summary').click();
    await frame.locator('.event-list button', { hasText: TITLE }).first().waitFor();
    await frame.locator('details[data-details="events"] > summary').click();
    assert.strictEqual(await frame.locator('#app img').count(), 0, 'no element made from the title');
    assert.deepStrictEqual(dialogs, []);

    await frame.evaluate(() => {
      (document.getElementById('app') as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await page.mouse.move(5, 500);
    await host.screenshot(page, path.join(shots, 'dashboard-dark.png'));
  });

  it('keeps the client and the scroll position when the panel is hidden and shown again', async function () {
    const page = workbench.page;
    let frame = await dashboardFrame(page, 'client', ACME);
    // The view asks to save on its scroll event, which comes a frame after scrollTop is set.
    await frame.evaluate(async () => {
      const app = document.getElementById('app') as unknown as { scrollTop: number; addEventListener(type: 'scroll', listener: () => void, options: { once: true }): void };
      const scrolled = new Promise<void>((resolve) => app.addEventListener('scroll', resolve, { once: true }));
      app.scrollTop = 400;
      await scrolled;
    });
    await stateSaved(frame);
    const scrolled = await frame.evaluate(() => (document.getElementById('app') as unknown as { scrollTop: number }).scrollTop);
    // Another editor in the same group hides the panel: its document is discarded.
    await host.runCommand(page, 'Upkeep: Open Change Log');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Acme Dental' }).first().click();
    await page.locator('.tab', { hasText: 'CHANGELOG.md' }).first().waitFor();
    await page.locator('.tab', { hasText: 'Dashboard: Acme Dental' }).first().click();
    frame = await dashboardFrame(page, 'client', ACME);
    await frame.locator('.set-card .chart canvas').first().waitFor();
    await frame.waitForFunction((y) => Math.abs((document.getElementById('app') as unknown as { scrollTop: number }).scrollTop - y) < 2, scrolled, { polling: 100 });
  });

  it('takes the colours of a light theme, redrawing the charts', async function () {
    const page = workbench.page;
    let frame = await dashboardFrame(page, 'client', ACME);
    const dark = await frame.evaluate(() => document.querySelector('.client-page')?.dataset.palette ?? '');
    await host.runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Light Modern');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).first().click();
    frame = await dashboardFrame(page, 'client', ACME);
    await frame.waitForFunction((before) => {
      const now = document.querySelector('.client-page')?.dataset.palette;
      return !!now && now !== before;
    }, dark, { polling: 250, timeout: 30000 });
    await frame.evaluate(() => {
      (document.getElementById('app') as unknown as { scrollTop: number }).scrollTop = 0;
    });
    // The change log opened by the previous test would sit in the picture's tab bar.
    await host.runCommand(page, 'View: Close Other Editors in Group');
    await page.locator('.tab', { hasText: 'CHANGELOG.md' }).waitFor({ state: 'detached' });
    await page.mouse.move(5, 500);
    await host.screenshot(page, path.join(shots, 'dashboard-light.png'));
  });

  it('takes the colours of a high-contrast theme too', async function () {
    const page = workbench.page;
    let frame = await dashboardFrame(page, 'client', ACME);
    const light = await frame.evaluate(() => document.querySelector('.client-page')?.dataset.palette ?? '');
    await host.runCommand(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Dark High Contrast');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark High Contrast' }).first().click();
    frame = await dashboardFrame(page, 'client', ACME);
    await frame.waitForFunction((before) => {
      const now = document.querySelector('.client-page')?.dataset.palette;
      return !!now && now !== before;
    }, light, { polling: 250, timeout: 30000 });
    await page.mouse.move(5, 500);
    await host.screenshot(page, path.join(extraShots, 'dashboard-high-contrast.png'));
  });

  it('suggests last month’s report while it is missing, and its button writes and previews it', async function () {
    const page = workbench.page;
    await page.locator('.tab', { hasText: 'Dashboard: Acme Dental' }).first().click();
    const frame = await dashboardFrame(page, 'client', ACME);
    const d = new Date();
    const month = new Date(d.getFullYear(), d.getMonth() - 1, 1);
    const name = month.toLocaleString('en', { month: 'long', year: 'numeric' });
    const ym = `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}`;
    const action = frame.locator('.action[data-kind="report"]');
    assert.match(await action.innerText(), new RegExp(`Generate the ${name} report`));
    await action.locator('vscode-button[data-action="generate-report"]').click();
    await page.locator('.tab', { hasText: `Report: Acme Dental ${ym}` }).first().waitFor({ timeout: 60000 });
    assert.ok(fs.existsSync(path.join(workbench.workspace, ACME, 'reports', `${ym}.pdf`)), 'the PDF was written');
    await page.locator('.tab', { hasText: 'Dashboard: Acme Dental' }).first().click();
    await (await dashboardFrame(page, 'client', ACME)).locator('.action[data-kind="report"]').waitFor({ state: 'detached', timeout: 30000 });
  });

  it('shows no hours figure for a client without a change log, in the overview and on its page, but why', async function () {
    const page = workbench.page;
    const id = 'clients/zz-no-changelog';
    const dir = path.join(workbench.workspace, id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'client.yaml'), 'name: No Change Log\nmodel:\n  provider: ollama\n  name: m\nretainer:\n  includedHours: 10\n');
    try {
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'No Change Log' }).first().waitFor({ timeout: 60000 });
      await host.runCommand(page, 'Upkeep: Open Dashboard');
      const overview = await dashboardFrame(page, 'overview');
      const cell = overview.locator(`.overview-row[data-client="${id}"] .hours-cell`);
      await cell.waitFor({ timeout: 30000 });
      const text = await cell.innerText();
      assert.match(text, /not known: no change log was read/);
      assert.doesNotMatch(text, /\d h/, `no hours figure: ${text}`);
      assert.match(await overview.locator(`.overview-row[data-client="${ACME}"] .hours-cell`).innerText(), /\/ 2 h/);
      await overview.locator(`.overview-row[data-client="${id}"] .client-link`).click();
      const frame = await dashboardFrame(page, 'client', id);
      assert.match(await frame.locator('.hours-text').innerText(), /^Hours not known: no change log was read\./);
      assert.strictEqual(await frame.locator('.hours-figure .big').innerText(), '—');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
