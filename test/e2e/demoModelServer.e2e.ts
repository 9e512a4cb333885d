// The first ten minutes of `npm start`: with nothing on the sample clients' model host, the demo
// model server answers there, the workbench opens on the Upkeep view, and the first Run Eval Set
// completes and opens its results; with a server already listening there, it is left alone.
// Each test works on its own copy of sample-workspace whose clients point at a free port, so no
// real Ollama (or another suite) on 11434 is touched.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import type { DemoModelServer } from '../../scripts/demoModelServer';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { findFrame, host, repoRoot, type Host } from './workbench';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDemoModelServer, sampleHost } = require(path.join(repoRoot, 'scripts', 'demoModelServer.js')) as typeof import('../../scripts/demoModelServer');

declare const document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null };

/** A copy of sample-workspace whose clients send their requests to 127.0.0.1:<port>. */
function workspaceOnPort(port: number): string {
  const workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
  const clients = path.join(workspace, 'clients');
  for (const name of fs.readdirSync(clients)) {
    const file = path.join(clients, name, 'client.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/http:\/\/127\.0\.0\.1:11434/g, `http://127.0.0.1:${port}`));
  }
  assert.strictEqual(sampleHost(workspace).port, String(port), 'every sample client points at the test port');
  return workspace;
}

describe('Demo model server for npm start (e2e)', function () {
  let demo: DemoModelServer | undefined;
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  let listener: OllamaTestServer | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      const file = path.join(repoRoot, 'test-results', 'e2e', `${this.currentTest.title.replace(/[^\w-]+/g, '_')}.png`);
      await host.screenshot(session.page, file).catch(() => {});
    }
    await session?.close();
    await demo?.stop();
    await listener?.close();
    session = demo = listener = undefined;
  });

  it('with nothing on the sample host: starts the demo server, opens the Upkeep view, and the first Run Eval Set completes into its results', async function () {
    const port = await host.freePort();
    const workspace = workspaceOnPort(port);
    demo = await startDemoModelServer(workspace);
    assert.strictEqual(demo.started, true, demo.message);
    assert.match(demo.message, new RegExp(`demo model server answers the sample clients there`));

    session = await host.open({ folder: workspace, extensionDevelopmentPath: repoRoot, env: demo.env, viewport: { width: 1400, height: 900 } });
    const page = session.page;
    // The Upkeep view is open without anyone choosing it: the first start shows it, not the Explorer.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Acme Dental' }).first().waitFor({ state: 'visible', timeout: 60000 });
    assert.match(await page.locator('.part.sidebar .composite.title').first().innerText(), /upkeep/i, 'the side bar shows Upkeep, not the Explorer');

    await host.runCommand(page, 'Upkeep: Run Eval Set');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Front desk');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Front desk' }).first().click();
    // The end-of-run message, whatever the scripted answers' luck: "Front desk: pass … (n/28)".
    const done = page.locator('.notification-toast', { hasText: /Front desk: .*\d+\/28/ });
    await done.waitFor({ timeout: 120000 });
    await done.locator('.monaco-button', { hasText: 'Show Results' }).click();
    const frame: Frame = await findFrame(page, (f) => f.evaluate(() => document.getElementById('app')?.dataset.mode === 'run'), 'results webview');
    await frame.locator('.vrow').first().waitFor({ timeout: 30000 });
    assert.match(await frame.locator('.page-header').innerText(), /Front desk/);

    // The Upkeep log says which server answered.
    await host.runCommand(page, 'Upkeep: Show Log');
    // The line is the log's first; the view follows the end.
    await page.locator('.part.panel .monaco-editor').first().click();
    await page.keyboard.press('Control+Home');
    await page.locator('.part.panel', { hasText: `Demo model server at http://127.0.0.1:${port}` }).first().waitFor({ timeout: 30000 });

    // Written beside the sample client's files, answered by the demo server.
    const runs = fs.readdirSync(path.join(workspace, 'clients', 'acme-dental', 'runs')).filter((f) => f.endsWith('-front-desk.json')).sort();
    const record = JSON.parse(fs.readFileSync(path.join(workspace, 'clients', 'acme-dental', 'runs', runs[runs.length - 1]), 'utf8'));
    assert.strictEqual(record.status, 'complete');
    assert.strictEqual(record.cases.length, 28);
  });

  it('with a server already listening on the sample host: starts nothing and leaves that server answering', async function () {
    listener = await startOllamaServer({ script: { models: ['acme-support:v3'] }, version: '0.12.0-real' });
    const workspace = workspaceOnPort(listener.port);
    demo = await startDemoModelServer(workspace);
    assert.strictEqual(demo.started, false);
    assert.match(demo.message, new RegExp(`a server already listens at ${listener.url.replace(/\./g, '\\.')}`));
    assert.strictEqual(JSON.parse(demo.env.UPKEEP_DEMO_MODEL_SERVER).started, false);
    // Still the same server on the port: it answers, with its own version, and saw the request.
    listener.clearRequests();
    const version = (await (await fetch(`${listener.url}/api/version`)).json()) as { version: string };
    assert.strictEqual(version.version, '0.12.0-real');
    assert.strictEqual(listener.requests.length, 1);
  });
});
