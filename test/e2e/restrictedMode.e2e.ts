// Restricted Mode: a workspace the user does not trust still shows its clients, but Upkeep runs
// no eval set (a client.yaml decides where the eval set is sent) and says why, and checks no model
// on a schedule either.
import { existsSync, readdirSync, statSync } from 'fs';
import * as assert from 'assert';
import * as path from 'path';
import { host, repoRoot, type Host } from './workbench';

const CLIENTS = ['acme-dental', 'fernhill-outfitters', 'northwind-legal'];

/** Each client's health history as file → size: a check appends a line, so any check changes it. */
function healthFiles(workspace: string): Record<string, number> {
  const files: Record<string, number> = {};
  for (const client of CLIENTS) {
    const dir = path.join(workspace, 'clients', client, 'health');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) files[`${client}/${f}`] = statSync(path.join(dir, f)).size;
  }
  return files;
}

describe('Restricted Mode (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  after(async () => session?.close());

  it('shows the clients but explains that runs need trust', async function () {
    const workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
    const historyBefore = healthFiles(workspace);
    // Scheduled health checks on, the first a second after activation: in Restricted Mode none may run.
    const settings = { 'upkeep.health.intervalMinutes': 0.02, 'upkeep.health.firstCheckSeconds': 1 };
    session = await host.open({ folder: workspace, extensionDevelopmentPath: repoRoot, workspaceTrust: true, settings, viewport: { width: 1280, height: 800 } });
    const page = session.page;
    // VS Code asks whether to trust the folder: the user says no.
    await page.getByRole('button', { name: /No, I don.t trust the authors/ }).click({ timeout: 60000 });
    await host.openViewContainer(page, 'Upkeep', 60000);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Acme Dental' }).first().waitFor({ timeout: 60000 });
    await host.runCommand(page, 'Upkeep: Run All Eval Sets');
    await page.locator('.notification-toast', { hasText: 'Upkeep runs eval sets only in a trusted workspace' }).waitFor({ timeout: 20000 });
    await page.locator('.notification-toast .monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor();
    // Long past the first scheduled check's second: no check wrote a health sample, none shows in the status bar.
    // (The sample's own history, Fernhill's October, is there from the start and must stay as it was.)
    assert.deepStrictEqual(healthFiles(workspace), historyBefore, 'a client was checked in Restricted Mode');
    assert.strictEqual(await page.locator('.statusbar-item', { hasText: /^\s*\d+ ·/ }).count(), 0);
  });
});
