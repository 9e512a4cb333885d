import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { createJudge } from '../../../src/core/assertions';
import { OllamaProvider } from '../../../src/core/providers';
import { ModelUnavailableError, RunNotSaved, runEvalSet, type RunProgress } from '../../../src/core/runner/runEvalSet';
import { recoverInterruptedRuns } from '../../../src/core/store/journal';
import { readRunRecord } from '../../../src/core/store/readRuns';
import type { OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree } from '../helpers/tempDir';
import { MODEL, runFixture, setOf } from './fixtures';

describe('runEvalSet', () => {
  let server: OllamaTestServer;
  let dir: string;
  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('sends the system prompt and options, grades every case and commits a record in eval-file order', async () => {
    const f = await runFixture(setOf(5), { models: [MODEL], rules: [{ match: 'question 2', reply: 'no' }], defaultReply: 'ok' });
    ({ server, dir } = f);
    const { record, file } = await runEvalSet(f.options({ concurrency: 3 }));
    assert.deepStrictEqual(record.cases.map((c) => [c.id, c.status]), [['q1', 'passed'], ['q2', 'failed'], ['q3', 'passed'], ['q4', 'passed'], ['q5', 'passed']]);
    assert.strictEqual(record.status, 'complete');
    assert.match(record.model.digest ?? '', /^[0-9a-f]{64}$/);
    assert.strictEqual(record.systemPrompt.text, 'You are Acme.');
    const chat = server.lastRequest('/api/chat')!.body as { messages: { role: string }[]; options: { seed: number } };
    assert.deepStrictEqual(chat.messages.map((m) => m.role), ['system', 'user']);
    assert.strictEqual(chat.options.seed, 7);
    // The server's own timings and stop reason are kept: the test server generates 50 tokens/s and
    // evaluates prompts at 1250 tokens/s, so its durations follow from the token counts.
    for (const { attempts: [a] } of record.cases) {
      assert.strictEqual(a.doneReason, 'stop');
      assert.strictEqual(a.serverTimings?.evalMs, a.tokens.completion! * 20);
      assert.ok(Math.abs(a.serverTimings!.promptEvalMs! - a.tokens.prompt! * 0.8) < 1e-9, JSON.stringify(a.serverTimings));
      assert.ok(a.serverTimings!.totalMs! >= a.serverTimings!.evalMs!);
    }
    const onDisk = await readRunRecord(file);
    assert.ok(onDisk.ok);
    assert.deepStrictEqual(onDisk.record, JSON.parse(JSON.stringify(record)), "the file holds the returned record");
    assert.deepStrictEqual(await fs.readdir(path.join(dir, 'runs')), [path.basename(file)], 'the journal is gone');
  });

  it('never has more requests in flight than the concurrency', async () => {
    // Every answer waits until three questions are in hand, so three are in flight for certain;
    // a fourth asked alongside them would show in maxInFlight.
    let asked = 0;
    let threeAsked!: () => void;
    const three = new Promise<void>((resolve) => (threeAsked = resolve));
    const counting = () => (++asked === 3 && threeAsked(), true);
    const f = await runFixture(setOf(12), { models: [MODEL], rules: [{ match: counting, reply: 'ok', holdUntil: three }] });
    ({ server, dir } = f);
    await runEvalSet(f.options({ concurrency: 3 }));
    assert.strictEqual(asked, 12);
    assert.strictEqual(server.maxInFlight, 3);
  });

  it('with 30% of requests failing transiently (500s), every case still ends with a result', async () => {
    const f = await runFixture(setOf(40));
    ({ server, dir } = f);
    server.setFaults({ serverError: { probability: 0.3, seed: 42 }, paths: ['/api/chat'] });
    const retries: RunProgress[] = [];
    const { record } = await runEvalSet(f.options({ concurrency: 4, retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 8 }, onProgress: (e) => e.kind === 'retry' && retries.push(e) }));
    assert.strictEqual(record.cases.length, 40);
    assert.ok(record.cases.every((c) => c.status === 'passed'), JSON.stringify(record.cases.filter((c) => c.status !== 'passed')));
    assert.ok(retries.length >= 8, `only ${retries.length} retries: the faults did not happen`);
    assert.strictEqual(record.cases.reduce((n, c) => n + c.attempts[0].retries, 0), retries.length);
  });

  it('honours Retry-After on a 429', async () => {
    const f = await runFixture(setOf(1));
    ({ server, dir } = f);
    server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 2 } , paths: ['/api/chat'] });
    const waits: number[] = [];
    const { record } = await runEvalSet(f.options({ sleep: async (ms) => void waits.push(ms) }));
    assert.deepStrictEqual(waits, [2000]);
    assert.strictEqual(record.cases[0].attempts[0].retries, 1);
  });

  it('records a case that cannot be answered as errored with the reason, and goes on', async () => {
    const f = await runFixture(setOf(3), { models: [MODEL], rules: [{ match: 'question 2', reply: 'ok', latencyMs: 3000 }], defaultReply: 'ok' }, 200);
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options({ retry: { maxRetries: 0 } }));
    assert.deepStrictEqual(record.cases.map((c) => c.status), ['passed', 'errored', 'passed']);
    assert.match(record.cases[1].attempts[0].error ?? '', /^timeout:/);
    assert.strictEqual(record.summary.errored, 1);
    assert.strictEqual(record.status, 'complete');
  });

  it('repeats a case and flags it flaky when it both passes and fails', async () => {
    let n = 0;
    const f = await runFixture(setOf(1, '    repeat: 4\n'), { models: [MODEL], rules: [{ match: () => true, reply: () => (n++ % 2 ? 'no' : 'ok') }] });
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options({ concurrency: 1 }));
    const [c] = record.cases;
    assert.strictEqual(c.attempts.length, 4);
    assert.deepStrictEqual([c.flaky, c.passRate, c.status, c.score], [true, 0.5, 'failed', 0.5]);
    assert.strictEqual(record.summary.flaky, 1);
  });

  it('on cancel keeps the finished cases in a cancelled record', async () => {
    const f = await runFixture(setOf(10));
    ({ server, dir } = f);
    server.setFaults({ latencyMs: 50 });
    const controller = new AbortController();
    const { record, file } = await runEvalSet(
      f.options({ concurrency: 1, signal: controller.signal, onProgress: (e) => e.kind === 'case' && e.done === 3 && controller.abort() }),
    );
    assert.strictEqual(record.status, 'cancelled');
    assert.deepStrictEqual(record.cases.map((c) => c.id), ['q1', 'q2', 'q3']);
    assert.ok((await readRunRecord(file)).ok);
  });

  it('stops when the server goes away mid-run, keeping what finished', async () => {
    const f = await runFixture(setOf(10));
    ({ server, dir } = f);
    const { record } = await runEvalSet(
      f.options({ concurrency: 1, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 }, onProgress: (e) => void (e.kind === 'case' && e.done === 2 && server.refuse()) }),
    );
    assert.strictEqual(record.status, 'interrupted');
    assert.match(record.stopReason ?? '', new RegExp(`${server.url.replace(/[.]/g, '\\.')} stopped answering`));
    assert.deepStrictEqual(record.cases.map((c) => c.status), ['passed', 'passed', 'errored', 'errored', 'errored']);
  });

  it('refuses to start against a server that is down, writing nothing', async () => {
    const f = await runFixture(setOf(2));
    ({ server, dir } = f);
    await server.refuse();
    await assert.rejects(runEvalSet(f.options()), (e: ModelUnavailableError) => e instanceof ModelUnavailableError && e.message.includes(server.url) && /ollama serve/.test(e.hint ?? ''));
    await assert.rejects(fs.readdir(path.join(dir, 'runs')));
  });

  it('asks the server once before the first case: the model list, which also gives the digest', async () => {
    const f = await runFixture(setOf(2));
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options({ concurrency: 1 }));
    assert.deepStrictEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/tags', 'POST /api/chat', 'POST /api/chat']);
    assert.match(record.model.digest ?? '', /^[0-9a-f]{64}$/);
    assert.strictEqual(record.model.parameterSize, '8.0B');
  });

  it('refuses to start when the server lacks the model, saying how to pull it', async () => {
    const f = await runFixture(setOf(1), { models: ['other:v1'], defaultReply: 'ok' });
    ({ server, dir } = f);
    await assert.rejects(runEvalSet(f.options()), (e: ModelUnavailableError) => /ollama pull acme:v3/.test(e.hint ?? ''));
  });

  it('records the time-out the provider enforced: 300000 ms when client.yaml sets none, else its own', async () => {
    const f = await runFixture(setOf(1));
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options());
    assert.strictEqual(record.settings.timeoutMs, 300_000);
    const own = await runEvalSet(f.options({ provider: new OllamaProvider({ host: server.url, model: MODEL, timeoutMs: 1234 }) }));
    assert.strictEqual(own.record.settings.timeoutMs, 1234);
  });

  it('an errored case records the retries it made, as many as the server saw', async () => {
    const f = await runFixture(setOf(1));
    ({ server, dir } = f);
    server.setFaults({ serverError: {}, paths: ['/api/chat'] });
    const { record } = await runEvalSet(f.options({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } }));
    assert.strictEqual(record.cases[0].status, 'errored');
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, 3);
    assert.strictEqual(record.cases[0].attempts[0].retries, 2);
  });

  it('a hung server: a time-out is retried once, counts toward the stop, and the record says what happened', async () => {
    // The time-out also bounds the version and model check before the first case: 100 ms missed
    // that round trip under heavy load (more so as a process's first request, its HTTP client
    // loading inside the time), and the run ended before its first case.
    const f = await runFixture(setOf(10), undefined, 1000);
    ({ server, dir } = f);
    server.setFaults({ hang: {}, paths: ['/api/chat'] });
    const { record } = await runEvalSet(f.options({ concurrency: 1 }));
    assert.strictEqual(record.status, 'interrupted');
    assert.deepStrictEqual(record.cases.map((c) => [c.status, c.attempts[0].retries]), [['errored', 1], ['errored', 1], ['errored', 1]]);
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, 6, 'two requests a case, three cases');
    assert.match(record.stopReason ?? '', /stopped answering: 3 cases in a row got no answer within 1(000 ms| s) \(each tried 2 times; timeout: /);
    assert.strictEqual(record.settings.maxTimeoutRetries, 1);
  });

  it('an assertion that cannot be evaluated makes its case errored, never failed or passed, also with a threshold', async () => {
    const set = [
      'name: Graded',
      'cases:',
      '  - id: plain',
      '    input: question 1',
      '    assert: [{ type: contains, value: ok }, { type: llm-rubric, value: Is polite }]',
      '  - id: with-threshold',
      '    input: question 2',
      '    threshold: 0.5',
      '    assert: [{ type: contains, value: ok }, { type: llm-rubric, value: Is polite }]',
      '  - id: wrong-anyway',
      '    input: question 3',
      '    assert: [{ type: contains, value: absent }, { type: llm-rubric, value: Is polite }]',
      '',
    ].join('\n');
    // The judge answers, but not with a grade.
    const f = await runFixture(set, { models: [MODEL, 'judge:v1'], rules: [{ model: 'judge:v1', match: () => true, reply: 'I think it is fine' }], defaultReply: 'ok' });
    ({ server, dir } = f);
    const judgeProvider = new OllamaProvider({ host: server.url, model: 'judge:v1' });
    const { record } = await runEvalSet(f.options({ judge: createJudge(judgeProvider), graders: { judge: judgeProvider } }));
    assert.deepStrictEqual(record.cases.map((c) => [c.id, c.status, c.pass]), [['plain', 'errored', false], ['with-threshold', 'errored', false], ['wrong-anyway', 'errored', false]]);
    assert.deepStrictEqual([record.summary.errored, record.summary.failed, record.summary.passed], [3, 0, 0]);
    assert.match(record.cases[0].attempts[0].assertions[1].error ?? '', /./);
  });

  it('refuses to start when the judge or the embedding model the set needs is missing, writing nothing', async () => {
    const rubric = 'name: Graded\ncases:\n  - id: a\n    input: question 1\n    assert: [{ type: llm-rubric, value: Is polite }]\n';
    const f = await runFixture(rubric, { models: [MODEL], defaultReply: 'ok' });
    ({ server, dir } = f);
    const judgeProvider = new OllamaProvider({ host: server.url, model: 'judge:v1' });
    await assert.rejects(
      runEvalSet(f.options({ judge: createJudge(judgeProvider), graders: { judge: judgeProvider } })),
      (e: ModelUnavailableError) =>
        e instanceof ModelUnavailableError && /judge model 'judge:v1' that Graded's llm-rubric assertions need/.test(e.message) && /ollama pull judge:v1.*`judge\.name`/.test(e.hint ?? ''),
    );
    assert.strictEqual(server.requests.filter((r) => r.path === '/api/chat').length, 0);
    await assert.rejects(fs.readdir(path.join(dir, 'runs')));

    // A set without model-graded assertions does not need the judge at all.
    const plain = await runFixture(setOf(1), { models: [MODEL], defaultReply: 'ok' });
    const { record } = await runEvalSet(plain.options({ graders: { judge: new OllamaProvider({ host: plain.server.url, model: 'judge:v1' }) } }));
    assert.strictEqual(record.status, 'complete');
    await plain.server.close();
    await removeTree(plain.dir);
  });

  it('refuses to start when the embedding model a `similar` assertion needs is missing', async () => {
    const similar = 'name: Near\ncases:\n  - id: a\n    input: question 1\n    expected: ok\n    assert: [{ type: similar }]\n';
    const f = await runFixture(similar, { models: [MODEL, 'judge:v1'], defaultReply: 'ok' });
    ({ server, dir } = f);
    const embeddings = new OllamaProvider({ host: server.url, model: 'nomic-embed-text' });
    await assert.rejects(
      runEvalSet(f.options({ graders: { judge: new OllamaProvider({ host: server.url, model: 'judge:v1' }), embeddings } })),
      (e: ModelUnavailableError) => /embedding model 'nomic-embed-text' that Near's similar assertions need/.test(e.message) && /`judge\.embeddings`/.test(e.hint ?? ''),
    );
  });

  it('six runs of one set started in the same second all land, each under its own id', async () => {
    const f = await runFixture(setOf(3));
    ({ server, dir } = f);
    server.setFaults({ latencyMs: 20 });
    const clock = () => new Date('2026-11-23T10:15:02.000Z');
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => runEvalSet(f.options({ clock }))));
    assert.strictEqual(new Set(outcomes.map((o) => o.record.id)).size, 6);
    const files = (await fs.readdir(path.join(dir, 'runs'))).sort();
    assert.deepStrictEqual(files, ['', '-2', '-3', '-4', '-5', '-6'].map((n) => `2026-11-23T10-15-02Z-smoke${n}.json`).sort());
    for (const o of outcomes) assert.strictEqual((await readRunRecord(o.file)).ok && o.record.cases.length, 3);
  });

  it('a record the disk has no room for: RunNotSaved holds the finished cases, and the journal keeps them for recovery', async () => {
    const f = await runFixture(setOf(2));
    ({ server, dir } = f);
    const clock = () => new Date('2026-11-23T10:15:02.000Z');
    const runs = path.join(dir, 'runs');
    await fs.mkdir(runs);
    // The record's temporary file leads to /dev/full: writing it fails with a real ENOSPC.
    await fs.symlink('/dev/full', path.join(runs, `2026-11-23T10-15-02Z-smoke.json.${process.pid}.tmp`));
    await assert.rejects(runEvalSet(f.options({ clock })), (e: RunNotSaved) => {
      assert.ok(e instanceof RunNotSaved, String(e));
      assert.deepStrictEqual(e.record.cases.map((c) => c.id), ['q1', 'q2']);
      assert.match(e.message, /^Could not write the run record .*2026-11-23T10-15-02Z-smoke\.json: the disk is full \(ENOSPC\)\. The 2 finished cases are kept in .*\.journal-2026-11-23T10-15-02Z-smoke\.jsonl, and the next run of Acme recovers them\.$/);
      return true;
    });
    // The next run recovers it, even in this same process (VS Code's extension host lives on).
    const { recovered } = await recoverInterruptedRuns(runs);
    const read = await readRunRecord(recovered[0]);
    assert.ok(read.ok);
    assert.deepStrictEqual(read.record.cases.map((c) => c.id), ['q1', 'q2']);
  });

  it('keeps at most maxAnswerChars of an answer, grades what it kept, and marks the cut in the record', async () => {
    const huge = `ok ${'blah '.repeat(10_000)}`; // 50,003 characters, streamed in many chunks
    const f = await runFixture(setOf(2), { models: [MODEL], rules: [{ match: 'question 1', reply: huge }], defaultReply: 'ok' });
    ({ server, dir } = f);
    const { record, file } = await runEvalSet(f.options({ maxAnswerChars: 1000 }));
    const [cut, whole] = record.cases.map((c) => c.attempts[0]);
    assert.deepStrictEqual([cut.output.length, cut.outputChars, cut.output], [1000, huge.length, huge.slice(0, 1000)]);
    assert.strictEqual(record.cases[0].status, 'passed', 'graded on what was kept');
    assert.deepStrictEqual([whole.output, whole.outputChars], ['ok', undefined]);
    assert.strictEqual(record.settings.maxAnswerChars, 1000);
    assert.ok((await fs.stat(file)).size < 20_000, 'the record is proportional to what was kept');
    assert.strictEqual((await runEvalSet(f.options())).record.settings.maxAnswerChars, 100_000, 'the default');
  });
});
