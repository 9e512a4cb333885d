// The results view as a person uses it, in a real VS Code in Chromium: open a run from the
// palette, expand a case and read its word diff, filter to the failed cases, see a model's HTML
// as text, scroll a 2,000-case run, compare two runs. Also produces the README's pictures,
// docs/images/results-view.png and results-comparison.png (UPKEEP_UPDATE_SCREENSHOTS=1).
//
// Run with `node test/harness/run-e2e.js out/test/e2e/resultsView.e2e.js` after
// `npx tsc -p . && node esbuild.js`.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { percent } from '../../src/core/format/numbers';
import { runRecordSchema, type CaseResult, type RunRecord } from '../../src/core/store/runRecord';

import { findFrame, host, repoRoot, stateSaved, useSampleWorkbench } from './workbench';

// The page functions below run in the webview, not in Node (tsconfig has no DOM library): the few
// browser globals they use.
interface PageElement {
  dataset: Record<string, string | undefined>;
  className: string;
  textContent: string | null;
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  activeElement: PageElement | null;
  documentElement: PageElement;
};
declare const requestAnimationFrame: (callback: (time: number) => void) => number;
declare const PerformanceObserver: new (callback: (list: { getEntries(): unknown[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void };

const shots = process.env.UPKEEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');

// ── Run records written by hand into the workspace copy ──────────────────────────────────────

const HOSTILE = 'Sure! <img src=x onerror=alert(1)> and </script><script>alert(2)</script> done.';

interface CaseSpec {
  id: string;
  status: 'passed' | 'failed' | 'errored';
  output: string;
  expected?: string;
  tags?: string[];
  reason?: string;
}

function caseResult(c: CaseSpec, i: number): CaseResult {
  const pass = c.status === 'passed';
  const score = pass ? 1 : c.status === 'failed' ? 0.4 : 0;
  return {
    id: c.id,
    input: `Question ${i + 1} for ${c.id}?`,
    expected: c.expected,
    tags: c.tags,
    attempts: [
      {
        output: c.status === 'errored' ? '' : c.output,
        latencyMs: 400 + ((i * 137) % 2600),
        tokens: { prompt: 40, completion: 30 },
        assertions:
          c.status === 'errored'
            ? []
            : [
                { type: 'icontains', pass, score: pass ? 1 : 0, reason: c.reason ?? (pass ? 'Output contains the expected phrase' : 'Output does not contain the expected phrase'), weight: 1 },
                { type: 'latency', pass: true, score: 1, reason: 'Answered within 5000 ms', weight: 1 },
              ],
        score,
        pass,
        error: c.status === 'errored' ? 'The model server closed the connection (after 4 retries)' : undefined,
        retries: 0,
      },
    ],
    status: c.status,
    score,
    pass,
    flaky: false,
    passRate: pass ? 1 : 0,
    finishedAt: '2026-02-02T10:00:30Z',
  };
}

function record(id: string, startedAt: string, set: { id: string; name: string }, cases: CaseSpec[], prompt = 'You are the front desk of a small clinic. Answer briefly.\n'): RunRecord {
  const results = cases.map(caseResult);
  const count = (s: string) => results.filter((c) => c.status === s).length;
  const latencies = results.map((c) => c.attempts[0].latencyMs ?? 0).sort((a, b) => a - b);
  return runRecordSchema.parse({
    schemaVersion: 1,
    id,
    client: { id: 'clients/fernhill-outfitters', name: 'Fernhill Outfitters' },
    evalSet: set,
    startedAt,
    endedAt: startedAt.replace(':00Z', ':40Z'),
    status: 'complete',
    trigger: 'vscode',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: 'lab-support:v2', digest: '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f', options: { temperature: 0, seed: 7 } },
    systemPrompt: { sha256: createHash('sha256').update(prompt).digest('hex'), text: prompt },
    settings: { concurrency: 4, timeoutMs: 60000, maxRetries: 4 },
    cases: results,
    summary: {
      total: results.length,
      passed: count('passed'),
      failed: count('failed'),
      errored: count('errored'),
      flaky: 0,
      score: results.reduce((s, c) => s + (c.status === 'errored' ? 0 : c.score), 0) / results.length,
      passRate: count('passed') / results.length,
      latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)],
      latencyP95Ms: latencies[Math.floor(latencies.length * 0.95)],
      tokens: { prompt: 40 * results.length, completion: 30 * results.length },
    },
  });
}

