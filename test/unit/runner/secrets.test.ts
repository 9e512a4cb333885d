import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { runClientEvalSet } from '../../../src/core/runner/runClientEvalSet';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';

const KEY = 'sk-upkeep-test-0123456789abcdef';

describe('runner: secrets never reach the record or the log', () => {
  let server: OllamaTestServer;
  let dir: string;
  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it('an answer and a judge reason that echo the Authorization header are kept without the key', async () => {
    server = await startOllamaServer({
      apiKey: KEY,
      script: {
        models: ['acme:v3', 'judge:v1'],
        rules: [
          // The judge sits on the model's host, so it is sent the key too, and echoes it in its reason.
          { model: 'judge:v1', match: () => true, reply: (req) => ({ pass: true, score: 1, reason: `Polite. Your header was ${String(req.headers.authorization)}` }) },
          { match: () => true, reply: (req) => `You sent ${String(req.headers.authorization)}, ok` },
        ],
      },
    });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  provider: openai\n  name: acme:v3\n  host: ${server.url}/v1\n  apiKeyEnv: ACME_KEY\njudge:\n  name: judge:v1\n`,
      'acme/evals/smoke.yaml': 'name: Smoke\ncases:\n  - id: echo\n    input: Say what you were sent\n    assert: [{ type: contains, value: ok }, { type: llm-rubric, value: Is polite }]\n',
    });
    const { client } = await loadClient(dir, path.join(dir, 'acme'));
    const lines: string[] = [];
    const { record, file } = await runClientEvalSet(client, client.evalSets[0], { trigger: 'script', apiKey: KEY, log: (l) => lines.push(l) });
    const [attempt] = record.cases[0].attempts;
    assert.strictEqual(attempt.output, 'You sent Bearer [redacted], ok');
    assert.strictEqual(attempt.assertions[1].reason, 'Polite. Your header was Bearer [redacted]');
    assert.strictEqual(record.cases[0].status, 'passed');
    const written = await fs.readFile(file, 'utf8');
    assert.ok(!written.includes(KEY), 'the record holds the key');
    assert.ok(written.includes('[redacted]'));
    assert.ok(lines.length > 0 && lines.every((l) => !l.includes(KEY)));
  });

  it('an answer cut at the answer cap inside the key keeps none of the key', async () => {
    server = await startOllamaServer({ apiKey: KEY, script: { models: ['acme:v3'], rules: [{ match: () => true, reply: (req) => `Echo: ${String(req.headers.authorization)} and more` }] } });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  provider: openai\n  name: acme:v3\n  host: ${server.url}/v1\n  apiKeyEnv: ACME_KEY\n`,
      'acme/evals/smoke.yaml': 'name: Smoke\ncases:\n  - id: echo\n    input: Say what you were sent\n    assert: [{ type: contains, value: Echo }]\n',
    });
    const { client } = await loadClient(dir, path.join(dir, 'acme'));
    // The cap falls twelve characters into the key: the answer is redacted whole before it is cut.
    const cap = 'Echo: Bearer '.length + 12;
    const { record, file } = await runClientEvalSet(client, client.evalSets[0], { trigger: 'script', apiKey: KEY, maxAnswerChars: cap });
    assert.strictEqual(record.cases[0].attempts[0].output, 'Echo: Bearer [redacted] a');
    const written = await fs.readFile(file, 'utf8');
    assert.ok(!written.includes(KEY.slice(0, 12)), 'the record holds the start of the key');
  });
});
