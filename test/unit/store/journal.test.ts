import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { journalPath, recordPath, recoverInterruptedRuns, RunJournal, writeRecord } from '../../../src/core/store/journal';
import { WriteFailure } from '../../../src/core/store/writeFailure';
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
    const { recovered, notices } = await recoverInterruptedRuns(dir, () => false);
    assert.strictEqual(recovered.length, 1);
    assert.deepStrictEqual(notices, [], 'a torn last line is what a kill leaves: no damage to report');
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
    assert.deepStrictEqual(await recoverInterruptedRuns(dir, () => true), { recovered: [], notices: [] });
    assert.deepStrictEqual(await recoverInterruptedRuns(dir), { recovered: [], notices: [] }, 'this very process is alive');
    assert.strictEqual((await fs.readdir(dir)).length, 1);
  });

  it('runs started at once under one id each claim their own: -2, -3, …, and all commit', async () => {
    const journals = await Promise.all(Array.from({ length: 6 }, () => RunJournal.open(dir, header())));
    const ids = journals.map((j) => j.header.id);
    assert.strictEqual(new Set(ids).size, 6, ids.join(' '));
    assert.deepStrictEqual([...ids].sort(), ['', '-2', '-3', '-4', '-5', '-6'].map((n) => `2026-11-23T10-00-00Z-front-desk${n}`).sort());
    await Promise.all(journals.map((j) => j.commit({ ...j.header, endedAt: '2026-11-23T10:01:00.000Z', status: 'complete', cases: [], summary: summarize([]) })));
    assert.strictEqual((await fs.readdir(dir)).filter((n) => n.endsWith('.json')).length, 6);
    // An id whose run already finished (its journal gone, its record there) is taken too.
    assert.strictEqual((await RunJournal.open(dir, header())).header.id, '2026-11-23T10-00-00Z-front-desk-7');
  });

  it('a crash between the record and the journal removal: recovery sees the record and only removes the journal', async () => {
    const journal = await RunJournal.open(dir, header());
    await journal.append(caseResult('a', true));
    const complete: RunRecord = { ...header(), endedAt: '2026-11-23T10:01:00.000Z', status: 'complete', cases: [caseResult('a', true), caseResult('b', true)], summary: summarize([caseResult('a', true), caseResult('b', true)]) };
    await writeRecord(dir, complete); // the rename happened; the process died before removing the journal
    assert.deepStrictEqual(await recoverInterruptedRuns(dir, () => false), { recovered: [], notices: [] });
    assert.deepStrictEqual(await fs.readdir(dir), ['2026-11-23T10-00-00Z-front-desk.json']);
    const read = await readRunRecord(recordPath(dir, header().id));
    assert.ok(read.ok);
    assert.deepStrictEqual([read.record.status, read.record.cases.length], ['complete', 2]);
  });

  it('a journal whose header is valid JSON but not a run header is set aside with a notice, never fatal', async () => {
    const file = journalPath(dir, 'bad');
    await fs.writeFile(file, JSON.stringify({ journal: 1, pid: 999999, hostname: 'x', header: { id: 'bad', schemaVersion: 1 } }) + '\n' + JSON.stringify(caseResult('a', true)) + '\n');
    const { recovered, notices } = await recoverInterruptedRuns(dir, () => false);
    assert.deepStrictEqual(recovered, []);
    assert.strictEqual(notices.length, 1);
    assert.match(notices[0], /^\.journal-bad\.jsonl could not be recovered: its header is not a run header \(client: .*\)\. It was set aside as \.journal-bad\.jsonl\.damaged\.$/);
    assert.deepStrictEqual(await fs.readdir(dir), ['.journal-bad.jsonl.damaged']);
    assert.deepStrictEqual(await recoverInterruptedRuns(dir, () => false), { recovered: [], notices: [] }, 'set aside once, not reported again');
  });

  it('a torn header is set aside once it is old, and left alone while its writer may still be writing it', async () => {
    const file = journalPath(dir, 'torn');
    await fs.writeFile(file, '{"journal":1,"pid":12');
    assert.deepStrictEqual(await recoverInterruptedRuns(dir, () => false), { recovered: [], notices: [] });
    const later = Date.now() + 61_000;
    const { notices } = await recoverInterruptedRuns(dir, () => false, later);
    assert.match(notices[0] ?? '', /\.journal-torn\.jsonl could not be recovered: its first line is cut off or not JSON\. It was set aside/);
    assert.deepStrictEqual(await fs.readdir(dir), ['.journal-torn.jsonl.damaged']);
  });

  it('a journal with damaged lines is recovered as far as it reads, and set aside with a notice', async () => {
    await RunJournal.open(dir, header());
    const file = journalPath(dir, header().id);
    const [head] = (await fs.readFile(file, 'utf8')).split('\n');
    const lines = [head, JSON.stringify(caseResult('a', true)), '{"id": "b", "status": "nonsense"}', JSON.stringify(caseResult('c', false))];
    await fs.writeFile(file, lines.join('\n') + '\n');
    const { recovered, notices } = await recoverInterruptedRuns(dir, () => false);
    const read = await readRunRecord(recovered[0]);
    assert.ok(read.ok);
    assert.deepStrictEqual([read.record.status, read.record.cases.map((c) => c.id)], ['interrupted', ['a', 'c']]);
    assert.match(notices[0] ?? '', /was damaged: 1 line could not be read; the 2 finished cases that could are in 2026-11-23T10-00-00Z-front-desk\.json\. It was set aside as /);
  });

  it('runs/ being a file is one plain WriteFailure naming it', async () => {
    const runs = path.join(dir, 'runs');
    await fs.writeFile(runs, 'not a folder');
    await assert.rejects(RunJournal.open(runs, header()), (e: Error) => e instanceof WriteFailure && e.message === `Could not write the run record ${path.join(runs, `${header().id}.json`)}: ${runs} is a file where a folder is needed.`);
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
