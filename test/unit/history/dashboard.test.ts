import * as assert from 'assert';
import { clientDashboard, clientsOverview, HistoryIndex } from '../../../src/core/history';
import type { Client } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, day, writeClient, type RecordSpec } from './fixtures';

const CHANGELOG = `# Change log

## 2026-01-05 · prompt · 1.5 h · Prompt for the new fees

## 2026-01-31 · review · 1 h · January review

## 2026-02-01 · retrain · 0.5 h · v4 planning
`;

/** 100 cases of which the first `passed` pass. */
const cases = (passed: number) => ({ total: 100, passed });

describe('dashboard data', () => {
  let root: string;
  let index: HistoryIndex;
  let clients: Client[];
  const now = new Date(2026, 1, 10, 12); // 10 February 2026, local time

  beforeEach(async () => {
    root = await tempTree({});
    const steady: RecordSpec[] = [0, 1, 2, 3, 4].map((d) => ({ at: day(d), cases: cases(92), latencyMs: 800 }));
    await writeClient(root, 'acme', {
      changelog: CHANGELOG,
      records: [
        ...steady,
        { at: day(5), cases: cases(70), latencyMs: 1200, digest: 'v4digest' }, // new weights, much worse, slow
        { at: day(6), cases: { total: 1, passed: 1 }, selectedCases: ['c0'], digest: 'v4digest' }, // a Test Explorer run
        { at: day(7), cases: cases(10), status: 'cancelled', digest: 'v4digest' },
        { at: day(3), set: 'safety', cases: { total: 10, passed: 10 } },
      ],
    });
    await writeClient(root, 'quiet', {});
    await writeClient(root, 'broken', { manifest: 'name: [unclosed\n', records: [{ at: day(1), cases: cases(50) }] });
    clients = await clientsOf(root);
    index = await HistoryIndex.open();
    await index.sync(clients);
  });
  afterEach(async () => {
    index.close();
    await removeTree(root);
  });

  const byName = (slug: string) => clients.find((c) => c.dir.endsWith(slug))!;

  it('one client: series, drift with its method, breaches, events, hours and recent runs', () => {
    const d = clientDashboard(index, byName('acme'), now);
    assert.strictEqual(d.month, '2026-02');
    assert.deepStrictEqual(
      d.sets.map((s) => [s.evalSetId, s.name, s.inWorkspace, s.series.length]),
      [
        ['evals/front-desk.yaml', 'Front desk', true, 6],
        ['evals/safety.yaml', 'safety', false, 1],
      ],
    );
    const front = d.sets[0];
    assert.deepStrictEqual(front.series.map((p) => p.passRate), [0.92, 0.92, 0.92, 0.92, 0.92, 0.7]);
    assert.strictEqual(front.latest?.runId, front.series[5].runId);
    assert.strictEqual(front.drift.status, 'declining');
    assert.strictEqual(front.drift.test, 'paired-exact');
    assert.match(front.drift.method, /Paired exact test on 100 cases, the latest run against the 5 runs before it/);
    assert.strictEqual(d.sets[1].drift.status, 'insufficient-data');

    assert.strictEqual(d.health, 'breach');
    assert.deepStrictEqual(
      d.breaches.map((b) => [b.evalSetName, b.breach.metric]),
      [
        ['Front desk', 'passRate'],
        ['Front desk', 'latencyP95Ms'],
      ],
    );

    assert.deepStrictEqual(
      d.events.map((e) => [e.kind, e.at.slice(0, 10)]),
      [
        ['changelog', '2026-01-05'],
        ['model', '2026-01-06'],
        ['changelog', '2026-01-31'],
        ['changelog', '2026-02-01'],
      ],
    );

    assert.deepStrictEqual([d.hours.thisMonth.month, d.hours.thisMonth.total, d.hours.thisMonth.remaining], ['2026-02', 0.5, 1.5]);
    assert.strictEqual(d.hours.months.length, 12);
    const jan = d.hours.months.find((m) => m.month === '2026-01')!;
    assert.deepStrictEqual([jan.total, jan.overage, jan.overageValue, jan.currency], [2.5, 0.5, 90, 'AUD']);

    assert.deepStrictEqual(
      d.recentRuns.slice(0, 3).map((r) => [r.status, r.partial, r.total]),
      [
        ['cancelled', false, 100],
        ['complete', true, 1],
        ['complete', false, 100],
      ],
    );
  });

  it('a pinned baseline is the reference when given', () => {
    const runs = index.runs(byName('acme'), { evalSetId: 'evals/front-desk.yaml', comparableOnly: true });
    const d = clientDashboard(index, byName('acme'), now, { baselines: { 'evals/front-desk.yaml': runs[1].runId } });
    const drift = d.sets[0].drift;
    assert.deepStrictEqual(drift.reference, { kind: 'baseline', runIds: [runs[1].runId] });
    assert.deepStrictEqual([drift.fixed, drift.regressed], [0, 22]);
    assert.strictEqual(drift.status, 'declining');
  });

  it('all clients: one row each with health, last run, trend and hours', () => {
    const rows = clientsOverview(index, clients, now);
    const row = (slug: string) => rows.find((r) => r.dir.endsWith(slug))!;
    assert.strictEqual(rows.length, 3);
    assert.deepStrictEqual(
      { health: row('acme').health, trend: row('acme').trend, lastRunAt: row('acme').lastRunAt, hours: row('acme').hours },
      { health: 'breach', trend: 'declining', lastRunAt: day(7), hours: { month: '2026-02', used: 0.5, included: 2, overage: 0 } },
    );
    assert.deepStrictEqual(row('acme').breaches, ['Front desk: pass rate 70% < 80% threshold (−10 pts)', 'Front desk: latency p95 1200 ms > 1000 ms threshold (+200 ms)']);
    assert.deepStrictEqual(
      row('acme').trendBySet.map((t) => [t.name, t.status]),
      [
        ['Front desk', 'declining'],
        ['safety', 'insufficient-data'],
      ],
    );
    assert.deepStrictEqual({ health: row('quiet').health, trend: row('quiet').trend, last: row('quiet').lastRunAt }, { health: 'no-runs', trend: 'insufficient-data', last: undefined });
    // Nothing was read to sum: the row says why rather than standing for 0 hours.
    assert.deepStrictEqual([row('broken').broken, row('broken').health, row('broken').hours], [true, 'ok', { month: '2026-02', used: 0, unread: 'no change log was read' }]);
  });

  it("a past month: its hours, and the runs as they stood at its end; before the change log's first entry, no hours figure", () => {
    const january = clientsOverview(index, clients, now, { month: '2026-01' }).find((r) => r.dir.endsWith('acme'))!;
    assert.deepStrictEqual([january.hours, january.health, january.lastRunAt], [{ month: '2026-01', used: 2.5, included: 2, overage: 0.5 }, 'breach', day(7)]);
    // November, not December: the first run (1 January 09:00 UTC) is after November's end in every zone.
    const november = clientsOverview(index, clients, now, { month: '2025-11' }).find((r) => r.dir.endsWith('acme'))!;
    assert.deepStrictEqual(
      [november.hours, november.health, november.lastRunAt, november.trendBySet],
      [{ month: '2025-11', used: 0, included: 2, overage: 0, unread: "before the change log's first entry (2026-01-05)" }, 'no-runs', undefined, []],
    );
  });

  it('the overview agrees with each client\'s dashboard', () => {
    const rows = clientsOverview(index, clients, now);
    for (const client of clients) {
      const d = clientDashboard(index, client, now);
      const row = rows.find((r) => r.dir === client.dir)!;
      assert.strictEqual(row.health, d.health, client.id);
      assert.deepStrictEqual(
        row.trendBySet.map((t) => t.status),
        d.sets.filter((s) => s.series.length).map((s) => s.drift.status),
        client.id,
      );
    }
  });
});
