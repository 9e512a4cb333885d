// Check Model Health's core against the Ollama test server over real HTTP.

import * as assert from 'assert';
import * as path from 'path';
import { checkClientModels, describeChecks } from '../../../src/core/runner/checkModels';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';

describe('checkClientModels', () => {
  let server: OllamaTestServer;
  const dirs: string[] = [];

  async function client(judge = '') {
    const dir = await tempTree({ 'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n${judge}` });
    dirs.push(dir);
    return (await loadClient(dir, path.join(dir, 'acme'))).client;
  }

  beforeEach(async () => {
    server = await startOllamaServer({ script: { models: ['acme:v3', 'llama3.1:8b'] } });
  });

  afterEach(async () => {
    await server.close();
    await Promise.all(dirs.splice(0).map(removeTree));
  });

  it('a model on the server: ready, with the server version and what the weights are', async () => {
    const [check] = await checkClientModels(await client());
    const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<{ name: string; digest: string }> };
    const digest = tags.models.find((m) => m.name === 'acme:v3')!.digest;
    assert.strictEqual(check.ok, true);
    assert.strictEqual(check.description?.digest, digest);
    assert.strictEqual(check.digestChangedFrom, undefined);
    assert.match(check.message, new RegExp(`^acme:v3 is ready on ollama \\S+ at ${server.url} \\(digest ${digest.slice(0, 12)}, llama, 8\\.0B, Q4_K_M\\)\\.$`));
  });

  it('says when the weights under the name changed since the last run', async () => {
    const c = await client();
    const [same] = await checkClientModels(c, { lastDigest: (await checkClientModels(c))[0].description!.digest });
    assert.strictEqual(same.digestChangedFrom, undefined);
    const [changed] = await checkClientModels(c, { lastDigest: 'sha256:0123456789abcdef' });
    assert.strictEqual(changed.ok, true);
    assert.strictEqual(changed.digestChangedFrom, 'sha256:0123456789abcdef');
    assert.match(changed.message, /weights changed since the last run \(was 0123456789ab\), so scores may move\.$/);
  });

  it('a model the server lacks, and a server that is down: not ok, with what to try', async () => {
    server.setScript({ models: ['llama3.1:8b'] });
    const [missing] = await checkClientModels(await client());
    assert.strictEqual(missing.ok, false);
    assert.match(missing.hint ?? '', /ollama pull acme:v3/);
    await server.refuse();
    const [down] = await checkClientModels(await client());
    assert.strictEqual(down.ok, false);
    assert.match(down.message, /Cannot reach Ollama/);
    assert.match(down.hint ?? '', /ollama serve/);
  });

  it('checks the judge too when client.yaml has one', async () => {
    const checks = await checkClientModels(await client('judge:\n  name: llama3.1:8b\n'));
    assert.deepStrictEqual(
      checks.map((c) => [c.role, c.name, c.ok]),
      [
        ['model', 'acme:v3', true],
        ['judge', 'llama3.1:8b', true],
      ],
    );
    assert.match(checks[1].message, /^Judge llama3\.1:8b is ready/);
    const [, absent] = await checkClientModels(await client('judge:\n  name: missing-judge\n'));
    assert.deepStrictEqual([absent.role, absent.ok], ['judge', false]);
  });

  it('a judge the server lacks: its hint names judge.name, the field to fix', async () => {
    const [model, judge] = await checkClientModels(await client('judge:\n  name: missing-judge\n'));
    assert.strictEqual(model.ok, true);
    assert.match(judge.hint ?? '', /ollama pull missing-judge/);
    assert.match(judge.hint ?? '', /fix `judge\.name` in client\.yaml/);
    assert.doesNotMatch(judge.hint ?? '', /fix `name`/);
  });

  it('describes a model and a judge on one server that is down with the advice once', async () => {
    const c = await client('judge:\n  name: llama3.1:8b\n');
    await server.refuse();
    const checks = await checkClientModels(c);
    assert.deepStrictEqual(checks.map((x) => x.ok), [false, false]);
    const text = describeChecks(checks);
    assert.strictEqual(text.split(checks[0].hint!).length - 1, 1, text);
    assert.strictEqual(text.split(checks[0].message).length - 1, 1, text);
  });
});
