import * as assert from 'assert';
import { HOURS_WARNING, hoursStatus, nextActions, STALE_DAYS, type NextActionInput } from '../../../src/core/analysis/nextActions';

const NOW = '2026-11-23T12:00:00.000Z';

function input(over: Partial<NextActionInput> = {}): NextActionInput {
  return {
    now: NOW,
    breaches: [],
    sets: [],
    hours: { thisMonth: { month: '2026-11', total: 0, included: 2, remaining: 2 } },
    ...over,
  };
}

function set(evalSetId: string, lastRunAt: string | undefined, drift: NextActionInput['sets'][number]['drift'] = { status: 'stable' }) {
  return { evalSetId, name: evalSetId, inWorkspace: true, ...(lastRunAt ? { lastRunAt } : {}), series: [], drift };
}

describe('nextActions', () => {
  it('the thresholds: 14 days for a stale set, 80% of the included hours', () => {
    assert.strictEqual(STALE_DAYS, 14);
    assert.strictEqual(HOURS_WARNING, 0.8);
  });

  it('hoursStatus: none without a retainer, warning from 80%, over past the included hours', () => {
    assert.strictEqual(hoursStatus(5, undefined), 'none');
    assert.strictEqual(hoursStatus(1.5, 2), 'ok');
    assert.strictEqual(hoursStatus(1.6, 2), 'warning');
    assert.strictEqual(hoursStatus(2, 2), 'warning');
    assert.strictEqual(hoursStatus(2.25, 2), 'over');
    assert.strictEqual(hoursStatus(1, 2, 0.5), 'over', 'the overage the analysis computed wins');
    assert.strictEqual(hoursStatus(0, 0), 'ok');
  });

  it('nothing to do: every set ran within 14 days, hours under 80%', () => {
    assert.deepStrictEqual(nextActions(input({ sets: [set('a', '2026-11-10T12:00:01.000Z')] })), []);
  });

  it('a set not run for 14 days, or never: run it', () => {
    const actions = nextActions(input({ sets: [set('old', '2026-11-09T12:00:00.000Z'), set('never', undefined), { ...set('gone', undefined), inWorkspace: false }] }));
    assert.deepStrictEqual(actions, [
      { kind: 'run', evalSetId: 'old', label: 'Run old', detail: 'Not run for 14 days (last run 2026-11-09).' },
      { kind: 'run', evalSetId: 'never', label: 'Run never', detail: 'Never run.' },
    ]);
  });

  it('breaches first, then a declining set against its window, then stale sets, then hours', () => {
    const declining = set('safety', '2026-11-22T10:00:00.000Z', { status: 'declining', headRunId: 'h', reference: { kind: 'window', runIds: ['2026-11-01T09-00-00Z-safety', 'x'] }, delta: -0.125, pValue: 0.0004 });
    const actions = nextActions(
      input({
        breaches: [{ evalSetId: 'safety', evalSetName: 'Safety', runId: '2026-11-22T10-00-00Z-safety', breach: { message: 'pass rate 80.0% is below 90.0%' } }],
        sets: [declining, set('stale', '2026-10-01T00:00:00.000Z')],
        hours: { thisMonth: { month: '2026-11', total: 4.25, included: 2, overage: 2.25, overageValue: 405, currency: 'AUD' } },
      }),
    );
    assert.deepStrictEqual(
      actions.map((a) => a.kind),
      ['breach', 'investigate', 'run', 'hours'],
    );
    assert.strictEqual(actions[0].label, 'Safety: pass rate 80.0% is below 90.0%');
    assert.strictEqual(actions[0].detail, 'In the run of 2026-11-22. Open it to see which cases failed.');
    assert.deepStrictEqual(actions[1], {
      kind: 'investigate',
      evalSetId: 'safety',
      baseRunId: '2026-11-01T09-00-00Z-safety',
      headRunId: 'h',
      label: 'Investigate safety: compare the last run with the baseline',
      detail: 'Pass rate fell 12.5 points (p = 4.0e-4); compares the last run with the run of 2026-11-01, the start of the window it was tested against.',
    });
    assert.deepStrictEqual(actions[3], { kind: 'hours', severity: 'over', label: 'Hours over by 2.25 h', detail: '4.25 h logged in November 2026 against 2 h included (AUD 405.00 at the hourly rate).' });
  });

  it('hours nearly used', () => {
    const [a] = nextActions(input({ hours: { thisMonth: { month: '2026-11', total: 1.75, included: 2, remaining: 0.25 } } }));
    assert.deepStrictEqual(a, { kind: 'hours', severity: 'warning', label: 'Hours nearly used', detail: '1.75 h of 2 h included used in November 2026; 0.25 h left.' });
  });

  describe('a month that ended without a report', () => {
    const october = { ...set('a', '2026-11-20T12:00:00.000Z'), series: [{ runId: 'r1', startedAt: '2026-10-15T12:00:00.000Z' }] };

    it('suggests generating it, after stale sets and before the hours', () => {
      const actions = nextActions(input({ sets: [october, set('stale', undefined)], reportMonths: ['2026-09'], hours: { thisMonth: { month: '2026-11', total: 1.75, included: 2, remaining: 0.25 } } }));
      assert.deepStrictEqual(actions.map((a) => a.kind), ['run', 'report', 'hours']);
      assert.deepStrictEqual(actions[1], { kind: 'report', month: '2026-10', label: 'Generate the October 2026 report', detail: 'October 2026 ended without a report (reports/2026-10.md).' });
    });

    it('not once that month has its report, nor while the reports are unknown', () => {
      assert.deepStrictEqual(nextActions(input({ sets: [october], reportMonths: ['2026-11', '2026-10'] })), []);
      assert.deepStrictEqual(nextActions(input({ sets: [october] })), []);
    });

    it('not for a client whose record began this month; yes for one that only logged hours last month', () => {
      const november = { ...set('a', '2026-11-20T12:00:00.000Z'), series: [{ runId: 'r1', startedAt: '2026-11-02T12:00:00.000Z' }] };
      assert.deepStrictEqual(nextActions(input({ sets: [november], reportMonths: [], hours: { thisMonth: { month: '2026-11', total: 0 }, months: [{ month: '2026-10', entries: 0 }, { month: '2026-11', entries: 1 }] } })), []);
      const [a] = nextActions(input({ sets: [november], reportMonths: [], hours: { thisMonth: { month: '2026-11', total: 0 }, months: [{ month: '2026-09', entries: 2 }, { month: '2026-10', entries: 0 }] } }));
      assert.strictEqual(a?.kind === 'report' && a.month, '2026-10');
    });

    it('in January, the December before', () => {
      const december = { ...set('a', '2027-01-05T12:00:00.000Z'), series: [{ runId: 'r1', startedAt: '2026-12-10T12:00:00.000Z' }] };
      const [a] = nextActions(input({ now: '2027-01-06T12:00:00.000Z', sets: [december], reportMonths: ['2026-11'], hours: { thisMonth: { month: '2027-01', total: 0 } } }));
      assert.strictEqual(a?.kind === 'report' && a.label, 'Generate the December 2026 report');
    });
  });
});