/** A long answer on one line, as models often give: the diff editor must wrap it to be readable. */
const LONG_ANSWER = `We accept all major health funds, with on-the-spot claiming${', and we can also send a claim for you after the visit'.repeat(12)}.`;

const LAB = { id: 'evals/lab.yaml', name: 'Lab' };
const LAB_CASES = (later: boolean): CaseSpec[] => [
  { id: 'refund-window', status: later ? 'failed' : 'passed', expected: 'Refunds are available within 30 days of the appointment.', output: later ? 'Refunds are possible within 14 days of the appointment.' : 'Refunds are available within 30 days of the appointment.', tags: ['billing'], reason: later ? 'Output does not contain "30 days"' : undefined },
  { id: 'hours-saturday', status: 'passed', expected: 'We are open on Saturdays from 8:30 am to 1:00 pm.', output: 'Yes, we are open on Saturdays from 8:30 am to 1:00 pm.', tags: ['hours'] },
  { id: 'html-in-output', status: 'failed', expected: 'No markup here.', output: HOSTILE, tags: ['<b>tag</b>'], reason: 'Output contains <img src=x onerror=alert(1)>' },
  { id: 'cancel-fee', status: later ? 'passed' : 'failed', expected: 'Cancelling with less than 24 hours notice costs $40.', output: later ? 'Cancelling with less than 24 hours notice costs $40.' : 'There is no fee for cancelling.', tags: ['billing'] },
  { id: 'health-funds', status: 'passed', expected: 'We accept all major health funds.', output: LONG_ANSWER, tags: ['billing'] },
  { id: 'emergency', status: later ? 'errored' : 'passed', expected: 'Call 000 in an emergency.', output: 'Please call 000 in an emergency.', tags: ['safety'] },
  ...Array.from({ length: 14 }, (_, i): CaseSpec => ({ id: `faq-${String(i + 1).padStart(2, '0')}`, status: 'passed', expected: `Answer ${i + 1}.`, output: `Answer ${i + 1}.`, tags: ['faq'] })),
];
const LAB_FAILED_LATER = LAB_CASES(true).filter((c) => c.status === 'failed').map((c) => c.id);

const BIG = { id: 'evals/big.yaml', name: 'Big' };
const BIG_CASES: CaseSpec[] = Array.from({ length: 2000 }, (_, i) => ({
  id: `case-${String(i).padStart(4, '0')}`,
  status: i % 17 === 0 ? 'failed' : i % 53 === 0 ? 'errored' : 'passed',
  expected: `The expected answer number ${i}, with a few words to diff.`,
  output: i % 17 === 0 ? `A different answer number ${i}, with other words.` : `The expected answer number ${i}, with a few words to diff.`,
  tags: [`group-${i % 7}`],
}));

const RUNS = {
  previous: record('2026-02-01T10-00-00Z-lab', '2026-02-01T10:00:00Z', LAB, LAB_CASES(false)),
  latest: record('2026-02-02T10-00-00Z-lab', '2026-02-02T10:00:00Z', LAB, LAB_CASES(true), 'You are the front desk of a small clinic. Answer briefly and politely.\n'),
  big: record('2026-02-03T10-00-00Z-big', '2026-02-03T10:00:00Z', BIG, BIG_CASES),
};

/**
 * The records go into a sample client's runs/ folder, as runs of sets it does not have: the tree
 * (and so the README's pictures) shows only the three sample clients.
 */
const LAB_CLIENT = 'Fernhill Outfitters';
function writeLabRuns(workspace: string): string {
  const dir = path.join(workspace, 'clients', 'fernhill-outfitters', 'runs');
  fs.mkdirSync(dir, { recursive: true });
  for (const r of Object.values(RUNS)) fs.writeFileSync(path.join(dir, `${r.id}.json`), JSON.stringify(r, null, 2));
  return dir;
}

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────

