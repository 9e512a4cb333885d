// The Clients tree in a real VS Code workbench: open a copy of sample-workspace with Upkeep
// loaded, select the "Upkeep" activity-bar container and wait for the three sample clients.
// Also produces the README's screenshot, docs/images/clients-tree.png (UPKEEP_UPDATE_SCREENSHOTS=1).
//
// Run with `node test/harness/run-e2e.js` after `npm run build && npx tsc -p .`.
import * as path from 'path';
import * as assert from 'assert';
import { host, repoRoot, useSampleWorkbench } from './workbench';

const CLIENTS = ['Acme Dental', 'Northwind Legal', 'Fernhill Outfitters'];

describe('Clients tree (e2e)', function () {
  const workbench = useSampleWorkbench({ viewport: { width: 1280, height: 800 } });

  it('lists the three sample clients under the Upkeep activity-bar container', async function () {
    const page = workbench.page;
    await host.openViewContainer(page, 'Upkeep', 60000);
    const sidebar = page.locator('.part.sidebar');
    for (const name of CLIENTS) {
      await sidebar.locator('.monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 60000 });
    }
    const rows = await sidebar.locator('.monaco-list-row').allInnerTexts();
    for (const name of CLIENTS) assert.ok(rows.some((r) => r.includes(name)), `${name} in tree: ${rows.join(' | ')}`);
    // Expanded, a client shows what its folder holds; eval sets open expanded by default.
    await sidebar.locator('.monaco-list-row', { hasText: 'Acme Dental' }).first().click();
    for (const label of ['acme-support:v3', 'System prompt', 'Front desk', 'Runbooks', 'Change log']) {
      await sidebar.locator('.monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 20000 });
    }
    // A set reads as the tree describes it: the pass rate the threshold judges, then the score.
    const frontDesk = await sidebar.locator('.monaco-list-row', { hasText: 'Front desk' }).first().innerText();
    assert.match(frontDesk, /\d+ cases · pass [\d.]+% \(\d+\/\d+\)( [↑↓→])? · score \d\.\d\d/, frontDesk);
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
    await host.screenshot(page, path.join(shots, 'clients-tree.png'));
  });
});
