// Which runs stand for a set in the tree: its last score and trend, and a newer run that stopped short.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeStoppedRun, runFacts } from '../../../src/core/history/runsThatCount';
import { runEvalSet } from '../../../src/core/runner/runEvalSet';
import { latestRunsBySet, trendArrow } from '../../../src/core/store/latestRuns';
import { writeRecord } from '../../../src/core/store/journal';
import type { RunRecord } from '../../../src/core/store/runRecord';
import type { EvalSet } from '../../../src/core/workspace/evalSet';
import { outcome, run } from '../analysis/records';
import { runFixture, setOf } from '../runner/fixtures';

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

  it('a run the server stopped answering in the middle of is the outage beside the score, never the score (the real runner)', async () => {
    const f = await runFixture(setOf(8));
    try {
      const whole = await runEvalSet(f.options());
      assert.strictEqual(whole.record.summary.score, 1);
      // Three cases pass, then the server goes away: the runner stops after three unreachable cases.
      const retry = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 };
      const outage = await runEvalSet(f.options({ concurrency: 1, retry, onProgress: (e) => void (e.kind === 'case' && e.done === 3 && f.server.refuse()) }));
      assert.strictEqual(outage.record.status, 'interrupted');
      assert.strictEqual(outage.record.summary.score, 0.5, 'read as a score, this would be "0.50 ↓"');

      // Newest first by run id, as the workspace lists them (`…Z-smoke-2` is newer than `…Z-smoke`).
      const ids = (await fs.readdir(path.join(f.dir, 'runs'))).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
      const files = ids.sort().reverse().map((id) => path.join(f.dir, 'runs', `${id}.json`));
      const runs = (await latestRunsBySet(files, [f.options().set])).get(f.options().set.id)!;
      assert.strictEqual(runs.last?.id, whole.record.id);
      assert.strictEqual(runs.stopped?.id, outage.record.id);
      assert.strictEqual(trendArrow(runs), '');
      assert.strictEqual(describeStoppedRun(runFacts(runs.stopped!)), 'outage: 3 of 6 errored');
    } finally {
      f.server.close();
      await fs.rm(f.dir, { recursive: true, force: true });
    }
  });
});
