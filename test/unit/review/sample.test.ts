import * as assert from 'assert';
import { allocate } from '../../../src/core/review/allocation';
import type { LogLine } from '../../../src/core/review/logReader';
import { SampleDrawer, type SampleOptions } from '../../../src/core/review/sample';

/** A line of the log, answered at `timestamp`. */
function logLine(n: number, timestamp: string, fields: Record<string, string> = {}, flagged = false): LogLine {
  const all = { input: `question ${n}`, output: `answer ${n}`, timestamp, ...fields };
  return { file: 'prod.jsonl', line: n, input: all.input, output: all.output, timestamp, time: Date.parse(timestamp), flagged, fields: all, raw: JSON.stringify(all) };
}

function draw(lines: LogLine[], o: Partial<SampleOptions>) {
  const drawer = new SampleDrawer({ size: 10, seed: 's1', since: '2026-10-01', until: '2026-10-31', timeZone: 'UTC', ...o });
  for (const line of lines) drawer.offer(line);
  return drawer.finish();
}

const october = Array.from({ length: 500 }, (_, i) => logLine(i + 1, `2026-10-${String((i % 28) + 1).padStart(2, '0')}T12:00:00Z`, { channel: i % 50 === 0 ? 'phone' : i % 10 === 0 ? 'email' : 'web' }));

describe('the review sample', () => {
  it('is the same for the same seed, in any order of the lines, and another for another seed', () => {
    const a = draw(october, { seed: 'seed-7' }).picks.map((p) => p.line);
    const again = draw([...october].reverse(), { seed: 'seed-7' }).picks.map((p) => p.line);
    const other = draw(october, { seed: 'seed-8' }).picks.map((p) => p.line);
    assert.strictEqual(a.length, 10);
    assert.deepStrictEqual(again, a);
    assert.notDeepStrictEqual(other, a);
    assert.ok(other.filter((line) => a.includes(line)).length < 5, 'another seed draws mostly other lines');
  });

  it('allocates strata in proportion on a skewed field, every stratum at least once', () => {
    // web 450, email 40, phone 10 of 500; 20 picks: 18, 1.6, 0.4 → 18, 1, 1 (phone's one is email's second, the share most over its exact 1.6).
    const sample = draw(october, { size: 20, stratify: 'channel' });
    assert.deepStrictEqual(sample.strata, { email: { lines: 40, picks: 1 }, phone: { lines: 10, picks: 1 }, web: { lines: 450, picks: 18 } });
    assert.strictEqual(sample.picks.length, 20);
    for (const pick of sample.picks) assert.strictEqual(pick.stratum, pick.fields.channel);
    assert.deepStrictEqual(Object.fromEntries(allocate(new Map([['a', 97], ['b', 2], ['c', 1]]), 10)), { a: 8, b: 1, c: 1 });
    assert.deepStrictEqual(Object.fromEntries(allocate(new Map([['a', 50], ['b', 30], ['c', 20]]), 10)), { a: 5, b: 3, c: 2 });
    // Fewer picks than strata: no stratum can be promised one; the largest shares win.
    assert.deepStrictEqual(Object.fromEntries(allocate(new Map([['a', 50], ['b', 30], ['c', 20]]), 2)), { a: 1, b: 1, c: 0 });
    // A stratum with fewer lines than its share gives what it has, the rest goes elsewhere.
    assert.deepStrictEqual(Object.fromEntries(allocate(new Map([['a', 3], ['b', 1]]), 4)), { a: 3, b: 1 });
  });

  it('takes the days of the range in the given time zone, whatever offset a timestamp has', () => {
    const lines = [
      logLine(1, '2026-09-30T23:30:00-05:00'), // 1 Oct 04:30 UTC; 30 Sep in Chicago (UTC−5)
      logLine(2, '2026-10-31T20:00:00Z'), // 31 Oct in UTC; 1 Nov in Sydney
      logLine(3, '2026-11-01T00:30:00+11:00'), // 31 Oct 13:30 UTC; 1 Nov in Sydney
      logLine(4, '2026-10-15T09:00:00+10:00'),
    ];
    const lineNumbers = (timeZone: string) => draw(lines, { timeZone }).picks.map((p) => p.line);
    assert.deepStrictEqual(lineNumbers('UTC'), [1, 2, 3, 4]);
    assert.deepStrictEqual(lineNumbers('America/Chicago'), [2, 3, 4]);
    assert.deepStrictEqual(lineNumbers('Australia/Sydney'), [1, 4]);
    const sample = draw(lines, { timeZone: 'Australia/Sydney' });
    assert.deepStrictEqual(sample.population, { lines: 4, inRange: 2, flagged: 0 });
  });

  it('oversamples flagged lines first when asked, and says how it drew', () => {
    const lines = october.map((l, i) => (i % 100 === 7 ? { ...l, flagged: true } : l));
    const plain = draw(lines, { size: 10 });
    const over = draw(lines, { size: 10, oversampleFlagged: 0.3 });
    assert.strictEqual(over.picks.length, 10);
    assert.strictEqual(over.picks.filter((p) => p.oversampled).length, 3);
    assert.ok(over.picks.filter((p) => p.flagged).length >= 3);
    assert.ok(plain.picks.every((p) => !p.oversampled));
    assert.match(over.methodText, /3 flagged lines of lowest rank/);
    assert.strictEqual(over.seed, 's1');
    assert.strictEqual(over.method, 'seeded-hash-rank');
  });
});
