// Which runs stand for a set in the tree: its last score and trend, and a newer run that stopped short.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { latestRunsBySet } from '../../../src/core/store/latestRuns';
import { writeRecord } from '../../../src/core/store/journal';
import type { RunRecord } from '../../../src/core/store/runRecord';
import type { EvalSet } from '../../../src/core/workspace/evalSet';
import { outcome, run } from '../analysis/records';

const SET = { id: 'evals/front-desk.yaml', name: 'Front desk' } as EvalSet;

describe('latestRunsBySet', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-latest-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('the score is the last complete production run: selected-case, cancelled, interrupted and candidate runs are left out', async () => {
    const at = (minute: number) => `2026-11-23T10-${String(minute).padStart(2, '0')}-00Z-front-desk`;
    const records: RunRecord[] = [
      run(at(1), [outcome('a', 'passed'), outcome('b', 'failed')]),
      run(at(2), [outcome('a', 'passed'), outcome('b', 'passed')]),
      run(at(3), [outcome('a', 'passed')], (r) => (r.status = 'interrupted')),
      run(at(4), [outcome('b', 'passed')], (r) => (r.selectedCases = ['b'])),
      run(at(5), [outcome('a', 'failed')], (r) => (r.status = 'cancelled')),
      run(at(6), [outcome('a', 'failed'), outcome('b', 'failed')], (r) => (r.purpose = 'candidate')),
    ];
    const files = await Promise.all(records.map((r) => writeRecord(dir, r)));
    const latest = (await latestRunsBySet(files.reverse(), [SET])).get(SET.id)!;
    assert.strictEqual(latest.last?.id, at(2));
    assert.strictEqual(latest.previous?.id, at(1));
    assert.strictEqual(latest.stopped?.id, at(3), 'the interrupted run is shown beside the score');
  });
});
