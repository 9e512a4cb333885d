// createProvider / createJudgeProvider: from client.yaml's model and judge to a working Provider.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { createJudgeProvider, createProvider, OllamaProvider, OpenAIProvider, ProviderError, ReplayProvider } from '../../../src/core/providers';
import { clientManifestSchema, type ClientManifest, type ModelConfig } from '../../../src/core/workspace/schemas';
import { removeTree, tempTree } from '../helpers/tempDir';
import { REFUND, REFUND_ANSWER, serverPool } from './helpers';

const KEY = 'sk-factory-0a1b2c3d';

function manifest(model: Record<string, unknown>, judge?: Record<string, unknown>): ClientManifest {
  return clientManifestSchema.parse({ name: 'Acme', model, ...(judge ? { judge } : {}) });
}

describe('createProvider', function () {
  const servers = serverPool();

  it('ollama: defaults to the local host and passes options, format, keep_alive and the time-out on', async () => {
    assert.equal(createProvider(manifest({ name: 'llama3.2' }).model, { clientDir: '/c' }).host, 'http://127.0.0.1:11434');

    const server = await servers.start({ script: { rules: [{ match: REFUND, reply: REFUND_ANSWER }] } });
    const model = manifest({ provider: 'ollama', host: server.url, name: 'llama3.2', options: { temperature: 0, seed: 7 }, keepAlive: '5m', timeoutMs: 150 }).model;
    const provider = createProvider(model, { clientDir: '/c' });
    assert.ok(provider instanceof OllamaProvider);
    assert.equal(provider.model, 'llama3.2');
    assert.equal((await provider.complete({ messages: [{ role: 'user', content: REFUND }] })).output, REFUND_ANSWER);
    const body = server.lastRequest('/api/chat')?.body as Record<string, unknown>;
    assert.deepEqual(body.options, { temperature: 0, seed: 7 });
    assert.equal(body.keep_alive, '5m');
    // The hung server never answers: the manifest's 150 ms, not the 5-minute default, ends it.
    server.setFaults({ hang: { count: 1 } });
    await assert.rejects(provider.complete({ messages: [{ role: 'user', content: REFUND }] }), (e: ProviderError) => e.kind === 'timeout' && /within 150 ms/.test(e.message));
  });

  it('openai: sends the key it was given', async () => {
    const server = await servers.start({ apiKey: KEY, script: { rules: [{ match: REFUND, reply: REFUND_ANSWER }] } });
    const model = manifest({ provider: 'openai', host: server.url, name: 'llama3.2', apiKeyEnv: 'ACME_KEY' }).model;
    const provider = createProvider(model, { clientDir: '/c', apiKey: KEY });
    assert.ok(provider instanceof OpenAIProvider);
    assert.equal((await provider.complete({ messages: [{ role: 'user', content: REFUND }] })).output, REFUND_ANSWER);
    assert.equal(server.lastRequest()?.headers.authorization, `Bearer ${KEY}`);
  });

  it('replay: resolves the transcript inside the client folder, or uses the text it is given', async () => {
    const dir = await tempTree({ 'recordings/june.jsonl': JSON.stringify({ input: 'hi', output: 'hello' }) });
    try {
      const model = manifest({ provider: 'replay', name: 'acme-support:v3', transcript: 'recordings/june.jsonl' }).model;
      const provider = createProvider(model, { clientDir: dir });
      assert.ok(provider instanceof ReplayProvider);
      assert.equal(provider.host, 'replay:recordings/june.jsonl');
      assert.equal((await provider.complete({ messages: [{ role: 'user', content: 'hi' }] })).output, 'hello');

      const fromText = createProvider(model, { clientDir: path.join(dir, 'elsewhere'), transcriptText: JSON.stringify({ input: 'hi', output: 'hey' }) });
      assert.equal((await fromText.complete({ messages: [{ role: 'user', content: 'hi' }] })).output, 'hey');
    } finally {
      await removeTree(dir);
    }
  });

  it('replay without a transcript: a bad-request ProviderError', () => {
    const model: ModelConfig = { provider: 'replay', name: 'x' };
    assert.throws(() => createProvider(model, { clientDir: '/c' }), (err: unknown) => err instanceof ProviderError && err.kind === 'bad-request' && /transcript/.test(err.message));
  });
});

describe('createJudgeProvider', () => {
  it('none without a judge', () => {
    assert.equal(createJudgeProvider(manifest({ name: 'm' }), { clientDir: '/c' }), undefined);
  });

  it("defaults to the model's provider and host", () => {
    const judge = createJudgeProvider(manifest({ provider: 'openai', host: 'http://gpu:8000/v1', name: 'm' }, { name: 'judge-8b' }), { clientDir: '/c', apiKey: KEY });
    assert.ok(judge instanceof OpenAIProvider);
    assert.equal(judge.model, 'judge-8b');
    assert.equal(judge.host, 'http://gpu:8000/v1');
  });

  it('may name its own provider and host; a replay model gets an Ollama judge', () => {
    const own = createJudgeProvider(manifest({ host: 'http://a:11434', name: 'm' }, { name: 'gpt-4o-mini', provider: 'openai', host: 'https://api.example.com/v1' }), { clientDir: '/c' });
    assert.ok(own instanceof OpenAIProvider);
    assert.equal(own.host, 'https://api.example.com/v1');

    const replayed = createJudgeProvider(manifest({ provider: 'replay', name: 'm', transcript: 't.jsonl' }, { name: 'llama3.1:8b' }), { clientDir: '/c' });
    assert.ok(replayed instanceof OllamaProvider);
    assert.equal(replayed.host, 'http://127.0.0.1:11434');
  });

  it("sends the client's key only to the model's own server", async () => {
    const seen: Array<string | null> = [];
    const recording: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return new Response(JSON.stringify({ object: 'list', data: [{ id: 'judge', object: 'model', created: 0, owned_by: 'x' }] }), {
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const model = { provider: 'openai', host: 'http://gpu:8000', name: 'm' };
    await createJudgeProvider(manifest(model, { name: 'judge' }), { clientDir: '/c', apiKey: KEY, fetch: recording })!.health();
    await createJudgeProvider(manifest(model, { name: 'judge', host: 'https://other.example/v1' }), { clientDir: '/c', apiKey: KEY, fetch: recording })!.health();
    assert.deepEqual(seen, [`Bearer ${KEY}`, null]);
  });
});
