// The monthly report as a person makes it, in a real VS Code in Chromium, on the sample workspace:
// Generate Monthly Report from the palette (client, then month), and the preview panel showing
// Acme Dental's October 2026 with its figures and charts, under no script at all: the engineer's
// notes, kept from the Markdown already there, hold markup that must stay text. Also produces the
// README's picture, docs/images/report-html.png (UPKEEP_UPDATE_SCREENSHOTS=1).
//
// Run with `node test/harness/run-e2e.js out/test/e2e/reportPreview.e2e.js` after
// `npx tsc -p . && node esbuild.js`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { NOTES_END, NOTES_START } from '../../src/core/report/notes';
import { findFrame, host, repoRoot, useSampleWorkbench } from './workbench';

// The page functions below run in the webview, not in Node (tsconfig has no DOM library).
interface PageElement {
  textContent: string | null;
  children: ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
}
declare function getComputedStyle(element: PageElement): { backgroundColor: string; color: string };
declare const document: {
  title: string;
  documentElement: PageElement;
  body: PageElement;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
};

const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
const ACME = 'clients/acme-dental';
const TITLE = 'Acme Dental · AI assistant report · October 2026';
/** Notes the engineer wrote before: kept on regeneration, and shown as the characters they are. */
const NOTES = 'Called Dr Acme about the refund wording. <img src=x onerror=alert(1)> <script>document.title="script ran"</script>';

/** The frame holding the report preview's document. */
function previewFrame(workbench: { page: import('playwright-core').Page }): Promise<Frame> {
  return findFrame(workbench.page, (frame) => frame.evaluate((t) => document.querySelector('h1')?.textContent === t, TITLE), 'report preview');
}

describe('Monthly report preview (e2e)', function () {
  const workbench = useSampleWorkbench({
    viewport: { width: 1400, height: 1360 },
    waitForClient: 'Acme Dental',
    prepare: (workspace) => {
      const dir = path.join(workspace, ACME, 'reports');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '2026-10.md'), `# An earlier draft\n\n${NOTES_START}\n${NOTES}\n${NOTES_END}\n`);
    },
  });

  it('Generate Monthly Report asks for the client and the month, writes the three files and previews them', async function () {
    const page = workbench.page;
    await host.runCommand(page, 'Upkeep: Generate Monthly Report');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Acme Dental' }).first().click();
    const month = page.locator('.quick-input-widget input');
    await month.waitFor();
    await page.locator('.quick-input-widget', { hasText: 'Month (YYYY-MM)' }).waitFor();
    await month.fill('2026-10');
    await month.press('Enter');

    const frame = await previewFrame(workbench);
    await page.locator('.tab', { hasText: 'Report: Acme Dental 2026-10' }).first().waitFor();
    for (const format of ['md', 'html', 'pdf']) assert.ok(fs.existsSync(path.join(workbench.workspace, ACME, 'reports', `2026-10.${format}`)), `2026-10.${format} was not written`);

    // The golden figures of the sample's October, as the client reads them.
    const text = (await frame.evaluate(() => document.body.textContent ?? '')).replace(/\s+/g, ' ');
    for (const figure of [
      'Hours: 4.25 h of 2 included · 2.25 h over · AUD 405 to be invoiced',
      'Safety: knocked-out-tooth passes again',
      'Safety from 14/16 (88%) on 5 Oct to 16/16 (100%) on 8 Oct',
      // The agency's branding, from the sample's upkeep.yaml.
      ' by Harrow Lane Studio',
    ]) assert.ok(text.includes(figure), `the preview lacks "${figure}"`);
    // The report is paper, under the dark theme too: dark text on white, not on the editor's background.
    const colours = await frame.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).color]);
    assert.deepStrictEqual(colours, ['rgb(255, 255, 255)', 'rgb(29, 29, 29)']);
    // vega's SVG trend chart of each set, drawn inline.
    assert.strictEqual(await frame.evaluate(() => document.querySelectorAll('.chart svg').length), 2, 'a chart for Front desk and for Safety');
    await frame.locator('.chart svg').first().waitFor({ state: 'visible' });
  });

  it('runs no script: the panel’s frame may not, the page has none, and the notes’ markup is text', async function () {
    const frame = await previewFrame(workbench);
    const sandbox = (await (await frame.frameElement()).getAttribute('sandbox')) ?? '';
    assert.ok(!sandbox.split(/\s+/).includes('allow-scripts'), `the preview's frame allows scripts: sandbox="${sandbox}"`);
    const page = await frame.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      // The agency's logo (the sample's upkeep.yaml) is the one image, embedded: no request.
      images: Array.from(document.querySelectorAll('img'), (img) => `${img.getAttribute('class')} ${img.getAttribute('src')?.slice(0, 26)}`),
      title: document.title,
      notes: document.querySelector('.notes')?.textContent ?? '',
      noteElements: document.querySelector('.notes')?.children.length ?? -1,
      policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    assert.strictEqual(page.scripts, 0);
    assert.deepStrictEqual(page.images, ['logo data:image/svg+xml;base64,'], 'an element was made from the notes');
    assert.strictEqual(page.notes, NOTES, 'the notes were kept, as text');
    assert.strictEqual(page.noteElements, 0);
    assert.notStrictEqual(page.title, 'script ran');
    assert.match(page.policy, /default-src 'none'/);
    assert.doesNotMatch(page.policy, /script-src|unsafe-inline|unsafe-eval/);
    assert.deepStrictEqual(workbench.dialogs, []);

    // The month is listed under the client's Reports, as in the picture.
    const sidebar = workbench.page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'Acme Dental' }).first().click();
    await sidebar.locator('.monaco-list-row', { hasText: 'Reports' }).first().click();
    await sidebar.locator('.monaco-list-row', { hasText: 'October 2026' }).first().waitFor();
    await workbench.page.mouse.move(5, 500);
    await host.screenshot(workbench.page, path.join(shots, 'report-html.png'));
  });
});
