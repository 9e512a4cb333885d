import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { caseHistory, caseOutcome, RunDigestCache, runFilesOfSet } from '../../../src/core/store/caseHistory';
import type { Attempt, CaseResult, RunRecord } from '../../../src/core/store/runRecord';
import { summarize } from '../../../src/core/store/summary';
import { removeTree, tempTree } from '../helpers/tempDir';

const SET = { id: 'evals/front-desk.yaml', name: 'Front desk' };

function attempt(pass: boolean, over: Partial<Attempt> = {}): Attempt {
  return {
    output: pass ? 'Refunds within 30 days.' : 'No refunds, sorry.',
    latencyMs: 120,
    tokens: { prompt: 10, completion: 5 },
    assertions: [{ type: 'icontains', pass, score: pass ? 1 : 0, reason: pass ? 'found "30 days"' : 'expected output to contain "30 days"', weight: 1 }],
    score: pass ? 1 : 0,
    pass,
    retries: 0,
    ...over,
  };
}

function result(id: string, attempts: Attempt[], over: Partial<CaseResult> = {}): CaseResult {
  const passed = attempts.filter((a) => a.pass).length;
  const answered = attempts.filter((a) => !a.error).length;
  const status = answered === 0 ? 'errored' : passed === attempts.length ? 'passed' : 'failed';
  return {
    id,
    input: `question ${id}`,
    expected: 'Refunds are available within 30 days.',
    attempts,
    status,
    score: attempts.reduce((s, a) => s + a.score, 0) / attempts.length,
    pass: status === 'passed',
    flaky: passed > 0 && passed < attempts.length,
    passRate: passed / attempts.length,
    finishedAt: '2026-11-23T10:00:05.000Z',
    ...over,
  };
}

function record(id: string, cases: CaseResult[], over: Partial<RunRecord> = {}): RunRecord {
  return {
    schemaVersion: 1,
    id,
    client: { id: 'clients/acme', name: 'Acme' },
    evalSet: { ...SET },
    startedAt: '2026-11-23T10:00:00.000Z',
    endedAt: '2026-11-23T10:01:00.000Z',
    status: 'complete',
    trigger: 'cli',
    purpose: 'production',
    provider: { kind: 'ollama', host: 'http://127.0.0.1:11434' },
    model: { name: 'acme:v3' },
    systemPrompt: { sha256: 'f00', text: 'Be kind.' },
    settings: { concurrency: 4, timeoutMs: 60000, maxRetries: 4 },
    cases,
    summary: summarize(cases),
    ...over,
  };
}

