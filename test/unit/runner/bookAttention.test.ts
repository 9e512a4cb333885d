import * as assert from 'assert';
import { needingAttention, summaryActions, type RanSet } from '../../../src/core/runner/bookAttention';
import type { RunSummary } from '../../../src/core/store/runRecord';

/** A production run of the whole set, `passed` of `total` cases passing, `errored` more of them errored. */
function ran(client: string, set: string, passed: number, total: number, o: { status?: 'complete' | 'cancelled' | 'interrupted'; errored?: number; previous?: number; passRate?: number; latencyP95Ms?: number } = {}): RanSet {
  const errored = o.errored ?? 0;
  const summary: RunSummary = { total, passed, failed: total - passed - errored, errored, flaky: 0, score: passed / total, passRate: passed / total, tokens: { prompt: 0, completion: 0 }, ...(o.latencyP95Ms !== undefined ? { latencyP95Ms: o.latencyP95Ms } : {}) };
  return {
    client,
    file: `/w/${client}/runs/${set}.json`,
    record: { status: o.status ?? 'complete', purpose: 'production', summary, evalSet: { name: set } },
    thresholds: { passRate: o.passRate ?? 0.9, latencyP95Ms: 4000 },
    ...(o.previous !== undefined ? { previous: { passRate: o.previous } } : {}),
  };
}

describe('Run Every Client’s summary: the sets it offers to open', () => {
  it('breaches first, the widest shortfall below its own threshold leading; then stopped runs, regressions and sets not run', () => {
    const items = needingAttention(
      [
        ran('Acme Dental', 'Front desk', 27, 28, { previous: 1 }), // 96.4%, down from 100%: regressed
        ran('Acme Dental', 'Safety', 16, 16, { previous: 1 }), // held its ground
        ran('Fernhill Outfitters', 'Returns', 21, 25, { passRate: 0.88 }), // 84% < 88%: 4 pts short
        ran('Northwind Legal', 'Intake', 26, 30, { passRate: 0.92 }), // 86.7% < 92%: 5.3 pts short
        ran('Northwind Legal', 'Urgency', 2, 16, { status: 'interrupted', errored: 3 }), // the server went away
        ran('Northwind Legal', 'Slow', 16, 16, { latencyP95Ms: 4512 }), // latency only
        ran('Fernhill Outfitters', 'Orders', 3, 16, { status: 'cancelled' }), // the user stopped it
      ],
      [{ client: 'Harbour Vets', set: 'Triage', message: 'Cannot reach Ollama at http://127.0.0.1:1' }],
    );
    assert.deepStrictEqual(
      items.map((i) => [i.client, i.set, i.reason]),
      [
        ['Northwind Legal', 'Intake', 'breach'],
        ['Fernhill Outfitters', 'Returns', 'breach'],
        ['Northwind Legal', 'Slow', 'breach'],
        ['Northwind Legal', 'Urgency', 'stopped'],
        ['Acme Dental', 'Front desk', 'regressed'],
        ['Harbour Vets', 'Triage', 'not-run'],
      ],
    );
    assert.deepStrictEqual(
      items.map((i) => i.detail),
      [
        'pass rate 86.7% < 92% threshold (−5.3 pts)',
        'pass rate 84% < 88% threshold (−4 pts)',
        'latency p95 4512 ms > 4000 ms threshold (+512 ms)',
        'outage: 3 of 16 errored',
        'pass 96.4% (27/28) −3.6 pts vs previous · score 0.96',
        'Cannot reach Ollama at http://127.0.0.1:1',
      ],
    );
    assert.strictEqual(items[0].file, '/w/Northwind Legal/runs/Intake.json');
    assert.strictEqual(items[5].file, undefined, 'a set that did not run has no results');
  });

  it('a fall too small to print, or no previous run, is not a regression; equals keep the book’s order', () => {
    const items = needingAttention([ran('A', 'one', 999, 1000, { previous: 0.99901 }), ran('A', 'two', 10, 10), ran('B', 'x', 80, 100), ran('C', 'y', 80, 100)], []);
    assert.deepStrictEqual(
      items.map((i) => `${i.client}/${i.set}`),
      ['B/x', 'C/y'],
    );
  });

  it('offers the results when there is one set to see, a pick of them when several, and the log always', () => {
    const one = needingAttention([ran('A', 'one', 8, 10)], []);
    assert.deepStrictEqual(summaryActions(one), ['Show Results', 'Show Log']);
    const several = needingAttention([ran('A', 'one', 8, 10)], [{ client: 'B', set: 'x', message: 'down' }]);
    assert.deepStrictEqual(summaryActions(several), ['Show Results…', 'Show Log']);
    assert.deepStrictEqual(summaryActions(needingAttention([], [{ client: 'B', set: 'x', message: 'down' }, { client: 'B', set: 'y', message: 'skipped' }])), ['Show Log'], 'nothing ran: the log says why');
    assert.deepStrictEqual(summaryActions(needingAttention([ran('A', 'one', 10, 10)], [])), ['Show Log'], 'all well');
  });
});
