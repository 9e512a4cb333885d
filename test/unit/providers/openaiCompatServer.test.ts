// The test server's OpenAI-compatibility endpoints, over plain fetch: shapes as Ollama's
// middleware/openai.go writes them, the same faults, and the optional bearer-key check.

import { strict as assert } from 'node:assert';
import type { OllamaTestServer } from '../../fixtures/ollamaServer';
import { REFUND, REFUND_ANSWER, serverPool } from './helpers';

describe('Ollama test server: /v1 (OpenAI compatibility)', function () {
  const servers = serverPool();
  let server: OllamaTestServer;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    server = await servers.start({
      script: {
        rules: [
          { match: REFUND, reply: REFUND_ANSWER },
          { match: 'options', reply: (req) => Buffer.from(JSON.stringify({ options: req.options, format: req.format, system: req.system })).toString('hex') },
        ],
      },
    });
  });

  it('answers /v1/chat/completions as a chat.completion', async () => {
    const { status, body } = await post('/v1/chat/completions', { model: 'llama3.2', messages: [{ role: 'user', content: REFUND }] });
    assert.equal(status, 200);
    assert.match(body.id as string, /^chatcmpl-\d+$/);
    assert.equal(body.object, 'chat.completion');
    assert.equal(typeof body.created, 'number');
    assert.equal(body.model, 'llama3.2');
    assert.equal(body.system_fingerprint, 'fp_ollama');
    assert.deepEqual(body.choices, [{ index: 0, message: { role: 'assistant', content: REFUND_ANSWER }, finish_reason: 'stop' }]);
    const usage = body.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  it('translates the request as FromChatRequest does: defaults, stop, max_tokens, response_format, text parts', async () => {
    const { body } = await post('/v1/chat/completions', {
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'options' }] },
      ],
      stop: '###',
      max_tokens: 64,
      seed: 3,
      response_format: { type: 'json_object' },
    });
    const seen: unknown = JSON.parse(Buffer.from((body.choices as Array<{ message: { content: string } }>)[0].message.content, 'hex').toString('utf8'));
    assert.deepEqual(seen, { options: { temperature: 1, top_p: 1, stop: ['###'], num_predict: 64, seed: 3 }, format: 'json', system: 'Be brief.' });

    const schema = { type: 'object' };
    const withSchema = await post('/v1/chat/completions', { model: 'llama3.2', messages: [{ role: 'user', content: 'options' }], response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } });
    const format = (JSON.parse(Buffer.from((withSchema.body.choices as Array<{ message: { content: string } }>)[0].message.content, 'hex').toString('utf8')) as { format: unknown }).format;
    assert.deepEqual(format, schema);
  });

  it('lists /v1/models and embeds through /v1/embeddings (float and base64)', async () => {
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { object: string; data: Array<Record<string, unknown>> };
    assert.equal(models.object, 'list');
    assert.deepEqual(models.data[0], { id: 'llama3.2:latest', object: 'model', created: Date.parse('2025-06-01T09:00:00.000Z') / 1000, owned_by: 'library' });

    const floats = await post('/v1/embeddings', { model: 'nomic-embed-text', input: ['a b', 'c'] });
    assert.equal(floats.body.object, 'list');
    assert.equal(floats.body.model, 'nomic-embed-text');
    const data = floats.body.data as Array<{ object: string; embedding: number[]; index: number }>;
    assert.deepEqual(data.map((d) => [d.object, d.index, d.embedding.length]), [
      ['embedding', 0, 128],
      ['embedding', 1, 128],
    ]);
    const b64 = await post('/v1/embeddings', { model: 'nomic-embed-text', input: 'a b', encoding_format: 'base64' });
    const encoded = (b64.body.data as Array<{ embedding: string }>)[0].embedding;
    const decoded = Array.from(new Float32Array(new Uint8Array(Buffer.from(encoded, 'base64')).buffer));
    assert.equal(decoded.length, 128);
    decoded.forEach((v, i) => assert.ok(Math.abs(v - data[0].embedding[i]) < 1e-6));

    assert.equal((await post('/v1/embeddings', { model: 'nomic-embed-text', input: [] })).status, 400);
  });

  it("answers errors in OpenAI's shape, including injected faults", async () => {
    const unknown = await post('/v1/chat/completions', { model: 'nope', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { error: { message: "model 'nope' not found", type: 'not_found_error', param: null, code: null } });

    const empty = await post('/v1/chat/completions', { model: 'llama3.2', messages: [] });
    assert.deepEqual(empty.body, { error: { message: "[] is too short - 'messages'", type: 'invalid_request_error', param: null, code: null } });

    server.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 4 } });
    const limited = await post('/v1/chat/completions', { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '4');
    assert.equal((limited.body.error as { type: string }).type, 'api_error');

    server.setFaults({ serverError: { count: 1 } });
    const failed = await post('/v1/embeddings', { model: 'nomic-embed-text', input: 'x' });
    assert.equal(failed.status, 500);
    assert.equal((failed.body.error as { message: string }).message, 'llama runner process has terminated: exit status 2');

    const streamed = await post('/v1/chat/completions', { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true });
    assert.equal(streamed.status, 400);
  });

  it('with { apiKey }: 401 without the right bearer key on /v1, /api untouched', async () => {
    server = await servers.start({ apiKey: 'sk-right' });
    const chat = { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] };
    const none = await post('/v1/chat/completions', chat);
    assert.equal(none.status, 401);
    const wrong = await post('/v1/chat/completions', chat, { Authorization: 'Bearer sk-wrong' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body.error, { message: 'Incorrect API key provided: sk-wrong.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    assert.equal((await post('/v1/chat/completions', chat, { Authorization: 'Bearer sk-right' })).status, 200);
    assert.equal((await fetch(`${server.url}/api/tags`)).status, 200);
  });
});
