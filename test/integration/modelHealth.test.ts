import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelCheck } from '../../src/core/runner/checkModels';
import type { RunRecord } from '../../src/core/store/runRecord';
import { summarize } from '../../src/core/store/summary';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { caseResult, header } from '../unit/helpers/records';
import { upkeep, waitFor, workspaceDir } from './helpers';

const CLIENT = 'clients/health-lab';
const OLD_DIGEST = 'sha256:9b1c0000000000000000000000000000000000000000000000000000000000aa';

describe('Check Model Health', () => {
  let server: OllamaTestServer;

  before(async () => {
    server = await startOllamaServer({ script: { models: ['lab-model:v1'] } });
    const dir = path.join(workspaceDir(), CLIENT);
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.mkdir(path.join(dir, 'runs'), { recursive: true });
    await fs.writeFile(path.join(dir, 'client.yaml'), `name: Health Lab\nmodel:\n  name: lab-model:v1\n  host: ${server.url}\n`);
    await fs.writeFile(path.join(dir, 'evals', 'smoke.yaml'), 'name: Smoke\ncases:\n  - id: one\n    input: hello\n');
    // The newest run answered with other weights under the same name.
    const cases = [caseResult('one', true)];
    const id = '2026-11-01T10-00-00Z-smoke';
    const record: RunRecord = {
      ...header(id),
      client: { id: CLIENT, name: 'Health Lab' },
      evalSet: { id: 'evals/smoke.yaml', name: 'Smoke' },
      model: { name: 'lab-model:v1', digest: OLD_DIGEST },
      endedAt: '2026-11-01T10:01:00.000Z',
      status: 'complete',
      cases,
      summary: summarize(cases),
    };
    await fs.writeFile(path.join(dir, 'runs', `${id}.json`), JSON.stringify(record));
    const { ctx } = await upkeep();
    await ctx.reload();
    await waitFor('the lab client and its run to load', () => {
      const client = ctx.client(CLIENT);
      return client && ctx.setRuns(client, 'evals/smoke.yaml').last?.id === id;
    });
  });

  after(async () => {
    await server.close();
    await fs.rm(path.join(workspaceDir(), CLIENT), { recursive: true, force: true });
  });

  it('finds the model on its server and says its weights changed since the newest run', async () => {
    const checks = await vscode.commands.executeCommand<ModelCheck[]>('upkeep.checkModelHealth', CLIENT);
    assert.strictEqual(checks.length, 1);
    const [check] = checks;
    assert.strictEqual(check.ok, true, check.message);
    assert.strictEqual(check.digestChangedFrom, OLD_DIGEST);
    assert.match(check.message, /lab-model:v1 is ready on ollama .* weights changed since the last run \(was 9b1c00000000\)/);
  });

  it('a server that is down: not ok, naming the host and what to try', async () => {
    await server.refuse();
    const [check] = await vscode.commands.executeCommand<ModelCheck[]>('upkeep.checkModelHealth', CLIENT);
    assert.strictEqual(check.ok, false);
    assert.match(check.message, new RegExp(`Cannot reach Ollama at ${server.url.replace(/[.]/g, '\\.')}`));
    assert.match(check.hint ?? '', /ollama serve/);
  });
});
