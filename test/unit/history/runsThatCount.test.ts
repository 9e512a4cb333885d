// Which runs count for what, over every kind of record, through every reader of history: the
// rule itself, the index's SQL, the dashboard's series and drift, the overview `upkeep status`
// prints, the tree's latest runs, the default "previous" run, compareRuns and the case history.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { compareRuns } from '../../../src/core/analysis/compareRuns';
import { seriesBySet } from '../../../src/core/analysis/series';
import { clientDashboard, clientsOverview } from '../../../src/core/history/dashboard';
import { HistoryIndex } from '../../../src/core/history/historyIndex';
import { countsAsScore, ranWholeSet, runFacts, runKind, whyNotBaseline, whyNotScore, type RunFacts, type RunKind } from '../../../src/core/history/runsThatCount';
import { caseHistory } from '../../../src/core/store/caseHistory';
import { latestRunsBySet } from '../../../src/core/store/latestRuns';
import { readRunRecord } from '../../../src/core/store/readRuns';
import { loadRun, previousRun } from '../../../src/core/store/runLookup';
import type { RunRecord } from '../../../src/core/store/runRecord';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, day, writeClient, writeRecord, type RecordSpec } from './fixtures';

const SET_ID = 'evals/front-desk.yaml';

interface Row {
  name: string;
  /** The run under test, on day 2, between a complete production run (day 1, all four cases pass) and the runs of day 3. */
  spec: Omit<RecordSpec, 'at'>;
  kind: RunKind;
  score: boolean;
  wholeSet: boolean;
  /** Shown beside the score in the tree (an outage or interrupted production run). */
  stopped: boolean;
  /** Its result for c0 is the case's last result (before day 3), and what a later re-run of c0 is compared with. */
  caseLast: boolean;
  casePrevious: boolean;
}

// Every run under test has three cases (c0 to c2) of the set's four, so a missing case shows
// whether the run ran the whole set; its pass rate breaches the 0.8 threshold when it counts.
const THREE = (passed: number, errored = 0) => ({ total: 3, passed, errored });

const TABLE: Row[] = [
  { name: 'complete', spec: { cases: THREE(1) }, kind: 'complete', score: true, wholeSet: true, stopped: false, caseLast: true, casePrevious: true },
  { name: 'complete, written before runs had a purpose', spec: { cases: THREE(1), purpose: null }, kind: 'complete', score: true, wholeSet: true, stopped: false, caseLast: true, casePrevious: true },
  { name: 'selected cases', spec: { cases: THREE(1), selectedCases: ['c0', 'c1', 'c2'] }, kind: 'selected', score: false, wholeSet: false, stopped: false, caseLast: true, casePrevious: true },
  { name: 'cancelled', spec: { cases: THREE(1), status: 'cancelled' }, kind: 'cancelled', score: false, wholeSet: false, stopped: false, caseLast: true, casePrevious: true },
  { name: 'interrupted (the process ended)', spec: { cases: THREE(1), status: 'interrupted' }, kind: 'interrupted', score: false, wholeSet: false, stopped: true, caseLast: true, casePrevious: true },
  {
    name: 'outage: the server went away (three unreachable cases)',
    spec: { cases: THREE(0, 3), status: 'interrupted' },
    kind: 'outage',
    score: false,
    wholeSet: false,
    stopped: true,
    caseLast: true,
    casePrevious: false,
  },
  { name: 'outage: most cases errored', spec: { cases: THREE(1, 2) }, kind: 'outage', score: false, wholeSet: true, stopped: true, caseLast: true, casePrevious: false },
  { name: 'candidate', spec: { cases: THREE(1), purpose: 'candidate' }, kind: 'complete', score: false, wholeSet: true, stopped: false, caseLast: false, casePrevious: false },
  { name: 'sample', spec: { cases: THREE(1), purpose: 'sample' }, kind: 'complete', score: false, wholeSet: true, stopped: false, caseLast: false, casePrevious: false },
];

