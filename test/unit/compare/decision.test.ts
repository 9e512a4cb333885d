import * as assert from 'assert';
import { pairedBootstrap } from '../../../src/core/analysis/bootstrap';
import { exactMcNemarP } from '../../../src/core/analysis/mcnemar';
import { decide, moreCasesToSettle, overallDecision } from '../../../src/core/compare/decision';
import type { ThresholdCheck } from '../../../src/core/compare/types';

/** Pass/fail cases as score differences: wins +1, losses −1, ties 0. */
function inputs(wins: number, losses: number, ties: number, thresholds: ThresholdCheck[] = []) {
  const differences = [...Array(wins).fill(1), ...Array(losses).fill(-1), ...Array(ties).fill(0)] as number[];
  return { wins, losses, pValue: exactMcNemarP(losses, wins), interval: pairedBootstrap(differences), differences, thresholds, margin: 0.02 };
}

const passRate = (production: number, candidate: number, threshold = 0.9): ThresholdCheck => ({
  metric: 'passRate',
  threshold,
  production,
  candidate,
  productionMeets: production >= threshold,
  candidateMeets: candidate >= threshold,
});

describe('the compare decision rule', () => {
  it('promote: thresholds met and the interval lower bound above −margin', () => {
    const d = decide(inputs(8, 0, 92, [passRate(0.9, 0.98)]));
    assert.strictEqual(d.outcome, 'promote', d.reasons.join(' '));
    assert.match(d.rule, /lower bound of the 95% interval of the score difference is above −0\.02/);
  });

  it('reject: significantly worse, more losses than wins at p < 0.05', () => {
    const d = decide(inputs(1, 12, 40));
    assert.strictEqual(d.outcome, 'reject');
    assert.match(d.reasons.join(' '), /12 losses against 1 win: p = 0\.0034, significantly worse/);
  });

  it('reject: breaching a threshold production meets, however the pairs fall', () => {
    const d = decide(inputs(3, 2, 95, [passRate(0.92, 0.89)]));
    assert.strictEqual(d.outcome, 'reject');
    assert.match(d.reasons[0], /breaches the pass-rate threshold that production meets/);
  });

  it('a threshold production breaches too does not reject the candidate', () => {
    const d = decide(inputs(6, 0, 30, [passRate(0.8, 0.85)]));
    assert.strictEqual(d.outcome, 'promote');
  });

  it('inconclusive: neither, with about how many more cases would settle it', () => {
    const d = decide(inputs(3, 4, 13));
    assert.strictEqual(d.outcome, 'inconclusive');
    assert.ok(d.moreCases && d.moreCases > 0, JSON.stringify(d));
    assert.match(d.reasons.join(' '), new RegExp(`About ${d.moreCases} more cases would likely settle it`));
  });

  it('the estimate shrinks as the evidence grows, and exists only where more cases can settle it', () => {
    const few = moreCasesToSettle({ ...inputs(4, 3, 13) })!;
    const more = moreCasesToSettle({ ...inputs(8, 6, 26) })!;
    assert.ok(more < few, `${more} < ${few}`);
    // Identical answers everywhere: nothing varies, nothing to settle by adding cases.
    assert.strictEqual(moreCasesToSettle(inputs(0, 0, 20)), undefined);
  });

  it('over sets: any reject rejects, every promote promotes, else inconclusive', () => {
    const promote = decide(inputs(8, 0, 92));
    const reject = decide(inputs(1, 12, 40));
    const open = decide(inputs(3, 4, 13));
    assert.strictEqual(overallDecision([{ name: 'A', decision: promote }, { name: 'B', decision: reject }], 0.02).outcome, 'reject');
    assert.strictEqual(overallDecision([{ name: 'A', decision: promote }, { name: 'B', decision: promote }], 0.02).outcome, 'promote');
    assert.strictEqual(overallDecision([{ name: 'A', decision: promote }, { name: 'B', decision: open }], 0.02).outcome, 'inconclusive');
  });
});