/** The frame holding the results front end in this mode, showing `text` in its subtitle (a run id, a client name). */
function resultsFrame(page: Page, mode: 'run' | 'comparison', text?: string, timeoutMs = 60000): Promise<Frame> {
  const shows = (frame: Frame) =>
    frame.evaluate(
      ([m, id]) => {
        const app = document.getElementById('app');
        return app?.dataset.mode === m && (!id || (document.querySelector('.subtitle')?.textContent ?? '').includes(id));
      },
      [mode, text ?? ''] as const,
    );
  return findFrame(page, shows, `results webview in ${mode} mode${text ? ` showing ${text}` : ''}`, timeoutMs);
}

/** "Upkeep: Show Results" from the palette, picking the run by its id. */
async function showResults(page: Page, runId: string): Promise<Frame> {
  await host.runCommand(page, 'Upkeep: Show Results');
  const input = page.locator('.quick-input-widget input');
  await input.fill(runId);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: runId }).first().click();
  return resultsFrame(page, 'run', runId);
}

const rowIds = (frame: Frame) => frame.locator('.vrow').evaluateAll((rows) => rows.map((r) => r.dataset.key));

// ── Tests ────────────────────────────────────────────────────────────────────────────────────

describe('Results view (e2e)', function () {
  let labRuns = '';
  const workbench = useSampleWorkbench({ viewport: { width: 1400, height: 900 }, prepare: (workspace) => (labRuns = writeLabRuns(workspace)), waitForClient: LAB_CLIENT });
  const dialogs = workbench.dialogs;

  it('opens a run from the palette with its header and one row per case', async function () {
    const frame = await showResults(workbench.page, RUNS.latest.id);
    await frame.locator('.vrow').first().waitFor();
    const header = await frame.locator('.page-header').innerText();
    assert.match(header, /Lab/);
    assert.match(header, /lab-support:v2/);
    assert.match(header, /3f2a9c1d8e7b/, 'the short digest');
    assert.match(header, /Compared with the previous run/);
    // The pass rate (what the threshold judges) leads, the score second; the run compared with likewise.
    assert.deepStrictEqual((await frame.locator('.metrics dt').allInnerTexts()).slice(0, 2), ['Pass rate', 'Score']);
    const latest = RUNS.latest.summary;
    assert.match(await frame.locator('.metrics .metric').first().innerText(), new RegExp(`^${percent(latest.passRate)} \\(${latest.passed}/${latest.total}\\)$`, 'm'));
    const previous = RUNS.previous.summary;
    assert.match(await frame.locator('.compared').innerText(), new RegExp(`pass [\\d.]+% \\(${previous.passed}/${previous.total}(, \\d+ errored)?\\) · score ${previous.score.toFixed(2)}`));
    assert.deepStrictEqual((await rowIds(frame)).sort(), LAB_CASES(true).map((c) => c.id).sort());
    await workbench.page.locator('.tab', { hasText: 'Results: Lab' }).first().waitFor();
  });

  it('expands a case and shows its word diff against expected and the previous run', async function () {
    const frame = await resultsFrame(workbench.page, 'run', RUNS.latest.id);
    const row = frame.locator('.vrow[data-key="refund-window"]');
    await row.locator('.vrow-head').click();
    await row.locator('pre.output ins.diff-added').first().waitFor({ timeout: 20000 });
    const expectedRemoved = await row.locator('pre.expected del.diff-removed').allInnerTexts();
    const outputAdded = await row.locator('pre.output ins.diff-added').allInnerTexts();
    const previousRemoved = await row.locator('pre.previous del.diff-removed').allInnerTexts();
    assert.ok(expectedRemoved.some((t) => t.includes('30')), `removed from expected: ${expectedRemoved}`);
    assert.ok(outputAdded.some((t) => t.includes('14')), `added in output: ${outputAdded}`);
    assert.ok(previousRemoved.some((t) => t.includes('available')), `removed since previous: ${previousRemoved}`);
    assert.strictEqual(await row.locator('pre.output').innerText(), 'Refunds are possible within 14 days of the appointment.');
    assert.strictEqual(await row.getAttribute('aria-expanded'), 'true');

    // Keyboard: the expanded row has focus; ↓ moves to the next row, Enter expands it, ← collapses.
    await row.focus();
    await workbench.page.keyboard.press('ArrowDown');
    const next = await frame.evaluate(() => document.activeElement?.dataset.key);
    assert.ok(next && next !== 'refund-window', `focus moved to ${next}`);
    await workbench.page.keyboard.press('Enter');
    await frame.locator(`.vrow[data-key="${next}"][aria-expanded="true"]`).waitFor();
    await workbench.page.keyboard.press('ArrowLeft');
    await frame.locator(`.vrow[data-key="${next}"][aria-expanded="false"]`).waitFor();
  });

  it('opens a long one-line answer in the diff editor wrapped, not as one line to scroll sideways', async function () {
    const page = workbench.page;
    const frame = await showResults(page, RUNS.latest.id);
    const row = frame.locator('.vrow[data-key="health-funds"]');
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.vrow-head').click();
    await row.locator('vscode-button[data-action="diff-expected"]').click();
    const tab = page.locator('.tab', { hasText: 'health-funds: expected ↔ output' }).first();
    await tab.waitFor();
    try {
      // The answer is one line of the document; wrapped, the modified side draws it on several.
      const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
      await modified.locator('.view-line').first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.monaco-diff-editor .editor.modified .view-lines .view-line').length > 1, undefined, { timeout: 10000 });
      assert.match((await modified.innerText()).replace(/\s+/g, ' '), /after the visit\.$/, 'the end of the answer is in view');
    } finally {
      await tab.click();
      await host.runCommand(page, 'View: Close Editor');
    }
  });

  it('the "failed" filter leaves only the failed cases', async function () {
    const frame = await resultsFrame(workbench.page, 'run', RUNS.latest.id);
    await frame.locator('vscode-checkbox[data-filter="failed"]').click();
    await frame.waitForFunction((n) => document.querySelectorAll('.vrow').length === n, LAB_FAILED_LATER.length);
    assert.deepStrictEqual((await rowIds(frame)).sort(), [...LAB_FAILED_LATER].sort());
    const classes = await frame.locator('.vrow .case').evaluateAll((cases) => cases.map((c) => c.className));
    assert.ok(classes.every((c) => c.includes('status-failed')), classes.join(' | '));
    assert.match(await frame.locator('.filter-summary').innerText(), new RegExp(`${LAB_FAILED_LATER.length} of ${LAB_CASES(true).length}`));
    // Unchecked, every case is back (the list keeps only the rows in view in the DOM).
    await frame.locator('vscode-checkbox[data-filter="failed"]').click();
    await frame.locator('.filter-summary', { hasText: /^20 cases$/ }).waitFor();
  });

  it("renders a model's HTML as text: no element, no script, no dialog", async function () {
    const frame = await resultsFrame(workbench.page, 'run', RUNS.latest.id);
    const row = frame.locator('.vrow[data-key="html-in-output"]');
    await row.locator('.vrow-head').click();
    await row.locator('pre.output').waitFor();
    await frame.waitForFunction(() => !document.querySelector('.vrow[data-key="html-in-output"] .detail[aria-busy]'));
    assert.strictEqual(await row.locator('pre.output').innerText(), HOSTILE);
    assert.match(await row.locator('.vrow-head').innerText(), /<img src=x onerror=alert\(1\)>/, 'the assertion reason, as text');
    assert.match(await row.locator('.tag').first().innerText(), /<b>tag<\/b>/);
    const injected = await frame.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      // VS Code's own acquireVsCodeApi script and ours are in <head>/<body>; none may appear in the page.
      scripts: document.querySelectorAll('#app script').length,
      bold: document.querySelectorAll('#app b').length,
      violations: document.documentElement.dataset.cspViolations ?? '0',
    }));
    assert.deepStrictEqual(injected, { img: 0, scripts: 0, bold: 0, violations: '0' });
    // No wait: with no element, script or blocked handler in the page, nothing is left that could
    // raise a dialog later. The counts above are the proof the output did not run: the webview's
    // frame is sandboxed without allow-modals, so an alert() there is ignored and never reaches
    // `dialogs` (an alert added to the render leaves this test green); this guards the workbench.
    assert.deepStrictEqual(dialogs, []);
    await row.locator('.vrow-head').click();
  });

  it('scrolls a 2,000-case run with fewer than 100 rows in the DOM', async function () {
    const frame = await showResults(workbench.page, RUNS.big.id);
    await frame.locator('.vrow').first().waitFor();
    const measured = await frame.evaluate(async () => {
      const list = document.querySelector('.vlist')!;
      const frames: number[] = [];
      let maxRows = 0;
      let longTasks = 0;
      const observer = new PerformanceObserver((l) => (longTasks += l.getEntries().length));
      try {
        observer.observe({ type: 'longtask', buffered: false });
      } catch {
        /* not supported: counted as 0 */
      }
      const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
      let last = await nextFrame();
      // One step a frame, as a fast trackpad scroll would: 400 px (8 rows) each.
      while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
        list.scrollTop += 400;
        const now = await nextFrame();
        frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, document.querySelectorAll('.vrow').length);
      }
      await nextFrame();
      await nextFrame();
      observer.disconnect();
      const sorted = [...frames].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      const ids = [...document.querySelectorAll('.vrow')].map((r) => r.dataset.key);
      return { steps: frames.length, maxRows, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], longTasks, lastRendered: ids.includes('case-1999'), scrollHeight: list.scrollHeight };
    });
    console.log(`      2,000 cases: ${measured.steps} scroll steps, ≤ ${measured.maxRows} rows in the DOM, frame p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms, max ${measured.max.toFixed(1)} ms, ${measured.longTasks} long tasks`);
    assert.ok(measured.steps > 200, `scrolled through in ${measured.steps} steps`);
    assert.ok(measured.maxRows < 100, `${measured.maxRows} rows in the DOM`);
    assert.ok(measured.lastRendered, 'the last case is rendered at the end');
    assert.strictEqual(measured.scrollHeight, 2000 * 48, 'the list is as tall as 2,000 collapsed rows');
  });

  it('shows a real sample run and its comparison with the previous run (screenshots)', async function () {
    const page = workbench.page;
    // The README's picture: the newest Front desk run of the sample client, if the sample has
    // history; otherwise the lab run.
    const acmeRuns = path.join(workbench.workspace, 'clients', 'acme-dental', 'runs');
    const sample = fs.existsSync(acmeRuns) ? fs.readdirSync(acmeRuns).filter((f) => f.endsWith('-front-desk.json')).sort().pop() : undefined;
    const runId = sample ? sample.replace(/\.json$/, '') : RUNS.latest.id;
    const cases: { id: string; status: string }[] = JSON.parse(fs.readFileSync(sample ? path.join(acmeRuns, sample) : path.join(labRuns, `${runId}.json`), 'utf8')).cases;
    const frame = await showResults(page, runId);
    await frame.locator('.vrow').first().waitFor();
    // With the keyboard: down to the first case that did not pass, Enter to expand it.
    const target = Math.max(0, cases.findIndex((c) => c.status !== 'passed'));
    await frame.locator('.vrow').first().focus();
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await frame.locator(`.vrow[data-key="${cases[target].id}"][aria-expanded="true"] .detail:not([aria-busy])`).waitFor();
    // Scroll so the expanded case sits just below the one before it.
    await frame.evaluate((id) => {
      const row = document.querySelector(`.vrow[data-key="${id}"]`) as unknown as { style: { transform: string } };
      document.querySelector('.vlist')!.scrollTop = Math.max(0, Number(/translateY\(([\d.]+)px\)/.exec(row.style.transform)?.[1] ?? 0) - 48);
    }, cases[target].id);
    await host.screenshot(page, path.join(shots, 'results-view.png'));

    // "Compare with previous run" from the view's header opens the comparison.
    await frame.locator('vscode-button[data-action="compare"]').click();
    const comparison = await resultsFrame(page, 'comparison', sample ? 'Acme Dental' : LAB_CLIENT);
    await comparison.locator('.vrow').first().waitFor();
    const header = await comparison.locator('.page-header').innerText();
    assert.match(header, /McNemar/);
    assert.match(header, /Fixed \/ regressed/);
    const regressed = comparison.locator('.vrow:has(.case.change-regressed), .vrow:has(.case.change-fixed)').first();
    if (await regressed.count()) {
      await regressed.locator('.vrow-head').click();
      await comparison.waitForFunction(() => document.querySelector('.vrow.expanded .detail') && !document.querySelector('.vrow.expanded .detail[aria-busy]'));
    }
    await host.screenshot(page, path.join(shots, 'results-comparison.png'));
  });

  it('keeps its filters and expanded rows when the panel is hidden and shown again', async function () {
    const page = workbench.page;
    let frame = await showResults(page, RUNS.latest.id);
    await frame.locator('vscode-checkbox[data-filter="failed"]').click();
    await frame.locator('.filter-summary', { hasText: `${LAB_FAILED_LATER.length} of 20 cases` }).waitFor();
    await frame.locator('.vrow[data-key="html-in-output"][aria-expanded="false"] .vrow-head').click();
    await frame.locator('.vrow[data-key="html-in-output"][aria-expanded="true"]').waitFor();
    await stateSaved(frame);
    await frame.evaluate(() => Object.assign(globalThis, { beforeHiding: true }));
    // Another editor in the same group hides the panel: its document is discarded.
    await frame.locator('vscode-button[data-action="compare"]').click();
    await resultsFrame(page, 'comparison', LAB_CLIENT);
    await page.locator('.tab', { hasText: 'Results: Lab' }).first().click();
    frame = await resultsFrame(page, 'run', RUNS.latest.id);
    await frame.locator('.vrow[data-key="html-in-output"][aria-expanded="true"] pre.output').waitFor();
    assert.strictEqual(await frame.evaluate(() => 'beforeHiding' in globalThis), false, 'a new document, not the old one');
    assert.strictEqual(await frame.locator('vscode-checkbox[data-filter="failed"]').evaluate((b) => b.checked), true);
    assert.deepStrictEqual((await rowIds(frame)).sort(), [...LAB_FAILED_LATER].sort());
  });

  it('compares the two lab runs: fixed, regressed and the configuration that changed', async function () {
    const page = workbench.page;
    const frame = await showResults(page, RUNS.latest.id);
    await frame.locator('vscode-button[data-action="compare"]').click();
    const comparison = await resultsFrame(page, 'comparison', LAB_CLIENT);
    assert.deepStrictEqual((await comparison.locator('.metrics dt').allInnerTexts()).slice(0, 2), ['Pass rate', 'Score']);
    const cards = await comparison.locator('.run-card').allInnerTexts();
    for (const [card, run] of [[cards[0], RUNS.previous], [cards[1], RUNS.latest]] as const) {
      assert.match(card, new RegExp(`pass [\\d.]+% \\(${run.summary.passed}/${run.summary.total}(, \\d+ errored)?\\) · score ${run.summary.score.toFixed(2)}`), card);
    }
    await comparison.locator('vscode-checkbox[data-filter="regressed"]').click();
    await comparison.waitForFunction(() => document.querySelectorAll('.vrow').length === 2);
    assert.deepStrictEqual((await rowIds(comparison)).sort(), ['emergency', 'refund-window']);
    await comparison.locator('vscode-checkbox[data-filter="regressed"]').click();
    await comparison.locator('vscode-checkbox[data-filter="fixed"]').click();
    await comparison.waitForFunction(() => document.querySelectorAll('.vrow').length === 1);
    assert.deepStrictEqual(await rowIds(comparison), ['cancel-fee']);
    const config = await comparison.locator('.config').innerText();
    assert.match(config, /System prompt/);
    await comparison.locator('vscode-button[data-action="prompt-diff"]').click();
    await page.locator('.tab', { hasText: 'System prompt' }).first().waitFor({ timeout: 20000 });
  });
});
