import * as assert from 'assert';
import { ago, dateTime, day, daysBetween, epochSeconds, localDate, monthName } from '../../../src/core/format/dates';

describe('format: dates', () => {
  it('a calendar date stays as written; a time becomes its local date', () => {
    assert.strictEqual(day('2026-11-23'), '2026-11-23');
    assert.strictEqual(day('not a date'), 'not a date');
    const at = new Date(2026, 10, 23, 9, 5);
    assert.strictEqual(day(at.toISOString()), '2026-11-23');
    assert.strictEqual(dateTime(at.toISOString()), '2026-11-23 09:05');
    assert.strictEqual(dateTime('2026-11-23'), '2026-11-23');
    assert.strictEqual(localDate(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });

  it('places a calendar date at its local noon on a time scale', () => {
    assert.strictEqual(epochSeconds('2026-11-23'), new Date(2026, 10, 23, 12).getTime() / 1000);
    assert.strictEqual(epochSeconds('2026-11-23T10:00:00.000Z'), Date.parse('2026-11-23T10:00:00.000Z') / 1000);
  });

  it('days ago, from an injected now', () => {
    const now = '2026-11-23T12:00:00.000Z';
    assert.strictEqual(ago('2026-11-23T01:00:00.000Z', now), 'today');
    assert.strictEqual(ago('2026-11-22T11:00:00.000Z', now), 'yesterday');
    assert.strictEqual(ago('2026-11-18T12:00:00.000Z', now), '5 days ago');
    assert.strictEqual(ago('garbage', now), '');
    assert.strictEqual(daysBetween('2026-11-09T12:00:00.000Z', now), 14);
    assert.strictEqual(daysBetween('garbage', now), undefined);
  });

  it('month names', () => {
    assert.strictEqual(monthName('2026-11'), 'November 2026');
    assert.strictEqual(monthName('November'), 'November');
  });
});
