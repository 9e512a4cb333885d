// OllamaProvider against the Ollama test server over real HTTP, through the real `ollama` package.

import { strict as assert } from 'node:assert';
import { OllamaProvider, normalizeOllamaModelName } from '../../../src/core/providers/ollama';
import { countTokens, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { consoleOutput, providerError, REFUND, REFUND_ANSWER, serverPool } from './helpers';
import { until } from '../helpers/until';

const LONG_ANSWER = 'We open at eight, Monday to Friday, and close at six.';

describe('OllamaProvider', function () {
  const servers = serverPool();
  let server: OllamaTestServer;
  let provider: OllamaProvider;
  const ask = (input: string, extra: Partial<Parameters<OllamaProvider['complete']>[0]> = {}) =>
    provider.complete({ messages: [{ role: 'system', content: 'You are the front desk.' }, { role: 'user', content: input }], ...extra });

  beforeEach(async () => {
    server = await servers.start({
      script: {
        rules: [
          { match: REFUND, reply: REFUND_ANSWER },
          { match: 'hours', reply: LONG_ANSWER },
          { match: 'extract', reply: { age: 22, available: true } },
        ],
      },
    });
    provider = new OllamaProvider({ host: server.url, model: 'llama3.2', timeoutMs: 5000 });
  });

  describe('complete', () => {
    it('streams /api/chat with the messages, options, format and keep_alive, and accumulates the answer', async () => {
      provider = new OllamaProvider({
        host: server.url,
        model: 'llama3.2',
        options: { temperature: 0, seed: 7, num_ctx: 4096 },
        format: 'json',
        keepAlive: '10m',
      });
      const messages = [
        { role: 'system' as const, content: 'You are the front desk.' },
        { role: 'user' as const, content: 'hours' },
      ];
      const result = await provider.complete({ messages, options: { seed: 8 } });
      assert.equal(result.output, LONG_ANSWER);
      const body = server.lastRequest('/api/chat')?.body as Record<string, unknown>;
      assert.equal(body.model, 'llama3.2');
      assert.equal(body.stream, true);
      assert.deepEqual(body.messages, messages);
      assert.deepEqual(body.options, { temperature: 0, seed: 8, num_ctx: 4096 }, "the request's own options win over the manifest's");
      assert.equal(body.format, 'json');
      assert.equal(body.keep_alive, '10m');
    });

    it('sends a JSON schema as format and sends no options, format or keep_alive when none are set', async () => {
      const schema = { type: 'object', properties: { age: { type: 'number' } }, required: ['age'] };
      const result = await ask('extract', { format: schema });
      assert.deepEqual(JSON.parse(result.output), { age: 22, available: true });
      assert.deepEqual((server.lastRequest('/api/chat')?.body as Record<string, unknown>).format, schema);

      await ask(REFUND);
      const plain = server.lastRequest('/api/chat')?.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(plain).sort(), ['messages', 'model', 'stream']);
    });

    it('measures first token and latency, and reports tokens and server timings in milliseconds', async () => {
      server.setFaults({ chunkDelayMs: 40 });
      const result = await ask('hours');
      assert.equal(result.output, LONG_ANSWER);
      assert.ok(result.firstTokenMs !== undefined && result.firstTokenMs > 0);
      // 12 pieces, 40 ms apart: the first arrives long before the last.
      assert.ok(result.latencyMs! - result.firstTokenMs >= 300, `first ${result.firstTokenMs} ms, all ${result.latencyMs} ms`);
      assert.equal(result.tokens.completion, countTokens(LONG_ANSWER));
      assert.ok(result.tokens.prompt! > 0);
      // The test server's pretend speeds: 0.8 ms a prompt token, 20 ms an answer token, cold load 350 ms.
      const timings = result.serverTimings!;
      const close = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 1e-6;
      assert.ok(close(timings.evalMs, result.tokens.completion! * 20), `evalMs ${timings.evalMs}`);
      assert.ok(close(timings.promptEvalMs, result.tokens.prompt! * 0.8), `promptEvalMs ${timings.promptEvalMs}`);
      assert.equal(timings.loadMs, 350);
      assert.ok(timings.totalMs! >= timings.loadMs! + timings.promptEvalMs! + timings.evalMs!);
      assert.equal(result.doneReason, 'stop');

      server.clearFaults();
      const warm = await ask(REFUND);
      assert.equal(warm.serverTimings?.loadMs, 12, 'the model is warm now');
    });

    it('leaves counts and timings the server omits undefined, never 0', async () => {
      server.setFaults({ omitFields: ['eval_count', 'eval_duration', 'load_duration'] });
      const partial = await ask(REFUND);
      assert.equal(partial.tokens.completion, undefined);
      assert.ok(partial.tokens.prompt! > 0);
      assert.equal(partial.serverTimings?.evalMs, undefined);
      assert.equal(partial.serverTimings?.loadMs, undefined);
      assert.ok(partial.serverTimings!.totalMs! > 0);

      server.setFaults({
        omitFields: ['total_duration', 'load_duration', 'prompt_eval_count', 'prompt_eval_duration', 'eval_count', 'eval_duration', 'done_reason'],
      });
      const bare = await ask(REFUND);
      assert.equal(bare.output, REFUND_ANSWER);
      assert.deepEqual(bare.tokens, { prompt: undefined, completion: undefined });
      assert.equal(bare.serverTimings, undefined);
      assert.equal(bare.doneReason, undefined);
    });

    it("reports done_reason 'length' when num_predict cut the answer", async () => {
      const result = await ask('hours', { options: { num_predict: 3 } });
      assert.equal(result.doneReason, 'length');
      assert.equal(result.tokens.completion, 3);
    });

    it('keeps concurrent requests independent: cancelling one leaves the other running', async () => {
      server.setFaults({ chunkDelayMs: 20 });
      const controller = new AbortController();
      const first = ask('hours', { signal: controller.signal });
      const second = ask('hours');
      setTimeout(() => controller.abort(), 60);
      const [a, b] = await Promise.allSettled([first, second]);
      assert.equal(a.status, 'rejected');
      assert.equal((a as PromiseRejectedResult).reason.kind, 'cancelled');
      assert.equal(b.status, 'fulfilled');
      assert.equal((b as PromiseFulfilledResult<{ output: string }>).value.output, LONG_ANSWER);
    });
  });

  describe('failures', () => {
    it('500: server, retryable, naming host and model', async () => {
      server.setFaults({ serverError: { count: 1 } });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'server');
      assert.equal(err.retryable, true);
      assert.equal(err.details.status, 500);
      assert.match(err.message, new RegExp(`${server.url}.*llama3\\.2.*llama runner process has terminated`));
      assert.equal((await ask(REFUND)).output, REFUND_ANSWER, 'the next request succeeds');
    });

    it('429 with Retry-After: rate-limited with retryAfterMs', async () => {
      server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 7 } });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'rate-limited');
      assert.equal(err.retryable, true);
      assert.equal(err.details.status, 429);
      assert.equal(err.details.retryAfterMs, 7000);
    });

    it('a stream cut mid-answer: bad-response, retryable', async () => {
      server.setFaults({ cutStream: { count: 1, afterChunks: 2 } });
      const err = await providerError(ask('hours'));
      assert.equal(err.kind, 'bad-response');
      assert.equal(err.retryable, true);
      assert.match(err.message, /cut the answer off/);
    });

    it('a stream that ends without its done chunk: bad-response', async () => {
      server.setFaults({ cutStream: { count: 1, afterChunks: 3, graceful: true } });
      const err = await providerError(ask('hours'));
      assert.equal(err.kind, 'bad-response');
      assert.match(err.message, /without its final chunk/);
    });

    it('a hung server and a small timeoutMs: timeout after timeoutMs, saying so', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'llama3.2', timeoutMs: 150 });
      server.setFaults({ hang: { count: 1 } });
      const started = Date.now();
      const err = await providerError(ask(REFUND));
      const took = Date.now() - started;
      assert.equal(err.kind, 'timeout');
      assert.equal(err.retryable, true);
      // Only a lower bound: the hung server never answers, so nothing but the 150 ms ends the
      // request, and how late a loaded machine's timer fires is the bench's business, not a test's.
      assert.ok(took >= 140, `took ${took} ms`);
      assert.match(err.message, /did not answer within 150 ms/);
    });

    it('a stream slower than timeoutMs times out mid-answer', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'llama3.2', timeoutMs: 200 });
      server.setFaults({ chunkDelayMs: 60 });
      const err = await providerError(ask('hours'));
      assert.equal(err.kind, 'timeout');
    });

    it("the caller's abort: cancelled, not retryable, without waiting for the answer", async () => {
      server.setFaults({ hang: { count: 1 } });
      const controller = new AbortController();
      // Aborted once the server holds the request: the hung server never answers and the
      // provider's time-out is 5 s, so only the abort can end it before the test's time-out.
      void until(() => server.requests.some((r) => r.path === '/api/chat')).then(() => controller.abort());
      const err = await providerError(ask(REFUND, { signal: controller.signal }));
      assert.equal(err.kind, 'cancelled');
      assert.equal(err.retryable, false);
    });

    it('an already-aborted signal: cancelled without sending anything', async () => {
      const err = await providerError(ask(REFUND, { signal: AbortSignal.abort() }));
      assert.equal(err.kind, 'cancelled');
      assert.equal(server.requests.length, 0);
    });

    it('malformed JSON in the stream: bad-response, and the package prints nothing', async () => {
      server.setFaults({ malformedJson: { count: 1 } });
      let err: unknown;
      const printed = await consoleOutput(() => ask(REFUND).catch((e: unknown) => (err = e)));
      assert.equal((err as { kind?: string }).kind, 'bad-response');
      assert.match((err as Error).message, /not JSON/);
      assert.deepEqual(printed, []);
    });

    it('an unknown model: not-found, not retryable, telling to pull it', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'acme-support:v3' });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'not-found');
      assert.equal(err.retryable, false);
      assert.equal(err.details.status, 404);
      assert.match(err.message, /acme-support:v3/);
      assert.match(err.message, /ollama pull acme-support:v3/);
    });

    it('connection refused: unreachable, retryable, naming the host', async () => {
      await server.refuse();
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'unreachable');
      assert.equal(err.retryable, true);
      assert.match(err.message, new RegExp(`${server.url}.*ECONNREFUSED`));
    });

    it('a 404 page (not an Ollama route): bad-request, and the package prints nothing', async () => {
      provider = new OllamaProvider({ host: `${server.url}/not-ollama`, model: 'llama3.2' });
      let err: unknown;
      const printed = await consoleOutput(() => ask(REFUND).catch((e: unknown) => (err = e)));
      assert.equal((err as { kind?: string }).kind, 'bad-request');
      assert.match((err as Error).message, /404 page not found/);
      assert.deepEqual(printed, []);
    });

    it('an error line in a 200 stream (the runner died mid-answer): server', async () => {
      const url = await servers.raw((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.write('{"model":"llama3.2","created_at":"2025-06-01T09:00:00Z","message":{"role":"assistant","content":"Hel"},"done":false}\n');
        res.end('{"error":"an error was encountered while running the model: unexpected EOF"}\n');
      });
      provider = new OllamaProvider({ host: url, model: 'llama3.2' });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'server');
      assert.match(err.message, /unexpected EOF/);
    });
  });

  describe('describeModel', () => {
    it('reads digest, family, size, quantisation, format and time from /api/tags', async () => {
      const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<Record<string, unknown>> };
      const entry = tags.models.find((m) => m.name === 'llama3.1:8b')!;
      provider = new OllamaProvider({ host: server.url, model: 'llama3.1:8b' });
      const description = await provider.describeModel();
      assert.deepEqual(description, {
        name: 'llama3.1:8b',
        digest: entry.digest,
        family: 'llama',
        parameterSize: '8.0B',
        quantization: 'Q4_K_M',
        format: 'gguf',
        modifiedAt: entry.modified_at,
      });
    });

    it('compares names as Ollama does: no tag means :latest, any case', async () => {
      for (const name of ['llama3.2', 'llama3.2:latest', 'LLaMA3.2']) {
        provider = new OllamaProvider({ host: server.url, model: name });
        assert.equal((await provider.describeModel()).parameterSize, '3.2B', name);
      }
      assert.equal(normalizeOllamaModelName('acme/support'), 'acme/support:latest');
      assert.equal(normalizeOllamaModelName('registry.local:5000/acme/support'), 'registry.local:5000/acme/support:latest');
    });

    it('a model the server lacks: not-found listing what it has', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'llama3.1' });
      const err = await providerError(provider.describeModel());
      assert.equal(err.kind, 'not-found');
      assert.match(err.message, /llama3\.2:latest, llama3\.1:8b/);
    });
  });

  describe('health', () => {
    it('up: ok with the server version and the model available, described as describeModel does', async () => {
      assert.deepEqual(await provider.health(), { ok: true, host: server.url, serverVersion: '0.12.3', modelAvailable: true, model: await provider.describeModel() });
    });

    it('without the server version (a run\'s preflight): one request, the model list', async () => {
      server.clearRequests();
      const report = await provider.health(undefined, undefined, { serverVersion: false });
      assert.deepEqual(report, { ok: true, host: server.url, serverVersion: undefined, modelAvailable: true, model: await provider.describeModel() });
      assert.deepEqual(server.requests.map((r) => r.path), ['/api/tags', '/api/tags'], 'the second is describeModel\'s own');
    });

    it('down: says the host cannot be reached and to start it and check host', async () => {
      await server.refuse();
      const report = await provider.health();
      assert.equal(report.ok, false);
      assert.equal(report.modelAvailable, undefined);
      assert.match(report.message!, new RegExp(`Cannot reach Ollama at ${server.url}`));
      assert.match(report.hint!, /ollama serve/);
      assert.match(report.hint!, /`host` in client\.yaml/);
    });

    it('model missing: modelAvailable false and the hint says ollama pull <model>', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'acme-support:v3' });
      const report = await provider.health();
      assert.equal(report.ok, false);
      assert.equal(report.serverVersion, '0.12.3');
      assert.equal(report.modelAvailable, false);
      assert.match(report.message!, /does not have the model 'acme-support:v3'/);
      assert.match(report.hint!, /ollama pull acme-support:v3/);
    });

    it('hung: not ok within the time-out; a 500: not ok with the reason', async () => {
      provider = new OllamaProvider({ host: server.url, model: 'llama3.2', timeoutMs: 150 });
      server.setFaults({ hang: { count: 1 } });
      const hung = await provider.health();
      assert.equal(hung.ok, false);
      assert.match(hung.message!, /did not answer within 150 ms/);

      server.setFaults({ serverError: { count: 1, status: 503, message: 'server busy' } });
      const busy = await provider.health();
      assert.equal(busy.ok, false);
      assert.match(busy.message!, /503.*server busy/);
    });

    it('cancelled: throws instead of reporting', async () => {
      const err = await providerError(provider.health(AbortSignal.abort()));
      assert.equal(err.kind, 'cancelled');
    });
  });

  describe('embed', () => {
    it('embeds through /api/embed, one vector a text, in order', async () => {
      const vectors = await provider.embed(['refund within 30 days', 'opening hours'], 'nomic-embed-text');
      assert.equal(vectors.length, 2);
      assert.equal(vectors[0].length, 128);
      assert.notDeepEqual(vectors[0], vectors[1]);
      const [again] = await provider.embed(['refund within 30 days'], 'nomic-embed-text');
      assert.deepEqual(again, vectors[0]);
      assert.deepEqual(server.lastRequest('/api/embed')?.body, { model: 'nomic-embed-text', input: ['refund within 30 days'] });
    });

    it('no texts: no request; an unknown embedding model: not-found', async () => {
      assert.deepEqual(await provider.embed([], 'nomic-embed-text'), []);
      assert.equal(server.requests.length, 0);
      const err = await providerError(provider.embed(['x'], 'mxbai-embed-large'));
      assert.equal(err.kind, 'not-found');
      assert.match(err.message, /mxbai-embed-large/);
    });
  });
});
