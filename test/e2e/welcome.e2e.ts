// A workspace with no client: the Clients view offers "Create Client", and using it from there
// (button, input box, Enter) makes a client that appears in the tree with its manifest open.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { host, repoRoot, type Host } from './workbench';

describe('Welcome view (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  let folder: string;
  after(async () => {
    await session?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('offers Create Client in an empty workspace, and the button creates one', async function () {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-empty-'));
    session = await host.open({ folder, extensionDevelopmentPath: repoRoot, viewport: { width: 1280, height: 800 } });
    const page = session.page;
    await host.openViewContainer(page, 'Upkeep', 60000);
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText('No clients in this workspace yet', { exact: false }).waitFor({ timeout: 60000 });
    // The welcome view's own button, not the view's title-bar action of the same name.
    await sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Create Client' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('Kestrel Physio');
    await page.keyboard.press('Enter');
    await sidebar.locator('.monaco-list-row', { hasText: 'Kestrel Physio' }).first().waitFor({ timeout: 30000 });
    await page.locator('.tab', { hasText: 'client.yaml' }).first().waitFor({ timeout: 30000 });
    assert.ok(fs.existsSync(path.join(folder, 'clients', 'kestrel-physio', 'evals', 'smoke.yaml')));
  });
});
