// A candidate whose server fails some questions, as a person meets it in a real VS Code in
// Chromium: Compare Candidate… from the palette on a client of its own, the test server failing
// every candidate request for two of the five cases, and the comparison view that opens saying
// how many errored, with each errored case marked and counted as a loss only where production
// passed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { findFrame, host, useSampleWorkbench } from './workbench';

declare const document: { querySelector(selector: string): unknown };

const CLIENT = path.join('clients', 'zz-candidate-errors');
const CASES = ['ice', 'burn', 'cut', 'sting', 'graze'];
const SET = `name: Triage
cases:
${CASES.map((id) => `  - id: ${id}\n    input: What do I do about a ${id}?\n    assert: [{ type: icontains, value: doctor }]`).join('\n')}
`;
const MANIFEST = (url: string) => `name: Candidate Errors
model:
  provider: ollama
  host: ${url}
  name: triage:v1
thresholds:
  passRate: 0.5
compare:
  candidate: { name: triage:v2 }
`;

function candidateFrame(page: Page): Promise<Frame> {
  return findFrame(page, (f) => f.evaluate(() => document.querySelector('.candidate-page .decision') !== null), 'candidate webview');
}

describe('Candidate view, a candidate that errors (e2e)', function () {
  let server: OllamaTestServer;
  before(async () => {
    server = await startOllamaServer({
      script: {
        models: ['triage:v1', 'triage:v2'],
        rules: [
          // Production gets the sting wrong; the candidate's server fails on the burn and the sting
          // (a 400, which is not retried): the burn is a loss, the sting fails on both sides.
          { model: 'triage:v1', match: 'What do I do about a sting?', reply: 'Walk it off.' },
          { model: 'triage:v2', match: /about a (burn|sting)\?$/, reply: () => { throw new Error('the candidate is out of memory'); } },
        ],
        defaultReply: 'See a doctor if it gets worse.',
      },
    });
  });
  after(async () => server?.close());

  const workbench = useSampleWorkbench({
    viewport: { width: 1400, height: 900 },
    waitForClient: 'Candidate Errors',
    prepare: (workspace) => {
      const dir = path.join(workspace, CLIENT);
      fs.mkdirSync(path.join(dir, 'evals'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'client.yaml'), MANIFEST(server.url));
      fs.writeFileSync(path.join(dir, 'system-prompt.md'), 'You give first-aid advice.');
      fs.writeFileSync(path.join(dir, 'evals', 'triage.yaml'), SET);
    },
  });

  it('Compare Candidate… says how many of the candidate’s cases errored, and marks each of them', async function () {
    const page = workbench.page;
    await host.runCommand(page, 'Upkeep: Compare Candidate…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Candidate Errors' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'compare.candidate in client.yaml' }).first().click();
    const frame = await candidateFrame(page);

    const figures = await frame.locator('.set-figures').innerText();
    assert.match(figures, /Errored \(candidate\)\s+2/);
    assert.match(figures, /Wins \/ losses\s+0 \/ 1/);
    for (const id of ['burn', 'sting']) {
      const row = frame.locator(`.vrow[data-key="${id}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /candidate errored/);
    }
    assert.match(await frame.locator('.vrow[data-key="burn"]').innerText(), /loss/i);
    assert.match(await frame.locator('.vrow[data-key="sting"]').innerText(), /both fail/i);
    for (const id of ['ice', 'cut', 'graze']) assert.doesNotMatch(await frame.locator(`.vrow[data-key="${id}"]`).innerText(), /errored/);
    // Only the candidate's questions were failed: production answered all five.
    const asked = (model: string) => server.requests.filter((r) => r.path === '/api/chat' && (r.body as { model?: string }).model === model).length;
    assert.strictEqual(asked('triage:v1'), 5);
  });
});
