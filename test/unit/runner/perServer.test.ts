import * as assert from 'assert';
import * as path from 'path';
import { clientServers, modelServer } from '../../../src/core/providers';
import { runPerServer } from '../../../src/core/runner/perServer';
import { until } from '../helpers/until';
import { clientManifestSchema } from '../../../src/core/workspace/schemas';

function model(m: Record<string, unknown>) {
  return clientManifestSchema.parse({ name: 'Acme', model: m }).model;
}

/** A worker that records which items were in flight together and finishes when told to. */
function gatedWorker() {
  const inFlight = new Set<string>();
  const overlaps: string[][] = [];
  const release = new Map<string, () => void>();
  const started: string[] = [];
  const worker = (item: string) =>
    new Promise<void>((resolve) => {
      inFlight.add(item);
      started.push(item);
      overlaps.push([...inFlight].sort());
      release.set(item, () => {
        inFlight.delete(item);
        resolve();
      });
    });
  return { worker, overlaps, release, started };
}

describe('running sets per server', () => {
  it("runs one server's items one after another and different servers' side by side", async () => {
    const server: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B', a3: 'A', b2: 'B', c1: 'C' };
    const { worker, overlaps, release, started } = gatedWorker();
    const done = runPerServer(Object.keys(server), (i) => [server[i]], worker, () => false);
    await until(() => started.length === 3);
    assert.deepStrictEqual(overlaps.at(-1), ['a1', 'b1', 'c1'], 'each server starts its first item at once');
    release.get('a1')!();
    await until(() => started.length === 4);
    assert.deepStrictEqual(started.at(-1), 'a2', 'A goes on with its next item in order');
    for (const item of ['b1', 'c1', 'a2', 'b2', 'a3']) {
      await until(() => release.has(item));
      release.get(item)!();
    }
    await done;
    assert.deepStrictEqual(started.sort(), Object.keys(server).sort(), 'every item ran once');
    for (const group of overlaps) assert.strictEqual(new Set(group.map((i) => server[i])).size, group.length, `two items of one server at once: ${group}`);
  });

  it('starts nothing new once told to stop; what runs finishes', async () => {
    let stop = false;
    const ran: string[] = [];
    await runPerServer(['a1', 'a2', 'b1'], (i) => [i[0]], async (i) => {
      ran.push(i);
      await new Promise((r) => setImmediate(r));
      stop = true;
    }, () => stop);
    assert.deepStrictEqual(ran, ['a1', 'b1'], 'a2 waited for a1, and the stop came first');
  });

  it("a client whose judge is on another server waits for that server's clients, and they for it", async () => {
    // acme's model is on A and its judge on J; judged's model is on J; other is alone on C.
    const servers: Record<string, string[]> = { acme: ['A', 'J'], judged: ['J'], other: ['C'], acme2: ['A'] };
    const { worker, overlaps, release, started } = gatedWorker();
    const done = runPerServer(Object.keys(servers), (i) => servers[i], worker, () => false);
    await until(() => started.length >= 2);
    assert.deepStrictEqual(overlaps.at(-1), ['acme', 'other'], 'judged waits: its server is grading for acme');
    for (const item of ['acme', 'judged', 'other', 'acme2']) {
      await until(() => release.has(item));
      release.get(item)!();
    }
    await done;
    assert.deepStrictEqual(started, ['acme', 'other', 'judged', 'acme2'], 'one lane for A and J, in the order given');
    for (const group of overlaps) assert.ok(!(group.includes('judged') && group.some((i) => i.startsWith('acme'))), `J asked twice at once: ${group}`);
  });

  it("a client's servers are its model's and its judge's, the judge's host and provider filled in from the model", () => {
    const dir = path.resolve('/clients/acme');
    const servers = (m: Record<string, unknown>) => clientServers(clientManifestSchema.parse({ name: 'Acme', ...m }), dir);
    assert.deepStrictEqual(servers({ model: { name: 'm' } }), ['http://127.0.0.1:11434'], 'no judge: the model alone');
    assert.deepStrictEqual(servers({ model: { name: 'm', host: 'http://gpu:11434' }, judge: { name: 'j' } }), ['http://gpu:11434', 'http://gpu:11434'], "the judge on the model's host");
    assert.deepStrictEqual(servers({ model: { name: 'm' }, judge: { name: 'j', host: 'http://judge:11434/' } }), ['http://127.0.0.1:11434', 'http://judge:11434']);
    const replay = servers({ model: { provider: 'replay', name: 'm', transcript: 't.jsonl' }, judge: { name: 'j' } });
    assert.deepStrictEqual(replay[1], 'http://127.0.0.1:11434', "a replay model's judge is on Ollama's default host");
  });

  it('one server is one host whatever its spelling; a replay transcript is its own', () => {
    const dir = path.resolve('/clients/acme');
    assert.strictEqual(modelServer(model({ name: 'm' }), dir), 'http://127.0.0.1:11434', "Ollama's default host");
    assert.strictEqual(modelServer(model({ provider: 'ollama', host: 'HTTP://127.0.0.1:11434/', name: 'm' }), dir), 'http://127.0.0.1:11434');
    assert.strictEqual(modelServer(model({ provider: 'openai', host: 'http://127.0.0.1:11434/v1', name: 'm' }), dir), 'http://127.0.0.1:11434', "Ollama's /v1 is the same server");
    assert.strictEqual(modelServer(model({ provider: 'openai', name: 'm' }), dir), 'https://api.openai.com');
    assert.notStrictEqual(modelServer(model({ provider: 'replay', name: 'm', transcript: 'a.jsonl' }), dir), modelServer(model({ provider: 'replay', name: 'm', transcript: 'b.jsonl' }), dir));
  });
});
