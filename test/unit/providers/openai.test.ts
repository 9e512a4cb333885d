// OpenAIProvider against the test server's /v1 endpoints (Ollama's OpenAI compatibility) over real
// HTTP, plus bare servers for answers only a careless hosted API gives.

import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { OpenAIProvider, openaiBaseUrl } from '../../../src/core/providers/openai';
import type { ModelDescription, ProviderError } from '../../../src/core/providers/types';
import type { OllamaTestServer } from '../../fixtures/ollamaServer';
import { providerError, REFUND, REFUND_ANSWER, serverPool } from './helpers';

const KEY = 'sk-test-Zq81xVb2LmP0';

describe('OpenAIProvider', function () {
  const servers = serverPool();
  let server: OllamaTestServer;
  let provider: OpenAIProvider;
  const ask = (input: string, extra: Partial<Parameters<OpenAIProvider['complete']>[0]> = {}) =>
    provider.complete({ messages: [{ role: 'system', content: 'You are the front desk.' }, { role: 'user', content: input }], ...extra });

  beforeEach(async () => {
    server = await servers.start({
      apiKey: KEY,
      script: {
        rules: [
          { match: REFUND, reply: REFUND_ANSWER },
          { match: 'extract', reply: { age: 22, available: true } },
          // Shows the native options Ollama's /v1 translation produced (hex, so no stop sequence cuts it).
          { match: 'options', reply: (req) => Buffer.from(JSON.stringify(req.options)).toString('hex') },
        ],
      },
    });
    provider = new OpenAIProvider({ host: server.url, model: 'llama3.2', apiKey: KEY, timeoutMs: 5000 });
  });

  describe('complete', () => {
    it('posts /v1/chat/completions with messages, mapped options and the bearer key; reads output, usage and finish reason', async () => {
      provider = new OpenAIProvider({
        host: server.url,
        model: 'llama3.2',
        apiKey: KEY,
        options: { temperature: 0, top_p: 0.9, seed: 7, num_ctx: 4096, top_k: 40, num_predict: 200, stop: ['###'] },
      });
      const result = await ask(REFUND);
      assert.equal(result.output, REFUND_ANSWER);
      const request = server.lastRequest('/v1/chat/completions')!;
      assert.equal(request.headers.authorization, `Bearer ${KEY}`);
      assert.deepEqual(request.body, {
        model: 'llama3.2',
        messages: [
          { role: 'system', content: 'You are the front desk.' },
          { role: 'user', content: REFUND },
        ],
        stream: false,
        temperature: 0,
        top_p: 0.9,
        seed: 7,
        max_tokens: 200,
        stop: ['###'],
      });
      assert.ok(result.tokens.prompt! > 0 && result.tokens.completion! > 0);
      assert.equal(result.doneReason, 'stop');
      assert.equal(result.firstTokenMs, undefined, 'not streamed');
      assert.ok(result.latencyMs! > 0);
    });

    it('the server sees the options as Ollama options (max_tokens → num_predict, stop)', async () => {
      const result = await ask('options', { options: { temperature: 0.2, num_predict: 50, stop: ['###'] } });
      const seen: unknown = JSON.parse(Buffer.from(result.output, 'hex').toString('utf8'));
      assert.deepEqual(seen, { temperature: 0.2, top_p: 1, stop: ['###'], num_predict: 50 });
    });

    it('maps format: a schema to json_schema, "json" to json_object', async () => {
      const schema = { title: 'Patient age', type: 'object', properties: { age: { type: 'number' } } };
      const result = await ask('extract', { format: schema });
      assert.deepEqual(JSON.parse(result.output), { age: 22, available: true });
      const body = server.lastRequest('/v1/chat/completions')?.body as Record<string, unknown>;
      assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'Patient_age', schema } });

      await ask('extract', { format: 'json' });
      assert.deepEqual((server.lastRequest('/v1/chat/completions')?.body as Record<string, unknown>).response_format, { type: 'json_object' });
    });

    it('no usage in the answer: token counts undefined, not 0', async () => {
      server.setFaults({ omitFields: ['usage'] });
      const result = await ask(REFUND);
      assert.deepEqual(result.tokens, { prompt: undefined, completion: undefined });
    });

    it('accepts the host with or without /v1', async () => {
      assert.equal(openaiBaseUrl('http://h:8000'), 'http://h:8000/v1');
      assert.equal(openaiBaseUrl('http://h:8000/v1/'), 'http://h:8000/v1');
      assert.equal(openaiBaseUrl('https://api.groq.com/openai/v1'), 'https://api.groq.com/openai/v1');
      provider = new OpenAIProvider({ host: `${server.url}/v1`, model: 'llama3.2', apiKey: KEY });
      assert.equal((await ask(REFUND)).output, REFUND_ANSWER);
      assert.equal(provider.host, `${server.url}/v1`);
    });
  });

  describe('auth and the key', () => {
    it('no key: auth, not retryable, saying none was sent', async () => {
      provider = new OpenAIProvider({ host: server.url, model: 'llama3.2' });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'auth');
      assert.equal(err.retryable, false);
      assert.equal(err.details.status, 401);
      assert.match(err.message, /no API key was sent/);
      assert.equal(server.lastRequest()?.headers.authorization, undefined);
    });

    it('a wrong key the server echoes back never reaches the error, its stack or its details', async () => {
      const wrong = 'sk-WRONG-9f8e7d6c5b4a';
      provider = new OpenAIProvider({ host: server.url, model: 'llama3.2', apiKey: wrong });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /Incorrect API key provided: \[redacted\]/);
      assertNoKey(err, wrong);
    });

    it('headers echoed in an error body are scrubbed: the key never appears in any message', async () => {
      const url = await servers.raw((req, res) => {
        res.writeHead(req.url?.endsWith('/models') ? 400 : 500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `bad request, you sent ${JSON.stringify(req.headers)}` } }));
      });
      provider = new OpenAIProvider({ host: `${url}/v1`, model: 'gpt-4o-mini', apiKey: KEY });
      const completeError = await providerError(ask(REFUND));
      assert.equal(completeError.kind, 'server');
      assert.match(completeError.message, /authorization/i, 'the echo itself is kept, only the key is gone');
      assertNoKey(completeError, KEY);
      const health = await provider.health();
      assert.equal(health.ok, false);
      assert.ok(!JSON.stringify(health).includes(KEY));
      assertNoKey(await providerError(provider.describeModel()), KEY);
      assertNoKey(await providerError(provider.embed(['x'], 'text-embedding-3-small')), KEY);
    });

    it('the key is in no field of the provider and in nothing it returns', async () => {
      provider = new OpenAIProvider({ host: `http://user:pw@127.0.0.1:${server.port}/?token=abc`, model: 'llama3.2', apiKey: KEY });
      assert.equal(provider.host, `http://127.0.0.1:${server.port}/v1`);
      assert.ok(!JSON.stringify(provider).includes(KEY));
      assert.ok(!inspect(provider, { depth: Infinity, showHidden: true }).includes(KEY));
      provider = new OpenAIProvider({ host: server.url, model: 'llama3.2', apiKey: KEY });
      for (const value of [await ask(REFUND), await provider.describeModel(), await provider.health()]) {
        assert.ok(!JSON.stringify(value).includes(KEY));
      }
    });
  });

  describe('failures', () => {
    it('500: server; 429 with Retry-After: rate-limited with retryAfterMs', async () => {
      server.setFaults({ serverError: { count: 1 } });
      const failed = await providerError(ask(REFUND));
      assert.equal(failed.kind, 'server');
      assert.equal(failed.retryable, true);
      assert.match(failed.message, /500.*llama runner process has terminated/);

      server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 2 } });
      const limited = await providerError(ask(REFUND));
      assert.equal(limited.kind, 'rate-limited');
      assert.equal(limited.details.retryAfterMs, 2000);
    });

    it('hung: timeout within the small timeoutMs; caller abort: cancelled', async () => {
      provider = new OpenAIProvider({ host: server.url, model: 'llama3.2', apiKey: KEY, timeoutMs: 150 });
      server.setFaults({ hang: {} });
      const timedOut = await providerError(ask(REFUND));
      assert.equal(timedOut.kind, 'timeout');
      assert.match(timedOut.message, /within 150 ms/);

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const cancelled = await providerError(ask(REFUND, { signal: controller.signal }));
      assert.equal(cancelled.kind, 'cancelled');
      assert.equal(cancelled.retryable, false);
    });

    it('malformed JSON and a cut answer: bad-response; refused: unreachable', async () => {
      server.setFaults({ malformedJson: { count: 1 } });
      assert.equal((await providerError(ask(REFUND))).kind, 'bad-response');
      server.setFaults({ cutStream: { count: 1 } });
      assert.equal((await providerError(ask(REFUND))).kind, 'bad-response');
      server.clearFaults();
      await server.refuse();
      const refused = await providerError(ask(REFUND));
      assert.equal(refused.kind, 'unreachable');
      // ECONNREFUSED, or UND_ERR_SOCKET when a pooled keep-alive socket was closed under it.
      assert.match(refused.message, /ECONNREFUSED|UND_ERR_SOCKET/);
    });

    it('an unknown model: not-found', async () => {
      provider = new OpenAIProvider({ host: server.url, model: 'gpt-5', apiKey: KEY });
      const err = await providerError(ask(REFUND));
      assert.equal(err.kind, 'not-found');
      assert.equal(err.retryable, false);
      assert.match(err.message, /gpt-5/);
    });
  });

  describe('describeModel, health and embed', () => {
    it('describes the model from /v1/models: no digest there', async () => {
      const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<{ name: string; modified_at: string }> };
      const modified = tags.models.find((m) => m.name === 'llama3.2:latest')!.modified_at;
      const description: ModelDescription = await provider.describeModel();
      assert.equal(description.digest, undefined);
      assert.deepEqual(description, { name: 'llama3.2', modifiedAt: new Date(modified).toISOString() });
    });

    it('health: ok when up; model missing; unreachable with a hint; auth with a hint', async () => {
      assert.deepEqual(await provider.health(), { ok: true, host: server.url + '/v1', modelAvailable: true, model: await provider.describeModel() });

      const missing = await new OpenAIProvider({ host: server.url, model: 'gpt-5', apiKey: KEY }).health();
      assert.equal(missing.ok, false);
      assert.equal(missing.modelAvailable, false);
      assert.match(missing.message!, /'gpt-5'.*llama3\.2:latest/);

      const noKey = await new OpenAIProvider({ host: server.url, model: 'llama3.2' }).health();
      assert.equal(noKey.ok, false);
      assert.match(noKey.hint!, /apiKeyEnv/);

      await server.refuse();
      const down = await provider.health();
      assert.equal(down.ok, false);
      assert.match(down.message!, /Cannot reach/);
      assert.match(down.hint!, /`host` in client\.yaml/);
    });

    it('an empty model list (Ollama sends data: null) is a missing model, not a broken answer', async () => {
      server.setScript({ models: [] });
      const report = await provider.health();
      assert.equal(report.modelAvailable, false);
      assert.match(report.message!, /lists no models/);
    });

    it('embeds through /v1/embeddings, the same vectors as /api/embed, in order', async () => {
      const texts = ['refund within 30 days', 'opening hours'];
      const vectors = await provider.embed(texts, 'nomic-embed-text');
      assert.deepEqual(server.lastRequest('/v1/embeddings')?.body, { model: 'nomic-embed-text', input: texts });
      const native = (await (await fetch(`${server.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'nomic-embed-text', input: texts }) })).json()) as {
        embeddings: number[][];
      };
      assert.deepEqual(vectors, native.embeddings);
    });
  });
});

function assertNoKey(err: ProviderError, key: string): void {
  for (const text of [err.message, err.stack ?? '', inspect(err, { depth: Infinity, showHidden: true }), JSON.stringify({ ...err.details, cause: undefined })]) {
    assert.ok(!text.includes(key), `the key leaked into: ${text.slice(0, 300)}`);
  }
}
