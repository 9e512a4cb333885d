// Restricted Mode: a workspace the user does not trust still shows its clients, but Upkeep runs
// no eval set (a client.yaml decides where the eval set is sent) and says why.
import * as path from 'path';
import { host, repoRoot, type Host } from './workbench';

describe('Restricted Mode (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  after(async () => session?.close());

  it('shows the clients but explains that runs need trust', async function () {
    const workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
    session = await host.open({ folder: workspace, extensionDevelopmentPath: repoRoot, workspaceTrust: true, viewport: { width: 1280, height: 800 } });
    const page = session.page;
    // VS Code asks whether to trust the folder: the user says no.
    await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click({ timeout: 60000 });
    await host.openViewContainer(page, 'Upkeep', 60000);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Acme Dental' }).first().waitFor({ timeout: 60000 });
    await host.runCommand(page, 'Upkeep: Run All Eval Sets');
    await page.locator('.notification-toast', { hasText: 'Upkeep runs eval sets only in a trusted workspace' }).waitFor({ timeout: 20000 });
    await page.locator('.notification-toast .monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor();
  });
});
