// The Clients tree in a real VS Code workbench: open a copy of sample-workspace with Upkeep
// loaded, select the "Upkeep" activity-bar container and wait for the three sample clients.
// Also produces the README's screenshot, docs/images/clients-tree.png (UPKEEP_UPDATE_SCREENSHOTS=1).
//
// Run with `node test/harness/run-e2e.js` after `npm run build && npx tsc -p .`.
import * as fs from 'fs';
import * as path from 'path';
import * as assert from 'assert';

// host.js is plain JavaScript that tsc does not copy into out/, so it is loaded from the source
// tree at run time (found by walking up from out/test/e2e); host.d.ts gives it types.
type Host = typeof import('../harness/host');
function findRepoRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, 'test', 'harness', 'host.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('test/harness/host.js not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}
const repoRoot = findRepoRoot(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const host: Host = require(path.join(repoRoot, 'test', 'harness', 'host.js'));

const CLIENTS = ['Acme Dental', 'Northwind Legal', 'Fernhill Outfitters'];

describe('Clients tree (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;

  before(async function () {
    const workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
    session = await host.open({
      folder: workspace,
      extensionDevelopmentPath: repoRoot,
      env: { UPKEEP_TEST_WORKSPACE: workspace },
      theme: 'Default Dark Modern',
      viewport: { width: 1280, height: 800 },
    });
  });

  afterEach(async function () {
    // A failing test leaves a picture of what the workbench showed (test-results/ is git-ignored).
    if (this.currentTest?.state === 'failed' && session) {
      const file = path.join(repoRoot, 'test-results', 'e2e', `${this.currentTest.title.replace(/[^\w-]+/g, '_')}.png`);
      await host.screenshot(session.page, file).then(() => console.error(`    screenshot: ${file}`), () => {});
    }
  });

  after(async function () {
    await session?.close();
  });

  it('lists the three sample clients under the Upkeep activity-bar container', async function () {
    const page = session!.page;
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
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
    await host.screenshot(page, path.join(shots, 'clients-tree.png'));
  });
});
