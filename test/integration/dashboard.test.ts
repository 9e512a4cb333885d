import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { HEALTH_DIR, recordSamples } from '../../src/core/health/history';
import { runRecordSchema, type CaseResult, type RunRecord } from '../../src/core/store/runRecord';
import { parseChangelog } from '../../src/core/workspace/changelog';
import type { DashboardMessage } from '../../src/extension/dashboard/dashboardPanel';
import { dashboardProtocol, type DashboardView } from '../../src/protocol/dashboard';
import { removeTestClient, upkeep, waitFor, workspaceDir } from './helpers';

/**
 * The dashboard panel in a real VS Code: opened through its command, its data checked against
 * the history index, its front end loaded (so what the host sent really was posted), and its
 * messages driven through the same dispatch every webview message takes. One sample client
 * (Acme Dental) for "what it shows is the history", and a lab client of its own with runs written
 * by hand, so every next action it should recommend is known.
 */
const ACME = 'clients/acme-dental';
const NORTHWIND = 'clients/northwind-legal';
const LAB = 'clients/dashboard-lab';
const DAY = 86_400_000;

function localDay(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The month before this one (YYYY-MM), on the local clock. */
function lastMonth(): string {
  const d = new Date();
  return localDay(new Date(d.getFullYear(), d.getMonth() - 1, 1)).slice(0, 7);
}

/** `2026-11-18T09:00:00.000Z` → `2026-11-18T09-00-00Z-<slug>`, as the runner names runs. */
function runIdOf(startedAt: string, slug: string): string {
  return `${startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-${slug}`;
}

function caseResult(id: string, pass: boolean): CaseResult {
  const score = pass ? 1 : 0;
  return {
    id,
    input: `Question ${id}?`,
    attempts: [{ output: pass ? 'yes' : 'no', latencyMs: 300, tokens: { prompt: 5, completion: 1 }, assertions: [{ type: 'icontains', pass, score, reason: pass ? 'contains yes' : 'no yes', weight: 1 }], score, pass, retries: 0 }],
    status: pass ? 'passed' : 'failed',
    score,
    pass,
    flaky: false,
    passRate: score,
    finishedAt: '2026-01-01T00:00:00Z',
  };
}

/** A complete run of a set `daysAgo` days ago in which the first `passed` of `total` cases pass. */
function record(set: { id: string; name: string; slug: string }, daysAgo: number, total: number, passed: number): RunRecord {
  const startedAt = new Date(Date.now() - daysAgo * DAY).toISOString().replace(/\.\d+Z$/, '.000Z');
  const cases = Array.from({ length: total }, (_, i) => caseResult(`c${String(i + 1).padStart(2, '0')}`, i < passed));
  return runRecordSchema.parse({
    schemaVersion: 1,
    id: runIdOf(startedAt, set.slug),
    client: { id: LAB, name: 'Dashboard Lab' },
    evalSet: { id: set.id, name: set.name },
    startedAt,
    endedAt: startedAt,
    status: 'complete',
    trigger: 'script',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: 'lab-model:v1', digest: 'd'.repeat(64), options: { temperature: 0 } },
    systemPrompt: { sha256: 'e'.repeat(64), text: 'Answer yes.\n' },
    settings: { concurrency: 1, timeoutMs: 1000, maxRetries: 0 },
    cases,
    summary: { total, passed, failed: total - passed, errored: 0, flaky: 0, score: passed / total, passRate: passed / total, latencyP50Ms: 300, latencyP95Ms: 320, tokens: { prompt: 0, completion: 0 } },
  });
}

const QUALITY = { id: 'evals/quality.yaml', name: 'Quality', slug: 'quality' };
const STALE = { id: 'evals/stale.yaml', name: 'Stale', slug: 'stale' };
const evalSet = (name: string, n: number) => `name: ${name}\ncases:\n${Array.from({ length: n }, (_, i) => `  - id: c${String(i + 1).padStart(2, '0')}\n    input: Question ${i + 1}?\n    assert: [{ type: icontains, value: 'yes' }]\n`).join('')}`;