describe('which runs count: one rule, every reader', () => {
  let root: string;
  let clientDir: string;
  let before: string;
  let underTest: string;

  beforeEach(async () => {
    root = await tempTree({});
    clientDir = await writeClient(root, 'acme', { records: [{ at: day(1), cases: { total: 4, passed: 4 } }] });
    before = path.basename((await fs.readdir(path.join(clientDir, 'runs')))[0], '.json');
  });
  afterEach(() => removeTree(root));

  async function record(file: string): Promise<RunRecord> {
    const read = await readRunRecord(file);
    assert.ok(read.ok);
    return read.record;
  }

  it('a production sample or a candidate on a set the workspace lacks makes no set on the dashboard; a gone set with production runs stays', async () => {
    await writeRecord(clientDir, { at: day(2), set: 'production-sample-2026-10', purpose: 'sample' });
    await writeRecord(clientDir, { at: day(2), set: 'trial', purpose: 'candidate' });
    await writeRecord(clientDir, { at: day(2), set: 'retired', purpose: 'production' });
    const [client] = await clientsOf(root);
    const index = await HistoryIndex.open();
    try {
      await index.sync([client]);
      const ids = clientDashboard(index, client, new Date(day(3))).sets.map((s) => s.evalSetId);
      assert.deepStrictEqual(ids.filter((id) => id !== SET_ID).sort(), ['evals/retired.yaml']);
    } finally {
      index.close();
    }
  });

  for (const row of TABLE) {
    it(`${row.name}: ${row.score ? 'is' : 'is not'} the set's score`, async () => {
      const file = await writeRecord(clientDir, { ...row.spec, at: day(2) });
      underTest = path.basename(file, '.json');
      const run = await record(file);
      const expectedLatest = row.score ? underTest : before;

      // The rule.
      assert.strictEqual(runKind(runFacts(run)), row.kind, 'kind');
      assert.strictEqual(countsAsScore(runFacts(run)), row.score, 'countsAsScore');
      assert.strictEqual(ranWholeSet(runFacts(run)), row.wholeSet, 'ranWholeSet');
      assert.strictEqual(whyNotScore(runFacts(run)) === undefined, row.score, 'whyNotScore (Pin as Baseline refuses with it)');

      // The history index's SQL, and the readers over it.
      const [client] = await clientsOf(root);
      const index = await HistoryIndex.open();
      try {
        await index.sync([client]);
        const comparable = index.runs(client, { comparableOnly: true }).map((r) => r.runId);
        assert.deepStrictEqual(comparable, row.score ? [before, underTest] : [before], 'index.runs comparableOnly');
        assert.deepStrictEqual(index.latestRuns({ comparableOnly: true }).map((r) => r.runId), [expectedLatest], 'index.latestRuns comparableOnly');
        const all = index.runs(client);
        assert.strictEqual(all.find((r) => r.runId === underTest)!.purpose, row.spec.purpose ?? 'production', 'the index keeps the purpose');
        assert.deepStrictEqual(seriesBySet(all).get(SET_ID)!.map((p) => p.runId), row.score ? [before, underTest] : [before], 'seriesBySet');
        const dashboard = clientDashboard(index, client, new Date(day(3)));
        assert.strictEqual(dashboard.sets.find((s) => s.evalSetId === SET_ID)!.latest!.runId, expectedLatest, 'dashboard latest');
        assert.strictEqual(dashboard.health, row.score ? 'breach' : 'ok', 'dashboard health');
        assert.strictEqual(dashboard.recentRuns[0].runId, underTest, 'recent runs list every run');
        const [overview] = clientsOverview(index, [client], new Date(day(3)));
        assert.strictEqual(overview.health, row.score ? 'breach' : 'ok', 'overview (upkeep status) health');
      } finally {
        index.close();
      }

      // The tree's last score and the run shown beside it.
      const latest = (await latestRunsBySet(client.runFiles, client.evalSets)).get(SET_ID)!;
      assert.strictEqual(latest.last?.id, expectedLatest, 'latestRunsBySet last');
      assert.strictEqual(latest.previous?.id, row.score ? before : undefined, 'latestRunsBySet previous');
      assert.strictEqual(latest.stopped?.id, row.stopped ? underTest : undefined, 'latestRunsBySet stopped');

      // compareRuns: a case the run lacks was removed from the set only if the run ran the whole set.
      const first = await record(path.join(clientDir, 'runs', `${before}.json`));
      assert.strictEqual(compareRuns(first, run).cases.find((c) => c.id === 'c3')!.change, row.wholeSet ? 'removed' : 'not-run', 'compareRuns');

      // The default "previous" run: of a whole run on day 3, and of a re-run of c0 on day 3.
      const whole = await writeRecord(clientDir, { at: day(3), cases: { total: 4, passed: 4 } });
      assert.strictEqual((await previousRun(await loadRun(whole)))?.record.id, expectedLatest, 'previousRun of a whole run');
      await fs.rm(whole);
      const rerun = await writeRecord(clientDir, { at: day(3), cases: { c0: true }, selectedCases: ['c0'] });
      assert.strictEqual((await previousRun(await loadRun(rerun)))?.record.id, row.casePrevious ? underTest : before, 'previousRun of a re-run of c0');

      // The case history (Test Explorer, CodeLens): c0's last result and what the re-run is compared with.
      const [reloaded] = await clientsOf(root);
      const history = await caseHistory(reloaded.runFiles, { id: SET_ID, name: 'Front desk' });
      assert.strictEqual(history.get('c0')!.last.runId, path.basename(rerun, '.json'));
      assert.strictEqual(history.get('c0')!.previous!.runId, row.casePrevious ? underTest : before, 'caseHistory previous');
      await fs.rm(rerun);
      const withoutRerun = await caseHistory(client.runFiles, { id: SET_ID, name: 'Front desk' });
      assert.strictEqual(withoutRerun.get('c0')!.last.runId, row.caseLast ? underTest : before, 'caseHistory last');
    });
  }
});

describe('which runs can be a baseline', () => {
  const facts = (o: Partial<RunFacts>): RunFacts => ({ status: 'complete', partial: false, purpose: 'production', total: 4, errored: 0, ...o });

  it("a set's score can, whatever production runs now; a sample never", () => {
    assert.strictEqual(whyNotBaseline(facts({}), false), undefined);
    assert.strictEqual(whyNotBaseline(facts({}), true), undefined);
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'sample' }), true), 'a sample run');
    assert.strictEqual(whyNotBaseline(facts({ status: 'cancelled' }), true), 'a cancelled run');
  });

  it("a candidate's complete run can once production runs its configuration (promoted), and not before", () => {
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'candidate' }), false), 'a candidate run of a configuration production does not run');
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'candidate' }), true), undefined);
  });

  it("a promoted candidate's run that stopped short, errored out or ran some cases cannot, and says which", () => {
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'candidate', status: 'cancelled' }), true), "a candidate's cancelled run");
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'candidate', errored: 3 }), true), "a candidate's outage (3 of 4 cases errored)");
    assert.strictEqual(whyNotBaseline(facts({ purpose: 'candidate', partial: true }), true), "a candidate's run of selected cases");
  });

  it('stays out of every figure: a pinnable candidate run is still not a score', () => {
    assert.strictEqual(countsAsScore(facts({ purpose: 'candidate' })), false);
  });
});
