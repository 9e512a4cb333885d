// The keybindings pressed as a person presses them, in a real VS Code in Chromium: Ctrl+Alt+R in
// an eval file's editor runs that set, Ctrl+Alt+U there opens the dashboard of its client. The
// integration suite checks what the keys are bound to; this shows the browser and code-server
// let them through to VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { findFrame, host, useSampleWorkbench } from './workbench';

declare const document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null };

const ACME = path.join('clients', 'acme-dental');
const SET = `name: Keyboard
cases:
  - id: hours
    input: When are you open on Saturday?
    assert: [{ type: icontains, value: saturday }]
  - id: parking
    input: Is there parking?
    assert: [{ type: icontains, value: parking }]
`;

describe('Keybindings (e2e)', function () {
  let server: OllamaTestServer;
  before(async () => {
    server = await startOllamaServer({ script: { models: ['acme-support:v3', 'llama3.1:8b', 'nomic-embed-text'], defaultReply: 'Saturday 9 to 1, and there is free parking.' } });
  });
  after(async () => server?.close());

  const workbench = useSampleWorkbench({
    viewport: { width: 1400, height: 900 },
    waitForClient: 'Acme Dental',
    // Acme's model is the test server, and it has a small set of its own to run.
    prepare: (workspace) => {
      const manifest = path.join(workspace, ACME, 'client.yaml');
      fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(/http:\/\/127\.0\.0\.1:11434/g, server.url));
      fs.writeFileSync(path.join(workspace, ACME, 'evals', 'keyboard.yaml'), SET);
    },
  });

  /** Opens a file of the workspace by name through Go to File, and puts the cursor in its editor. */
  async function openInEditor(name: string): Promise<void> {
    const page = workbench.page;
    await host.runCommand(page, 'Go to File...');
    await page.locator('.quick-input-widget input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  }

  it('Ctrl+Alt+R in an eval file runs it; Ctrl+Alt+U there opens its client’s dashboard', async function () {
    const page = workbench.page;
    const runs = path.join(workbench.workspace, ACME, 'runs');
    const keyboardRuns = () => fs.readdirSync(runs).filter((f) => f.endsWith('-keyboard.json'));
    await openInEditor('keyboard.yaml');
    assert.deepStrictEqual(keyboardRuns(), []);

    await page.keyboard.press('Control+Alt+KeyR');
    await page.locator('.notification-toast', { hasText: 'Keyboard: pass 100% (2/2)' }).waitFor({ timeout: 60000 });
    assert.strictEqual(keyboardRuns().length, 1, 'the key ran the set and wrote its record');
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, 2);

    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Alt+KeyU');
    const frame = await findFrame(page, (f) => f.evaluate(() => document.getElementById('app')?.dataset.client === 'clients/acme-dental'), "Acme Dental's dashboard");
    assert.strictEqual(await frame.evaluate(() => document.getElementById('app')?.dataset.mode), 'client');
  });
});
