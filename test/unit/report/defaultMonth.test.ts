import * as assert from 'assert';
import { defaultReportMonth } from '../../../src/core/report/calendar';

describe('monthly report default month', () => {
  it('is last month during the first seven days of a month, this month from the eighth', () => {
    assert.strictEqual(defaultReportMonth(new Date('2026-11-07T12:00:00Z'), 'UTC'), '2026-10');
    assert.strictEqual(defaultReportMonth(new Date('2026-11-08T12:00:00Z'), 'UTC'), '2026-11');
    assert.strictEqual(defaultReportMonth(new Date('2026-11-30T12:00:00Z'), 'UTC'), '2026-11');
  });

  it('crosses the year in January, and counts days on the given clock', () => {
    assert.strictEqual(defaultReportMonth(new Date('2027-01-03T12:00:00Z'), 'UTC'), '2026-12');
    // 7 Nov 23:30 UTC is already the 8th in Auckland.
    assert.strictEqual(defaultReportMonth(new Date('2026-11-07T23:30:00Z'), 'UTC'), '2026-10');
    assert.strictEqual(defaultReportMonth(new Date('2026-11-07T23:30:00Z'), 'Pacific/Auckland'), '2026-11');
  });
});
