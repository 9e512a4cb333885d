// Which runs stand for a set: the tree's last score and trend, and the run a run is compared with.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { coversCases, latestRunsBySet } from '../../../src/core/store/latestRuns';
import { writeRecord } from '../../../src/core/store/journal';
import type { RunRecord } from '../../../src/core/store/runRecord';
import type { EvalSet } from '../../../src/core/workspace/evalSet';
import { outcome, run } from '../analysis/records';

const SET = { id: 'evals/front-desk.yaml', name: 'Front desk' } as EvalSet;

describe('latestRunsBySet', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-latest-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('leaves out runs of selected cases and cancelled runs: the tree shows whole-set runs', async () => {
    const at = (minute: number) => `2026-11-23T10-${String(minute).padStart(2, '0')}-00Z-front-desk`;
    const records: RunRecord[] = [
      run(at(1), [outcome('a', 'passed'), outcome('b', 'failed')]),
      run(at(2), [outcome('a', 'passed'), outcome('b', 'passed')], (r) => (r.status = 'interrupted')),
      run(at(3), [outcome('b', 'passed')], (r) => (r.selectedCases = ['b'])),
      run(at(4), [outcome('a', 'failed')], (r) => (r.status = 'cancelled')),
    ];
    const files = await Promise.all(records.map((r) => writeRecord(dir, r)));
    const latest = (await latestRunsBySet(files.reverse(), [SET])).get(SET.id)!;
    assert.strictEqual(latest.last?.id, at(2));
    assert.strictEqual(latest.previous?.id, at(1));
  });
});

describe('coversCases', () => {
  const whole = run('whole', [outcome('a', 'passed'), outcome('b', 'passed')]);
  const onlyB = run('only-b', [outcome('b', 'passed')], (r) => (r.selectedCases = ['b']));
  const onlyA = run('only-a', [outcome('a', 'passed')], (r) => (r.selectedCases = ['a']));

  it('a whole-set run stands for any run; a run of selected cases only for runs of those cases', () => {
    assert.strictEqual(coversCases(whole, onlyB), true);
    assert.strictEqual(coversCases(whole, whole), true);
    assert.strictEqual(coversCases(onlyB, whole), false, 'a re-run of b is not what a whole run is compared with');
    assert.strictEqual(coversCases(onlyB, onlyB), true);
    assert.strictEqual(coversCases(onlyB, onlyA), false);
  });
});
