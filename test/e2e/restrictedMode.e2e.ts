// Restricted Mode: a workspace the user does not trust still shows its clients, but Upkeep runs
// no eval set (a client.yaml decides where the eval set is sent) and says why, checks no model
// on a schedule either, and neither promotes a candidate nor rolls production back.
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
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

/** Every file of the workspace as path → sha256 of its bytes. */
function workspaceFiles(dir: string, under = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, under), { withFileTypes: true })) {
    const rel = path.join(under, entry.name);
    if (entry.isDirectory()) Object.assign(files, workspaceFiles(dir, rel));
    else files[rel] = createHash('sha256').update(readFileSync(path.join(dir, rel))).digest('hex');
  }
  return files;
}

describe('Restricted Mode (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  let workspace = '';
  after(async () => session?.close());

  it('shows the clients but explains that runs need trust', async function () {
    workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
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

  it("neither promotes the sample's candidate nor rolls production back, changes no file and says why", async function () {
    const page = session!.page;
    const before = workspaceFiles(workspace);
    // Northwind has the sample's v1 → v2 comparison to promote and a v1 history to roll back to: only trust is missing.
    for (const [command, what] of [['Upkeep: Promote Candidate', 'promotes a candidate'], ['Upkeep: Roll Back', 'rolls production back']]) {
      await host.runCommand(page, command);
      const toast = page.locator('.notification-toast', { hasText: `Upkeep ${what} only in a trusted workspace` });
      await toast.waitFor({ timeout: 20000 });
      assert.match(await toast.innerText(), /rewrites production's client\.yaml and system prompt[^]*Nothing was changed/);
    }
    // No client was asked for: the commands stopped before any question.
    assert.strictEqual(await page.locator('.quick-input-widget').isVisible(), false);
    assert.deepStrictEqual(workspaceFiles(workspace), before, 'a file changed in Restricted Mode');
  });
});
