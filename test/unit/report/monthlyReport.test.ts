import * as assert from 'assert';
import { HistoryIndex } from '../../../src/core/history';
import { monthlyReport, ReportInputError, type ReportOptions } from '../../../src/core/report/monthlyReport';
import type { MonthlyReport } from '../../../src/core/report/types';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, MANIFEST, writeClient, type RecordSpec } from '../history/fixtures';

/** 100 cases of which the first `passed` pass. */
const cases = (passed: number) => ({ total: 100, passed });
const NOW = new Date('2026-12-01T09:00:00Z');

describe('monthly report model', () => {
  let root: string;
  beforeEach(async () => (root = await tempTree({})));
  afterEach(() => removeTree(root));

  /** One client with these records, change log and manifest; its report for `month`. */
  async function report(month: string, opts: { records?: RecordSpec[]; changelog?: string; manifest?: string } & ReportOptions = {}): Promise<MonthlyReport> {
    await writeClient(root, 'acme', opts);
    const [client] = await clientsOf(root);
    const index = await HistoryIndex.open();
    try {
      await index.sync([client]);
      return await monthlyReport(index, client, month, { now: NOW, timeZone: opts.timeZone ?? 'UTC', ...(opts.notes !== undefined ? { notes: opts.notes } : {}) });
    } finally {
      index.close();
    }
  }

  it('names the cases fixed and regressed between last month\'s last run and this month\'s last, by id', async () => {
    const r = await report('2026-10', {
      records: [
        { at: '2026-09-10T09:00:00.000Z', cases: { a: false, b: true, c: true, d: true } },
        { at: '2026-09-28T09:00:00.000Z', cases: { a: true, b: false, c: true, d: true } }, // last month's last
        { at: '2026-10-05T09:00:00.000Z', cases: { a: true, b: false, c: false, d: false } },
        { at: '2026-10-26T09:00:00.000Z', cases: { a: true, b: true, c: false, d: true } }, // this month's last
      ],
    });
    const set = r.sets[0];
    assert.strictEqual(set.runs, 2);
    assert.strictEqual(set.first?.date, '2026-10-05');
    assert.strictEqual(set.last?.date, '2026-10-26');
    assert.strictEqual(set.previous?.date, '2026-09-28');
    assert.deepStrictEqual(set.fixedCases, ['b']);
    assert.deepStrictEqual(set.regressedCases, ['c']);
    assert.strictEqual(set.move?.passRate, 0);
    assert.deepStrictEqual(r.narrative.improved.map((i) => i.caseIds), [['b']]);
    assert.deepStrictEqual(r.narrative.degraded.map((i) => i.caseIds), [['c']]);
    assert.match(r.narrative.degraded[0].text, /^Front desk: c no longer passes \(passed on 28 Sep\)/);
    assert.strictEqual(set.series.length, 4);
  });

  describe('month boundaries on the engineer\'s clock', () => {
    const records: RecordSpec[] = [
      { at: '2026-10-01T05:00:00.000Z', cases: { early: true } }, // 30 Sep in UTC−11, 1 Oct in UTC+14
      { at: '2026-10-31T20:00:00.000Z', cases: { late: true } }, // 31 Oct in UTC−11, 1 Nov in UTC+14
    ];
    const changelog = `# Log

## 2026-09-30 · review · 1 h · Last day of September

## 2026-10-01 · review · 0.5 h · First day of October

## 2026-10-31 · prompt · 0.25 h · Last day of October

## 2026-11-01 · other · 2 h · First day of November
`;
    for (const [zone, expected] of [
      ['Pacific/Kiritimati', { date: '2026-10-01', runId: '2026-10-01T05-00-00Z-front-desk' }],
      ['Pacific/Pago_Pago', { date: '2026-10-31', runId: '2026-10-31T20-00-00Z-front-desk' }],
    ] as const) {
      it(`${zone}: October holds the runs of its own days and the hours dated in October`, async () => {
        const r = await report('2026-10', { records, changelog, timeZone: zone });
        assert.strictEqual(r.sets[0].runs, 1);
        assert.deepStrictEqual([r.sets[0].last?.date, r.sets[0].last?.runId], [expected.date, expected.runId]);
        assert.strictEqual(r.hours.month.total, 0.75);
        assert.strictEqual(r.hours.month.entries, 2);
        assert.deepStrictEqual(r.narrative.fixed.map((f) => f.date), ['2026-10-31']);
      });
    }
  });

  describe('retraining recommendation', () => {
    const steady = (month: string, passed: number[]): RecordSpec[] => passed.map((p, i) => ({ at: `${month}-${String(i * 5 + 1).padStart(2, '0')}T09:00:00.000Z`, cases: cases(p) }));

    it('no when nothing triggers, saying what was checked', async () => {
      const r = await report('2026-10', { records: steady('2026-10', [92, 93, 92, 92, 93]) });
      assert.strictEqual(r.retraining.recommended, false);
      assert.deepStrictEqual(r.retraining.reasons, []);
      assert.deepStrictEqual(r.retraining.checks.map((c) => [c.kind, c.triggered]), [['pass-rate', false], ['drift', false], ['schedule', false]]);
      assert.match(r.retraining.rule, /last two complete runs both fall below the pass-rate threshold/);
    });

    it('yes when the last two complete runs both breach the pass-rate threshold', async () => {
      const r = await report('2026-10', { records: [...steady('2026-10', [92, 79, 78])] });
      assert.strictEqual(r.retraining.recommended, true);
      assert.deepStrictEqual(r.retraining.checks.filter((c) => c.triggered).map((c) => c.kind), ['pass-rate']);
      assert.match(r.retraining.reasons[0], /Front desk: the last two complete runs are both below the 80% pass-rate threshold/);
      assert.strictEqual(r.health.status, 'breach');
    });

    it('yes when a set is declining', async () => {
      const r = await report('2026-10', { records: steady('2026-10', [95, 95, 95, 95, 95, 84]) });
      assert.strictEqual(r.sets[0].drift.status, 'declining');
      assert.deepStrictEqual(r.retraining.checks.filter((c) => c.triggered).map((c) => c.kind), ['drift']);
    });

    it('yes when retrain.everyMonths have passed since the last retrain entry, no before', async () => {
      const manifest = `${MANIFEST('acme')}retrain:\n  everyMonths: 4\n`;
      const changelog = '# Log\n\n## 2026-06-10 · retrain · 6 h · v3\n';
      const due = await report('2026-10', { records: steady('2026-10', [92]), manifest, changelog });
      assert.deepStrictEqual(due.retraining.checks.filter((c) => c.triggered).map((c) => c.kind), ['schedule']);
      assert.match(due.retraining.reasons[0], /4 months since the last retrain \(2026-06-10\); the schedule is every 4/);
      await removeTree(root);
      root = await tempTree({});
      const early = await report('2026-09', { records: steady('2026-09', [92]), manifest, changelog });
      assert.strictEqual(early.retraining.recommended, false);
      assert.match(early.retraining.checks[2].detail, /3 months since the last retrain/);
    });
  });

  it('a model digest that changed with no change-log entry that month is an anomaly; a logged one is not', async () => {
    const records: RecordSpec[] = [
      { at: '2026-10-02T09:00:00.000Z', cases: cases(92), digest: 'sha256:aaaaaaaaaaaaaaaa' },
      { at: '2026-10-20T09:00:00.000Z', cases: cases(92), digest: 'sha256:bbbbbbbbbbbbbbbb' },
    ];
    const silent = await report('2026-10', { records, changelog: '# Log\n\n## 2026-10-03 · review · 1 h · Review\n' });
    const unlogged = silent.anomalies.filter((a) => a.kind === 'unlogged-model-change');
    assert.deepStrictEqual(unlogged.map((a) => [a.date, a.runId]), [['2026-10-20', '2026-10-20T09-00-00Z-front-desk']]);
    assert.match(unlogged[0].text, /acme:v3 \(sha256:aaaaa.*\) → acme:v3 \(sha256:bbbbb.*\) on 20 Oct, with no retrain, infra, incident entry/);
    assert.ok(silent.narrative.next.some((n) => /weights changed on 20 Oct/.test(n)));
    await removeTree(root);
    root = await tempTree({});
    const logged = await report('2026-10', { records, changelog: '# Log\n\n## 2026-10-19 · infra · 1 h · Re-pulled acme:v3 after the disk swap\n' });
    assert.deepStrictEqual(logged.anomalies.filter((a) => a.kind === 'unlogged-model-change'), []);
  });

  it('a run that stopped early is an anomaly', async () => {
    const r = await report('2026-10', {
      records: [
        { at: '2026-10-02T09:00:00.000Z', cases: cases(92), status: 'interrupted' },
      ],
    });
    assert.deepStrictEqual(r.anomalies.map((a) => a.kind), ['stopped-early']);
    assert.match(r.anomalies[0].text, /Front desk: the run of 2 Oct stopped early \(interrupted: 100 cases finished\)/);
  });

  it('candidate and sample runs are not counted, compared or taken for a model change', async () => {
    const r = await report('2026-10', {
      records: [
        { at: '2026-10-02T09:00:00.000Z', cases: { a: true, b: true } },
        { at: '2026-10-10T09:00:00.000Z', cases: { a: false, b: false }, purpose: 'candidate', model: 'acme:v4', digest: 'sha256:cccccccc' },
        { at: '2026-10-11T09:00:00.000Z', cases: { a: true, b: false }, purpose: 'sample' },
      ],
    });
    assert.strictEqual(r.sets[0].runs, 1);
    assert.strictEqual(r.sets[0].last?.date, '2026-10-02');
    assert.deepStrictEqual(r.anomalies, []);
  });

  it('a month with no runs says so and recommends a run', async () => {
    const r = await report('2026-11', { records: [{ at: '2026-10-02T09:00:00.000Z', cases: cases(92) }] });
    assert.strictEqual(r.noRuns, true);
    assert.strictEqual(r.health.status, 'attention');
    assert.match(r.health.reasons[0], /No eval set was run this month/);
    assert.match(r.narrative.next[0], /^Run every eval set: none was run this month/);
    assert.strictEqual(r.sets[0].last, undefined);
    assert.strictEqual(r.sets[0].previous?.date, '2026-10-02');
  });

  it('refuses a month not begun yet and a malformed month, before reading anything', async () => {
    await assert.rejects(report('2026-12-01'), (e: Error) => e instanceof ReportInputError && /not a month: write it as YYYY-MM/.test(e.message));
    await assert.rejects(report('2026-13'), (e: Error) => e instanceof ReportInputError && /01 to 12/.test(e.message));
    await assert.rejects(report('2027-01'), (e: Error) => e instanceof ReportInputError && /2027-01 has not begun yet \(today is 2026-12-01/.test(e.message));
    await assert.doesNotReject(report('2026-12'));
  });
});
