import * as assert from 'assert';
import { breachLine, breachMessage, everyClientSummary, passRateChange, runFigures, runOutcomeMessage } from '../../../src/core/analysis/figures';
import { percent } from '../../../src/core/format/numbers';

describe('run figures and breach wording', () => {
  it('a summary leads with the pass rate and its counts, the score second and labelled', () => {
    assert.strictEqual(runFigures({ passRate: 24 / 28, passed: 24, total: 28, score: 0.9512 }), 'pass 85.7% (24/28) · score 0.95');
    assert.strictEqual(runFigures({ passRate: 1, passed: 3, total: 3, score: 1, errored: 0 }), 'pass 100% (3/3) · score 1.00');
    assert.strictEqual(runFigures({ passRate: 7 / 16, passed: 7, total: 16, score: 0.41, errored: 9 }), 'pass 43.8% (7/16, 9 errored) · score 0.41');
    assert.strictEqual(runFigures({ passRate: 0.5, passed: 1, total: 2, score: 0.5 }, '↓'), 'pass 50% (1/2) ↓ · score 0.50', 'a change of the pass rate goes beside it');
  });

  it('the end of a run: the pass rate and its change first, the score second, then what it breached', () => {
    const run = { passRate: 23 / 28, passed: 23, total: 28, score: 0.82 };
    assert.strictEqual(
      runOutcomeMessage('Front desk', run, { passChange: '−3.6 pts vs previous', breaches: [{ metric: 'passRate', value: 23 / 28, threshold: 0.9 }] }),
      'Front desk: pass 82.1% (23/28) −3.6 pts vs previous · score 0.82. Breach: pass rate 82.1% < 90% threshold (−7.9 pts)',
    );
    assert.strictEqual(runOutcomeMessage('Safety', { ...run, errored: 2 }, { status: 'cancelled' }), 'Safety: pass 82.1% (23/28, 2 errored) · score 0.82 — cancelled');
  });

  it('a change of pass rate is the difference of the printed rates, and nothing when they print the same', () => {
    assert.deepStrictEqual([passRateChange(24 / 28, 23 / 28), passRateChange(0.5, 0.75), passRateChange(0.85701, 0.85699)], ['−3.6 pts', '+25 pts', undefined]);
  });

  it('percentages keep one decimal and drop it when it is zero', () => {
    assert.deepStrictEqual([percent(0.9), percent(0.857142), percent(0.925), percent(0)], ['90%', '85.7%', '92.5%', '0%']);
  });

  it('a pass-rate breach says the set, the threshold and by how many points', () => {
    assert.strictEqual(breachLine('Front desk', { metric: 'passRate', value: 24 / 28, threshold: 0.9 }), 'Front desk: pass rate 85.7% < 90% threshold (−4.3 pts)');
    assert.strictEqual(breachMessage({ metric: 'passRate', value: 0.5, threshold: 0.925 }), 'pass rate 50% < 92.5% threshold (−42.5 pts)');
  });

  it('a latency breach says the p95, the threshold and by how many milliseconds', () => {
    assert.strictEqual(breachLine('Safety', { metric: 'latencyP95Ms', value: 4512.4, threshold: 4000 }), 'Safety: latency p95 4512 ms > 4000 ms threshold (+512 ms)');
  });

  it('the gap is the difference of the printed figures, never a differently rounded one', () => {
    // 85.75% prints as 85.8%; 90 − 85.75 = 4.25 would round to 4.3, which does not add up.
    assert.strictEqual(breachMessage({ metric: 'passRate', value: 0.8575, threshold: 0.9 }), 'pass rate 85.8% < 90% threshold (−4.2 pts)');
  });

  it('a threshold prints as configured, the value to as many decimals', () => {
    assert.strictEqual(breachMessage({ metric: 'passRate', value: 0.8, threshold: 0.9025 }), 'pass rate 80% < 90.25% threshold (−10.25 pts)');
  });

  it('a value just under the threshold never prints as the threshold itself', () => {
    assert.strictEqual(breachMessage({ metric: 'passRate', value: 2249 / 2500, threshold: 0.9 }), 'pass rate 89.96% < 90% threshold (−0.04 pts)');
    assert.strictEqual(breachMessage({ metric: 'latencyP95Ms', value: 4000.4, threshold: 4000 }), 'latency p95 4000.4 ms > 4000 ms threshold (+0.4 ms)');
  });

  it('the end of Run Every Client names each breach with its client and set, and says what did not run', () => {
    const breaches = [
      { client: 'Acme Dental', set: 'Front desk', breach: { metric: 'passRate' as const, value: 24 / 28, threshold: 0.9 } },
      { client: 'Northwind Legal', set: 'Intake', breach: { metric: 'latencyP95Ms' as const, value: 4512, threshold: 4000 } },
    ];
    assert.strictEqual(
      everyClientSummary({ sets: 6, clients: 3, breaches }),
      '6 sets of 3 clients: 2 breaches. Acme Dental · Front desk: pass rate 85.7% < 90% threshold (−4.3 pts); Northwind Legal · Intake: latency p95 4512 ms > 4000 ms threshold (+512 ms)',
    );
    assert.strictEqual(everyClientSummary({ sets: 1, clients: 1, breaches: [] }), '1 set of 1 client: no breach');
    assert.strictEqual(everyClientSummary({ sets: 2, clients: 1, breaches: [], notRun: 2, cancelled: true }), '2 sets of 1 client: no breach. 2 sets did not run. Cancelled before every set had run');
  });
});