describe('caseHistory', () => {
  let dir: string;
  /** Writes the records and returns their files newest first, as Client.runFiles lists them. */
  async function write(records: RunRecord[]): Promise<string[]> {
    for (const r of records) await fs.writeFile(path.join(dir, `${r.id}.json`), JSON.stringify(r));
    return records.map((r) => path.join(dir, `${r.id}.json`)).sort().reverse();
  }

  beforeEach(async () => (dir = await tempTree({})));
  afterEach(() => removeTree(dir));

  it('gives each case its newest result and the one before, walking the records newest first', async () => {
    const files = await write([
      record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(true)]), result('b', [attempt(false)]), result('c', [attempt(true)])]),
      record('2026-11-08T10-00-00Z-front-desk', [result('a', [attempt(false)]), result('b', [attempt(true)]), result('c', [attempt(true)])]),
      record('2026-11-15T10-00-00Z-front-desk', [result('a', [attempt(true)]), result('b', [attempt(true)])]),
    ]);
    const history = await caseHistory(files, SET);
    assert.deepStrictEqual(
      [...history].map(([id, h]) => [id, h.last.status, h.last.runId.slice(0, 10), h.previous?.status, h.previous?.runId.slice(0, 10)]),
      [
        ['a', 'passed', '2026-11-15', 'failed', '2026-11-08'],
        ['b', 'passed', '2026-11-15', 'passed', '2026-11-08'],
        // Not in the newest run (the set grew later, or the case was left out): its last result still counts.
        ['c', 'passed', '2026-11-08', 'passed', '2026-11-01'],
      ],
    );
    assert.strictEqual(history.get('a')!.last.runFile, files[0]);
  });

  it('counts a partial run (selectedCases) for the cases it ran and only those', async () => {
    const files = await write([
      record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(true)]), result('b', [attempt(true)])]),
      record('2026-11-02T10-00-00Z-front-desk', [result('b', [attempt(false)])], { selectedCases: ['b'], trigger: 'test-explorer' }),
    ]);
    const history = await caseHistory(files, SET);
    assert.strictEqual(history.get('a')!.last.runId, '2026-11-01T10-00-00Z-front-desk');
    assert.strictEqual(history.get('a')!.previous, undefined);
    const b = history.get('b')!;
    assert.strictEqual(b.last.status, 'failed');
    assert.strictEqual(b.last.partial, true);
    assert.strictEqual(b.last.trigger, 'test-explorer');
    assert.strictEqual(b.previous!.status, 'passed');
    assert.strictEqual(b.previous!.partial, false);
  });

  it('counts the finished cases of cancelled and interrupted runs', async () => {
    const files = await write([
      record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(true)]), result('b', [attempt(true)])]),
      record('2026-11-02T10-00-00Z-front-desk', [result('a', [attempt(false)])], { status: 'cancelled', stopReason: 'Cancelled by the user.' }),
    ]);
    const history = await caseHistory(files, SET);
    assert.strictEqual(history.get('a')!.last.status, 'failed');
    assert.strictEqual(history.get('a')!.last.runStatus, 'cancelled');
    assert.strictEqual(history.get('b')!.last.runId, '2026-11-01T10-00-00Z-front-desk');
  });

  it('skips records of other sets, damaged files and files that are gone', async () => {
    const files = await write([
      record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(true)])]),
      // Same slug, another set (another folder's front-desk.yaml): its record says so.
      record('2026-11-03T10-00-00Z-front-desk', [result('a', [attempt(false)])], { evalSet: { id: 'evals/other/front-desk.yaml', name: 'Front desk' } }),
      record('2026-11-04T10-00-00Z-safety', [result('a', [attempt(false)])], { evalSet: { id: 'evals/safety.yaml', name: 'Safety' } }),
    ]);
    await fs.writeFile(path.join(dir, '2026-11-05T10-00-00Z-front-desk.json'), '{"schemaVersion": 1, "id": "torn');
    const all = [path.join(dir, '2026-11-06T10-00-00Z-front-desk.json'), path.join(dir, '2026-11-05T10-00-00Z-front-desk.json'), ...files];
    const history = await caseHistory(all, SET);
    assert.deepStrictEqual([...history.keys()], ['a']);
    assert.strictEqual(history.get('a')!.last.runId, '2026-11-01T10-00-00Z-front-desk');
    assert.strictEqual(history.get('a')!.previous, undefined);
  });

  it('keeps why a case failed: the failing assertions, the expected text and the output of the attempt that failed', async () => {
    const flaky = result('flaky', [attempt(true, { output: 'Within 30 days.' }), attempt(false, { output: 'Never.' }), attempt(true)]);
    const errored = result('down', [attempt(false, { output: '', assertions: [], error: 'bad-request: model requires more system memory', latencyMs: undefined })]);
    const files = await write([record('2026-11-01T10-00-00Z-front-desk', [flaky, errored])]);
    const history = await caseHistory(files, SET);
    const f = history.get('flaky')!.last;
    assert.strictEqual(f.status, 'failed');
    assert.strictEqual(f.flaky, true);
    assert.strictEqual(f.attempts, 3);
    assert.strictEqual(f.attempt, 1);
    assert.strictEqual(f.output, 'Never.');
    assert.deepStrictEqual(f.failures, ['icontains: expected output to contain "30 days"']);
    assert.strictEqual(f.expected, 'Refunds are available within 30 days.');
    assert.strictEqual(f.durationMs, 360);
    assert.ok(Math.abs(f.passRate - 2 / 3) < 1e-9);
    const d = history.get('down')!.last;
    assert.strictEqual(d.status, 'errored');
    assert.strictEqual(d.error, 'bad-request: model requires more system memory');
    assert.strictEqual(d.durationMs, undefined);
  });

  it('stops walking once every wanted case has its results, and depth 1 needs only the newest', async () => {
    const records = Array.from({ length: 6 }, (_, i) => record(`2026-11-0${i + 1}T10-00-00Z-front-desk`, [result('a', [attempt(i % 2 === 0)]), result('b', [attempt(true)])]));
    const files = await write(records);
    const cache = new RunDigestCache();
    const read: string[] = [];
    const spy = Object.assign(Object.create(cache) as RunDigestCache, {
      digest: (file: string) => (read.push(path.basename(file)), cache.digest(file)),
    });
    const two = await caseHistory(files, SET, { caseIds: ['a', 'b'], cache: spy });
    assert.strictEqual(read.length, 2);
    assert.strictEqual(two.get('a')!.previous!.runId, '2026-11-05T10-00-00Z-front-desk');
    read.length = 0;
    const one = await caseHistory(files, SET, { caseIds: ['a'], depth: 1, cache: spy });
    assert.deepStrictEqual(read, ['2026-11-06T10-00-00Z-front-desk.json']);
    assert.strictEqual(one.get('a')!.previous, undefined);
    // A case with no result anywhere makes the walk go through every candidate, and it stays absent.
    read.length = 0;
    const missing = await caseHistory(files, SET, { caseIds: ['a', 'new-case'], cache: spy });
    assert.strictEqual(read.length, 6);
    assert.ok(!missing.has('new-case'));
  });

  it('reads a record once while it is unchanged, and again when it changes', async () => {
    const [file] = await write([record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(true)])])]);
    const cache = new RunDigestCache();
    const first = await cache.digest(file);
    assert.strictEqual(await cache.digest(file), first);
    await fs.writeFile(file, JSON.stringify(record('2026-11-01T10-00-00Z-front-desk', [result('a', [attempt(false)]), result('b', [attempt(true)])])));
    const later = new Date(Date.now() + 5000);
    await fs.utimes(file, later, later);
    const second = await cache.digest(file);
    assert.notStrictEqual(second, first);
    assert.deepStrictEqual([...second!.outcomes.keys()], ['a', 'b']);
    await fs.rm(file);
    assert.strictEqual(await cache.digest(file), undefined);
  });

  it('opens only the files named for the set', () => {
    const files = ['/r/2026-11-02T10-00-00Z-front-desk-2.json', '/r/2026-11-02T10-00-00Z-front-desk.json', '/r/2026-11-01T10-00-00Z-safety.json', '/r/2026-11-01T10-00-00Z-set.json'];
    assert.deepStrictEqual(runFilesOfSet(files, 'Front desk'), files.slice(0, 2));
    assert.deepStrictEqual(runFilesOfSet(files, '???'), ['/r/2026-11-01T10-00-00Z-set.json']);
  });

  it('caseOutcome takes the first attempt of a passing case', () => {
    const o = caseOutcome(result('a', [attempt(true), attempt(true)]), { file: '/r/x.json', id: 'x', partial: false, status: 'complete', trigger: 'vscode' });
    assert.strictEqual(o.attempt, 0);
    assert.deepStrictEqual(o.failures, []);
    assert.strictEqual(o.durationMs, 240);
  });
});
