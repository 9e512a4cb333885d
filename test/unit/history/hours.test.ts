import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { addMonths, hoursForMonth, monthlyHours, monthOfDate, monthRange, type HoursEntry } from '../../../src/core/analysis/hours';

const retainer = { includedHours: 2, hourlyRate: 180, currency: 'AUD' };
const e = (date: string, hours: number, category: HoursEntry['category'] = 'review'): HoursEntry => ({ date, hours, category });

describe('hours against the retainer', () => {
  it('Jan 31 and Feb 1 fall in their own months, whatever the time zone', () => {
    const entries = [e('2027-01-31', 1.5), e('2027-02-01', 0.25), e('2026-12-31', 4)];
    const [dec, jan, feb] = monthlyHours(entries, retainer, '2026-12', '2027-02');
    assert.deepStrictEqual([dec.month, dec.total], ['2026-12', 4]);
    assert.deepStrictEqual([jan.month, jan.total], ['2027-01', 1.5]);
    assert.deepStrictEqual([feb.month, feb.total], ['2027-02', 0.25]);
    assert.strictEqual(monthOfDate('2027-01-31'), '2027-01');
  });

  it('gives the same months in time zones on either side of the date line', () => {
    const script = `const { monthlyHours } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'src', 'core', 'analysis', 'hours'))});
      const m = monthlyHours([{ date: '2027-01-31', hours: 1.5, category: 'review' }, { date: '2027-02-01', hours: 0.25, category: 'review' }], undefined, '2027-01', '2027-02');
      console.log(JSON.stringify(m.map((x) => [x.month, x.total])));`;
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz } }).toString().trim();
      assert.strictEqual(out, '[["2027-01",1.5],["2027-02",0.25]]', tz);
    }
  });

  it('a month whose hours were never logged says why instead of being 0; a month after the first entry with none is 0', () => {
    const entries = [e('2026-10-10', 1), e('2026-08-20', 2)];
    const [jul, aug, sep] = monthlyHours(entries, retainer, '2026-07', '2026-09');
    assert.strictEqual(jul.unread, "before the change log's first entry (2026-08-20)");
    assert.deepStrictEqual([aug.unread, aug.total], [undefined, 2]);
    assert.deepStrictEqual([sep.unread, sep.total, sep.remaining], [undefined, 0, 2], 'nothing logged since the log began: 0, and the allowance left');
    assert.strictEqual(hoursForMonth([], retainer, '2026-09').unread, 'the change log has no entry yet');
    assert.strictEqual(hoursForMonth(entries, retainer, '2026-10', false).unread, 'no change log was read');
    assert.strictEqual(hoursForMonth(entries, retainer, '2026-10').unread, undefined);
  });

  it('overage is the hours beyond the included ones, valued at the hourly rate in the retainer currency', () => {
    const m = hoursForMonth([e('2026-11-03', 1.25), e('2026-11-20', 2, 'incident'), e('2026-11-28', 0.5, 'prompt')], retainer, '2026-11');
    assert.deepStrictEqual(
      { total: m.total, included: m.included, remaining: m.remaining, overage: m.overage, value: m.overageValue, currency: m.currency },
      { total: 3.75, included: 2, remaining: 0, overage: 1.75, value: 315, currency: 'AUD' },
    );
    const under = hoursForMonth([e('2026-11-03', 0.75)], retainer, '2026-11');
    assert.deepStrictEqual([under.overage, under.remaining, under.overageValue], [0, 1.25, 0]);
  });

  it('sums exactly: tenths of hours and a rate with cents', () => {
    const m = hoursForMonth([e('2026-05-01', 0.1), e('2026-05-02', 0.2), e('2026-05-03', 2.05)], { includedHours: 2, hourlyRate: 180.55, currency: 'USD' }, '2026-05');
    assert.strictEqual(m.total, 2.35); // not 2.3499999999999996
    assert.strictEqual(m.overage, 0.35);
    assert.strictEqual(m.overageValue, 63.19); // 0.35 × 180.55 = 63.1925
  });

  it('hours per category, every category present', () => {
    const m = hoursForMonth([e('2026-05-01', 1, 'review'), e('2026-05-09', 0.5, 'review'), e('2026-05-10', 2, 'retrain')], retainer, '2026-05');
    assert.deepStrictEqual(m.byCategory, { review: 1.5, prompt: 0, retrain: 2, incident: 0, infra: 0, report: 0, other: 0 });
    assert.strictEqual(m.entries, 3);
  });

  it('a month with no entries has nothing used and everything remaining', () => {
    const months = monthlyHours([e('2026-01-15', 1), e('2026-03-15', 3)], retainer, '2026-01', '2026-03');
    assert.deepStrictEqual(
      months.map((m) => [m.month, m.total, m.remaining, m.overage]),
      [
        ['2026-01', 1, 1, 0],
        ['2026-02', 0, 2, 0],
        ['2026-03', 3, 0, 1],
      ],
    );
    assert.strictEqual(months[1].entries, 0);
  });

  it('without a retainer there is no allowance, overage or value; without a rate no value', () => {
    const none = hoursForMonth([e('2026-05-01', 5)], undefined, '2026-05');
    assert.strictEqual(none.total, 5);
    assert.deepStrictEqual([none.included, none.overage, none.overageValue, none.currency], [undefined, undefined, undefined, undefined]);
    const noRate = hoursForMonth([e('2026-05-01', 5)], { includedHours: 2 }, '2026-05');
    assert.deepStrictEqual([noRate.overage, noRate.overageValue], [3, undefined]);
  });

  it('month arithmetic across years', () => {
    assert.strictEqual(addMonths('2026-12', 1), '2027-01');
    assert.strictEqual(addMonths('2027-01', -1), '2026-12');
    assert.strictEqual(addMonths('2026-06', -18), '2024-12');
    assert.deepStrictEqual(monthRange('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
    assert.deepStrictEqual(monthRange('2027-02', '2026-11'), []);
    assert.throws(() => monthRange('2026-13', '2027-01'), /not a YYYY-MM month/);
  });
});