/** What the panel last posted to its loaded view, when it is a client's dashboard. */
function posted(message: DashboardMessage | undefined, clientId: string): DashboardView | undefined {
  return message?.method === 'showClient' && message.params.dashboard.client.id === clientId ? message.params.dashboard : undefined;
}

describe('Dashboard', () => {
  let labDir: string;
  let changelogFile: string;
  const runs = {
    quality: [40, 33, 26, 19].map((d) => record(QUALITY, d, 20, 20)),
    // The latest run: half the cases fail. Declining (exact paired test), and a pass-rate breach.
    latest: record(QUALITY, 5, 20, 10),
    stale: [30, 20].map((d) => record(STALE, d, 2, 2)),
  };

  before(async function () {
    this.timeout(60000);
    labDir = path.join(workspaceDir(), LAB);
    changelogFile = path.join(labDir, 'CHANGELOG.md');
    await fs.mkdir(path.join(labDir, 'runs'), { recursive: true });
    await fs.mkdir(path.join(labDir, 'evals'), { recursive: true });
    await fs.writeFile(
      path.join(labDir, 'client.yaml'),
      'name: Dashboard Lab\nmodel:\n  provider: ollama\n  name: lab-model:v1\nsystemPrompt: system-prompt.md\nthresholds:\n  passRate: 0.9\nretainer:\n  includedHours: 2\n  hourlyRate: 150\n  currency: EUR\n',
    );
    await fs.writeFile(path.join(labDir, 'system-prompt.md'), 'Answer yes.\n');
    await fs.writeFile(path.join(labDir, 'evals', 'quality.yaml'), evalSet('Quality', 20));
    await fs.writeFile(path.join(labDir, 'evals', 'stale.yaml'), evalSet('Stale', 2));
    // 1.75 h of the 2 included this month: "Hours nearly used".
    await fs.writeFile(changelogFile, `# Change log — Dashboard Lab\n\n## ${localDay()} · review · 1.75 h · Monthly review\n\nAll sets run.\n`);
    for (const r of [...runs.quality, runs.latest, ...runs.stale]) await fs.writeFile(path.join(labDir, 'runs', `${r.id}.json`), JSON.stringify(r));
    const { ctx, history } = await upkeep();
    await waitFor('the lab client to load', () => ctx.client(LAB)?.evalSets.length === 2 && ctx.client(LAB)!.runFiles.length === 7);
    await history.sync();
  });

  after(async () => {
    const { dashboard, results } = await upkeep();
    dashboard.dispose();
    results.runs.dispose();
    results.comparison.dispose();
  });

  it('opens for a sample client, and the data its view was sent is the history index’s', async () => {
    const { ctx, history, dashboard } = await upkeep();
    const mode = await vscode.commands.executeCommand('upkeep.openDashboard', ACME);
    assert.deepStrictEqual(mode, { kind: 'client', clientId: ACME });
    // `ready` comes only from the bundled script, running under the panel's CSP, through the protocol.
    await waitFor('the dashboard front end to load', () => dashboard.isLoaded, 30000);
    const sent = await waitFor('the dashboard to be posted to its view', () => posted(dashboard.lastPosted, ACME));
    // The view validates what it receives with the same schema.
    dashboardProtocol.toView.showClient.params.parse(dashboard.lastPosted!.params);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Dashboard: Acme Dental');
    assert.ok(tab, 'a tab titled "Dashboard: Acme Dental"');

    const d = await history.dashboard(ctx.client(ACME)!);
    assert.strictEqual(sent.client.name, 'Acme Dental');
    assert.strictEqual(sent.health, d.health);
    assert.strictEqual(sent.month, d.month);
    assert.deepStrictEqual(sent.thresholds, d.thresholds);
    assert.deepStrictEqual(sent.retainer, d.retainer);
    assert.deepStrictEqual(
      sent.sets.map((s) => [s.evalSetId, s.name, s.caseCount, s.drift.status, s.drift.method]),
      d.sets.map((s) => [s.evalSetId, s.name, s.caseCount, s.drift.status, s.drift.method]),
    );
    for (const [i, s] of d.sets.entries()) {
      assert.deepStrictEqual(
        sent.sets[i].series.map((p) => [p.runId, p.startedAt, p.score, p.passRate, p.latencyP50Ms, p.latencyP95Ms, p.breaches.length]),
        s.series.map((p) => [p.runId, p.startedAt, p.score, p.passRate, p.latencyP50Ms, p.latencyP95Ms, p.breaches.length]),
      );
      assert.ok(s.series.length >= 20, `${s.name}: six months of runs`);
    }
    assert.deepStrictEqual(
      sent.events.map((e) => [e.kind, e.at, e.title]),
      d.events.map((e) => [e.kind, e.at, e.title]),
    );
    assert.ok(sent.events.some((e) => e.kind === 'systemPrompt'), 'the September prompt change and its October fix are marked');
    assert.ok(sent.events.some((e) => e.kind === 'changelog'));
    const { thisMonth } = d.hours;
    assert.deepStrictEqual(sent.hours.thisMonth, { ...thisMonth });
    assert.deepStrictEqual(sent.hours.months.map((m) => [m.month, m.total, m.overage]), d.hours.months.map((m) => [m.month, m.total, m.overage]));
    assert.deepStrictEqual(sent.recentRuns.map((r) => r.runId), d.recentRuns.map((r) => r.runId));
    assert.strictEqual(sent.today, localDay(new Date(d.now)));
    // Nothing in the message points at the disk: runs go by id, change-log entries by line.
    assert.ok(!JSON.stringify(dashboard.lastPosted).includes(workspaceDir()), 'no absolute path in the message');
  });

  it('opens on every client from the palette, and a row switches to that client', async () => {
    const { ctx, history, dashboard } = await upkeep();
    const mode = await vscode.commands.executeCommand('upkeep.openDashboard');
    assert.deepStrictEqual(mode, { kind: 'overview' });
    const message = await waitFor('the overview to be posted', () => (dashboard.lastPosted?.method === 'showOverview' ? dashboard.lastPosted.params : undefined));
    assert.deepStrictEqual(
      message.rows.map((r) => r.clientId),
      ctx.workspace.clients.map((c) => c.id),
    );
    const acme = message.rows.find((r) => r.clientId === ACME)!;
    const { dir: _dir, ...row } = history.row(ACME)!;
    assert.deepStrictEqual(JSON.parse(JSON.stringify(acme)), JSON.parse(JSON.stringify(row)), 'the index’s overview row, less the folder path');
    assert.deepStrictEqual(message.clients.find((c) => c.id === ACME), { id: ACME, name: 'Acme Dental', broken: false });

    // What the picker and a row send.
    const received = await dashboard.dispatch({ type: 'notification', method: 'selectClient', params: { clientId: LAB } });
    assert.ok(received.ok);
    assert.deepStrictEqual(dashboard.current, { kind: 'client', clientId: LAB });
    await waitFor('the lab dashboard to be posted', () => posted(dashboard.lastPosted, LAB));
  });

  it("a client with no change log has no hours figure in the overview or its dashboard, but the reason, where a 0 would read as no work done", async () => {
    const id = 'clients/zz-no-changelog';
    const dir = path.join(workspaceDir(), id);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), 'name: No Change Log\nmodel:\n  provider: ollama\n  name: m\nretainer:\n  includedHours: 10\n');
    const { ctx, dashboard } = await upkeep();
    try {
      await waitFor('the client to load', () => ctx.client(id));
      await vscode.commands.executeCommand('upkeep.openDashboard');
      const rows = await waitFor('the overview with the client', () => (dashboard.lastPosted?.method === 'showOverview' && dashboard.lastPosted.params.rows.some((r) => r.clientId === id) ? dashboard.lastPosted.params.rows : undefined));
      assert.strictEqual(rows.find((r) => r.clientId === id)!.hours.unread, 'no change log was read');
      assert.strictEqual(rows.find((r) => r.clientId === ACME)!.hours.unread, undefined, 'a client with a change log has its figure');
      const view = await dashboard.showClient(id);
      assert.strictEqual(view.hours.thisMonth.unread, 'no change log was read', "the client's own dashboard says so too");
    } finally {
      await removeTestClient(dir);
    }
  });

  it('recommends what to do next: open the breach, investigate the decline, run the stale set, write last month’s report, mind the hours', async () => {
    const { dashboard } = await upkeep();
    const view = await dashboard.showClient(LAB);
    const quality = view.sets.find((s) => s.evalSetId === QUALITY.id)!;
    assert.strictEqual(quality.drift.status, 'declining', quality.drift.method);
    assert.strictEqual(view.health, 'breach');
    const byKind = Object.fromEntries(view.actions.map((a) => [a.kind, a]));
    assert.deepStrictEqual(
      view.actions.map((a) => a.kind),
      ['breach', 'investigate', 'run', 'report', 'hours'],
    );
    assert.ok(byKind.breach.kind === 'breach' && byKind.breach.runId === runs.latest.id && /^Quality: pass rate 50% < 90% threshold \(−40 pts\)$/.test(byKind.breach.label));
    assert.ok(byKind.investigate.kind === 'investigate');
    assert.strictEqual(byKind.investigate.label, 'Investigate Quality: compare the last run with the baseline');
    assert.strictEqual(byKind.investigate.headRunId, runs.latest.id);
    assert.strictEqual(byKind.investigate.baseRunId, runs.quality[0].id, 'the oldest run of the window the latest was tested against');
    assert.ok(byKind.run.kind === 'run' && byKind.run.evalSetId === STALE.id && byKind.run.label === 'Run Stale');
    assert.match(byKind.run.detail, /Not run for 20 days/);
    assert.ok(byKind.hours.kind === 'hours' && byKind.hours.severity === 'warning' && byKind.hours.label === 'Hours nearly used');
    assert.match(byKind.hours.detail, /1\.75 h of 2 h included/);
    // The lab's runs span the last 40 days, so last month had some, and it has no report yet.
    assert.ok(byKind.report.kind === 'report' && byKind.report.month === lastMonth());
  });

  it('the report action writes that month’s report and previews it, and the dashboard then drops the action', async () => {
    const { dashboard, reportPreview } = await upkeep();
    await dashboard.showClient(LAB);
    const month = lastMonth();
    await waitFor('the lab dashboard to suggest the report', () => posted(dashboard.lastPosted, LAB)?.actions.some((a) => a.kind === 'report' && a.month === month));
    const received = await dashboard.dispatch({ type: 'notification', method: 'generateReport', params: { month } });
    assert.ok(received.ok);
    for (const format of ['md', 'html', 'pdf']) await fs.access(path.join(labDir, 'reports', `${month}.${format}`));
    assert.deepStrictEqual([reportPreview.current?.clientId, reportPreview.current?.month], [LAB, month]);
    await dashboard.showClient(LAB);
    await waitFor('the dashboard without the report action', () => {
      const v = posted(dashboard.lastPosted, LAB);
      return v && !v.actions.some((a) => a.kind === 'report');
    });
    reportPreview.dispose();
  });

  it('a new run file appearing on disk updates the data the panel sent its view', async () => {
    // A sample client's runs/ folder, watched since VS Code started (a folder made during the
    // suite can miss the watcher's first events on a busy machine; see extension.ts).
    const { ctx, dashboard } = await upkeep();
    await dashboard.showClient(NORTHWIND);
    const before = await waitFor('the Northwind dashboard to be posted', () => posted(dashboard.lastPosted, NORTHWIND));
    const count = dashboard.postedCount;
    const runsDir = path.join(workspaceDir(), NORTHWIND, 'runs');
    const newest = before.recentRuns[0];
    const record = JSON.parse(await fs.readFile(path.join(runsDir, `${newest.runId}.json`), 'utf8')) as RunRecord;
    // A teammate's pushed record, or a CLI run: nothing but a file, a day after the newest run
    // (and before the one the history suite adds to Acme Dental).
    const startedAt = new Date(Date.parse(newest.startedAt) + DAY).toISOString();
    const id = `${runIdOf(startedAt, 'from-dashboard-suite')}`;
    await fs.writeFile(path.join(runsDir, `${id}.json`), JSON.stringify({ ...record, id, startedAt, endedAt: startedAt }));
    const view = await waitFor('the dashboard to show the new run', () => {
      const v = posted(dashboard.lastPosted, NORTHWIND);
      return v?.recentRuns[0]?.runId === id ? v : undefined;
    }).catch(async (e: Error) => {
      // Say where the update stopped: the workspace, the index, or the panel.
      const { history } = await upkeep();
      const client = ctx.client(NORTHWIND)!;
      const index = (await history.dashboard(client)).recentRuns[0]?.runId;
      const shown = posted(dashboard.lastPosted, NORTHWIND)?.recentRuns[0]?.runId;
      throw new Error(`${e.message}: file loaded ${client.runFiles.some((f) => f.endsWith(`${id}.json`))}, index newest ${index}, posted newest ${shown}, loaded ${dashboard.isLoaded}, visible ${dashboard.visible}, mode ${JSON.stringify(dashboard.current)}`);
    });
    assert.ok(dashboard.postedCount > count);
    const set = view.sets.find((s) => s.evalSetId === record.evalSet.id)!;
    assert.strictEqual(set.latest?.runId, id, 'the new run is the set’s latest point');
    assert.strictEqual(set.series.length, before.sets.find((s) => s.evalSetId === record.evalSet.id)!.series.length + 1);
  });

  it('logs hours through the form’s message path: a parseable entry, and the new hours sent back at once', async () => {
    const { dashboard } = await upkeep();
    await dashboard.showClient(LAB);
    const before = await waitFor('the lab dashboard', () => posted(dashboard.lastPosted, LAB));
    const text = await fs.readFile(changelogFile, 'utf8');
    const runId = before.recentRuns[0].runId;
    dashboard.outgoing.splice(0);
    const dispatched = dashboard.dispatch({
      type: 'request',
      id: 9001,
      method: 'logHours',
      params: { clientId: LAB, date: localDay(), category: 'incident', hours: 0.75, title: 'Quality dropped: <b>reverted</b> the prompt', description: 'Half the cases failed.\nRolled back.', runId },
    });
    // A refresh while the entry is written (the file watcher's, or a sync's) must not reach the view first.
    const [received] = await Promise.all([dispatched, dashboard.refresh()]);
    assert.ok(received.ok && received.reply?.type === 'response', JSON.stringify(received));
    const result = dashboardProtocol.toHost.logHours.result.parse(received.reply.result);
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.message, /Logged 0\.75 h \(incident\)/);
    assert.match(result.message, /2\.5 of 2 h/);
    // The new data reaches the view once, right before the answer: its hours bar never shows the
    // entry while its form still says "Logging…" (a refresh after the reload waits for the answer).
    assert.deepStrictEqual(dashboard.outgoing, ['notification showClient', 'response 9001']);

    // The entry, in the change log's own form, with the run linked; nothing else changed.
    const after = await fs.readFile(changelogFile, 'utf8');
    const block = `## ${localDay()} · incident · 0.75 h · Quality dropped: <b>reverted</b> the prompt\n\nHalf the cases failed.\nRolled back.\n\nRun: [${runId}](runs/${runId}.json)\n`;
    // Same day as the last entry: after it (the writer keeps entries newest first, same days in order).
    assert.strictEqual(after, `${text.trimEnd()}\n\n${block}`);
    const parsed = parseChangelog(changelogFile, after);
    assert.deepStrictEqual(parsed.problems, []);
    assert.ok(parsed.changelog.entries.some((e) => e.title === 'Quality dropped: <b>reverted</b> the prompt' && e.hours === 0.75 && e.category === 'incident'));

    // Sent before the answer, without waiting for the file watcher: the hours bar and the marker.
    const view = posted(dashboard.lastPosted, LAB);
    assert.ok(view, 'the lab dashboard was posted');
    assert.strictEqual(view.hours.thisMonth.total, before.hours.thisMonth.total + 0.75);
    assert.strictEqual(view.hours.thisMonth.overage, 0.5);
    assert.strictEqual(view.hours.thisMonth.overageValue, 75);
    assert.ok(view.events.some((e) => e.kind === 'changelog' && e.title === 'Quality dropped: <b>reverted</b> the prompt' && e.date === localDay()));
    const hours = view.actions.find((a) => a.kind === 'hours');
    assert.ok(hours?.kind === 'hours' && hours.severity === 'over' && hours.label === 'Hours over by 0.5 h', JSON.stringify(hours));
    assert.match(hours.detail, /€75\.00|EUR 75\.00/);
  });

  it('rejects form data that does not validate, with the change-log writer’s message, and writes nothing', async () => {
    const { dashboard } = await upkeep();
    await dashboard.showClient(LAB);
    const text = await fs.readFile(changelogFile, 'utf8');
    const good = { clientId: LAB, date: localDay(), category: 'review', hours: 1, title: 'A title' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ hours: 30 }, 'Hours must be more than 0 and at most 24.', 'hours'],
      [{ hours: 0 }, 'Hours must be more than 0 and at most 24.', 'hours'],
      [{ date: '2026-02-30' }, '2026-02-30 is not a calendar date.', 'date'],
      [{ date: '23/11/2026' }, 'The date must be YYYY-MM-DD.', 'date'],
      [{ category: 'coffee' }, 'The category must be one of review, prompt, retrain, incident, infra, report, other.', 'category'],
      [{ title: '   ' }, 'The entry needs a title.', 'title'],
      [{ runId: '../../../etc/passwd' }, `../../../etc/passwd is not a run of Dashboard Lab.`, 'runId'],
    ];
    let id = 9100;
    for (const [change, message, field] of cases) {
      const received = await dashboard.dispatch({ type: 'request', id: id++, method: 'logHours', params: { ...good, ...change } });
      assert.ok(received.ok && received.reply?.type === 'response', JSON.stringify(received));
      const result = dashboardProtocol.toHost.logHours.result.parse(received.reply.result);
      assert.deepStrictEqual(result, { ok: false, error: message, field }, JSON.stringify(change));
    }
    assert.strictEqual(await fs.readFile(changelogFile, 'utf8'), text, 'nothing was written');
  });

  it('drops every message that does not fit the protocol', async () => {
    const { dashboard } = await upkeep();
    await dashboard.showClient(LAB);
    const text = await fs.readFile(changelogFile, 'utf8');
    const garbage: unknown[] = [
      'garbage',
      null,
      42,
      {},
      { type: 'notification' },
      { type: 'notification', method: 'selectClient', params: { clientId: 5 } },
      { type: 'notification', method: 'selectClient', params: {} },
      { type: 'notification', method: 'openRun', params: { runId: '' } },
      { type: 'notification', method: 'openChangelog', params: { line: -3 } },
      { type: 'notification', method: 'compareRuns', params: { baseRunId: 'a' } },
      { type: 'notification', method: 'ready', params: { extra: true } },
      { type: 'notification', method: 'showClient', params: {} },
      { type: 'notification', method: '__proto__', params: {} },
      { type: 'notification', method: 'constructor', params: {} },
      { type: 'request', id: 1, method: 'runShellCommand', params: { command: 'rm -rf /' } },
      { type: 'request', id: 2, method: 'logHours', params: { clientId: LAB, date: localDay(), category: 'review', hours: '1', title: 'string hours' } },
      { type: 'request', id: 3, method: 'logHours', params: { clientId: LAB, date: localDay(), category: 'review', hours: 1, title: 'extra key', file: '/etc/passwd' } },
      { type: 'request', id: 4, method: 'logHours', params: { clientId: LAB, date: localDay(), category: 'review', hours: 1, title: 'x'.repeat(501) } },
      { type: 'request', id: -1, method: 'logHours', params: { clientId: LAB, date: localDay(), category: 'review', hours: 1, title: 'bad id' } },
      { type: 'notification', method: 'logHours', params: { clientId: LAB, date: localDay(), category: 'review', hours: 1, title: 'as a notification' } },
      { type: 'response', id: 99, result: {} },
      { type: 'notification', method: 'reportError', params: { message: 'x'.repeat(5000) } },
    ];
    for (const message of garbage) {
      const received = await dashboard.dispatch(message);
      assert.strictEqual(received.ok, false, `accepted ${JSON.stringify(message)?.slice(0, 120)}`);
    }
    assert.strictEqual(await fs.readFile(changelogFile, 'utf8'), text, 'nothing was written');
    assert.deepStrictEqual(dashboard.current, { kind: 'client', clientId: LAB }, 'the panel still shows the lab');
  });

  it('opens a run, a comparison and the change log from the view’s links, and only the client’s own runs', async () => {
    const { dashboard, results } = await upkeep();
    await dashboard.showClient(LAB);
    await dashboard.dispatch({ type: 'notification', method: 'openRun', params: { runId: runs.latest.id } });
    await waitFor('the results view to show the run', () => {
      const shown = results.runs.current;
      return shown?.kind === 'run' && shown.run.record.id === runs.latest.id;
    });
    await dashboard.showClient(LAB);
    await dashboard.dispatch({ type: 'notification', method: 'compareRuns', params: { baseRunId: runs.quality[0].id, headRunId: runs.latest.id } });
    await waitFor('the comparison view', () => {
      const shown = results.comparison.current;
      return shown?.kind === 'comparison' && shown.base.record.id === runs.quality[0].id && shown.head.record.id === runs.latest.id;
    });
    await dashboard.showClient(LAB);
    await dashboard.dispatch({ type: 'notification', method: 'openChangelog', params: { line: 3 } });
    const editor = await waitFor('the change log in an editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === changelogFile ? vscode.window.activeTextEditor : undefined));
    assert.strictEqual(editor.selection.active.line, 2);

    // A run id that is not one of the client's runs opens nothing.
    const before = results.runs.current?.kind === 'run' ? results.runs.current.run.file : undefined;
    await dashboard.showClient(LAB);
    const acmeRun = (await upkeep()).ctx.client(ACME)!.runFiles[0];
    // dispatch awaits the handler, so by now it has opened whatever it was going to open.
    await dashboard.dispatch({ type: 'notification', method: 'openRun', params: { runId: path.basename(acmeRun, '.json') } });
    assert.strictEqual(results.runs.current?.kind === 'run' ? results.runs.current.run.file : undefined, before);
  });

  it('shows this month’s operations from the client’s health history, and no such card for a client without one', async () => {
    const { dashboard } = await upkeep();
    const dir = path.join(workspaceDir(), NORTHWIND);
    const hour = 3_600_000;
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour).toISOString();
    // Checked hourly: up, then down for an hour, then up again.
    await recordSamples(dir, [
      { at: at(3), status: 'up', every: 60 },
      { at: at(2), status: 'down', every: 60, problems: ['server-down'], reason: 'nothing answers' },
      { at: at(1), status: 'up', every: 60 },
    ]);
    try {
      const view = await dashboard.showClient(NORTHWIND);
      const lines = view.operations?.lines ?? [];
      assert.strictEqual(view.operations?.month, view.month);
      assert.match(lines[0], /^Uptime [\d.]+% against a 99\.5% target \(missed\), 1 h down in 1 outage/, lines.join('\n'));
      assert.strictEqual(lines[1], 'No incidents.');
      assert.strictEqual((await dashboard.showClient(LAB)).operations, undefined);
    } finally {
      await fs.rm(path.join(dir, HEALTH_DIR), { recursive: true, force: true });
    }
  });
});
