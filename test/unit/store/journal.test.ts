import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { journalPath, recoverInterruptedRuns, RunJournal } from '../../../src/core/store/journal';
import { readRunRecord } from '../../../src/core/store/readRuns';
import type { CaseResult, RunRecord } from '../../../src/core/store/runRecord';
import { caseResult, header } from '../helpers/records';
import { summarize } from '../../../src/core/store/summary';
import { removeTree, tempTree } from '../helpers/tempDir';

describe('RunJournal', () => {
  let dir: string;
  beforeEach(async () => (dir = await tempTree({})));
  afterEach(() => removeTree(dir));

  it('commits a record atomically and removes its journal', async () => {
    const journal = await RunJournal.open(dir, header());
    const cases = [caseResult('a', true), caseResult('b', false)];
    await Promise.all(cases.map((c) => journal.append(c)));
    const record: RunRecord = { ...header(), endedAt: '2026-11-23T10:01:00.000Z', status: 'complete', cases, summary: summarize(cases) };
    const file = await journal.commit(record);
    assert.deepStrictEqual(await fs.readdir(dir), ['2026-11-23T10-00-00Z-front-desk.json']);
    const read = await readRunRecord(file);
    assert.ok(read.ok);
    assert.deepStrictEqual(read.record, record);
  });

  it('turns the journal of a killed run into an interrupted record with every finished case', async () => {
    const journal = await RunJournal.open(dir, header());
    await journal.append(caseResult('a', true));
    await journal.append(caseResult('b', false));
    // The kill tore the last write in half.
    await fs.appendFile(journalPath(dir, header().id), '{"id":"c","inp');
    const recovered = await recoverInterruptedRuns(dir, () => false);
    assert.strictEqual(recovered.length, 1);
    const read = await readRunRecord(recovered[0]);
    assert.ok(read.ok);
    assert.strictEqual(read.record.status, 'interrupted');
    assert.deepStrictEqual(read.record.cases.map((c) => c.id), ['a', 'b']);
    assert.strictEqual(read.record.summary.passRate, 0.5);
    assert.strictEqual(read.record.endedAt, '2026-11-23T10:00:05.000Z');
    assert.ok(!(await fs.readdir(dir)).some((n) => n.startsWith('.journal-')));
  });

  it('leaves the journal of a run that is still going alone', async () => {
    await RunJournal.open(dir, header());
    assert.deepStrictEqual(await recoverInterruptedRuns(dir, () => true), []);
    assert.deepStrictEqual(await recoverInterruptedRuns(dir), [], 'this very process is alive');
    assert.strictEqual((await fs.readdir(dir)).length, 1);
  });

  it('reports a damaged record instead of throwing', async () => {
    const file = path.join(dir, 'x.json');
    await fs.writeFile(file, '{"schemaVersion": 1, "id": 3');
    const read = await readRunRecord(file);
    assert.ok(!read.ok && /not a readable run record/.test(read.message));
    await fs.writeFile(file, '{"schemaVersion": 99}');
    const old = await readRunRecord(file);
    assert.ok(!old.ok && /schemaVersion/.test(old.message));
  });
});

describe('summarize', () => {
  it('counts statuses, scores errored cases as 0 and takes nearest-rank latency percentiles', () => {
    const errored: CaseResult = { ...caseResult('e', false), status: 'errored', score: 0.7, attempts: [{ output: '', tokens: {}, assertions: [], score: 0, pass: false, error: 'timeout: slow', retries: 4 }] };
    const cases = [...Array.from({ length: 19 }, (_, i) => caseResult(`c${i}`, i % 2 === 0, (i + 1) * 10)), errored];
    const s = summarize(cases);
    assert.deepStrictEqual([s.total, s.passed, s.failed, s.errored], [20, 10, 9, 1]);
    assert.strictEqual(s.passRate, 0.5);
    assert.strictEqual(s.score, 10 / 20);
    assert.strictEqual(s.latencyP50Ms, 100);
    assert.strictEqual(s.latencyP95Ms, 190, "ceil(0.95 × 19) = the 19th value");
    assert.deepStrictEqual(s.tokens, { prompt: 190, completion: 95 });
  });
});
