import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { OllamaProvider } from '../../../src/core/providers';
import { ModelUnavailableError, runEvalSet, type RunProgress } from '../../../src/core/runner/runEvalSet';
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
    const f = await runFixture(setOf(12));
    ({ server, dir } = f);
    server.setFaults({ latencyMs: 40 });
    await runEvalSet(f.options({ concurrency: 3 }));
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
    const f = await runFixture(setOf(3), { models: [MODEL], rules: [{ match: 'question 2', reply: 'ok', latencyMs: 3000 }], defaultReply: 'ok' });
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options({ provider: new OllamaProvider({ host: server.url, model: MODEL, timeoutMs: 200 }), retry: { maxRetries: 0 } }));
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

  it('refuses to start when the server lacks the model, saying how to pull it', async () => {
    const f = await runFixture(setOf(1), { models: ['other:v1'], defaultReply: 'ok' });
    ({ server, dir } = f);
    await assert.rejects(runEvalSet(f.options()), (e: ModelUnavailableError) => /ollama pull acme:v3/.test(e.hint ?? ''));
  });
});
