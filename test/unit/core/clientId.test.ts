import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { readRunRecord } from '../../../src/core/store/readRuns';
import { clientIdOf } from '../../../src/core/workspace/clientId';
import { loadClient, loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { startOllamaServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

/** Every way a client is reached: VS Code's folder and `upkeep run .`, `upkeep report <client>`, `upkeep status clients`, `upkeep run <client>`. */
async function idsOf(workspace: string, clientDir: string): Promise<string[]> {
  const viaWorkspace = (await loadWorkspace([workspace])).clients.find((c) => c.dir === clientDir)?.id;
  const viaClientFolder = (await loadWorkspace([clientDir])).clients[0]?.id;
  const viaClientsFolder = (await loadWorkspace([path.dirname(clientDir)])).clients.find((c) => c.dir === clientDir)?.id;
  const viaOneClient = (await loadClient(path.dirname(clientDir), clientDir)).client.id;
  return [viaWorkspace, viaClientFolder, viaClientsFolder, viaOneClient].map(String);
}

describe('client ids (one rule, however the client is reached)', () => {
  let root: string;
  afterEach(() => removeTree(root));

  for (const marker of ['upkeep.yaml', '.git/HEAD', '.vscode/settings.json']) {
    it(`a workspace marked by ${marker.split('/')[0]}: clients/acme from the workspace, the clients folder and the client itself`, async () => {
      root = await tempTree({ [marker]: marker === 'upkeep.yaml' ? 'report: {}\n' : '', 'clients/acme/client.yaml': VALID_MANIFEST });
      assert.deepStrictEqual(await idsOf(root, path.join(root, 'clients', 'acme')), Array(4).fill('clients/acme'));
    });
  }

  it('a client that holds its own repository is its folder name, as when VS Code opens it', async () => {
    root = await tempTree({ '.git/HEAD': '', 'clients/acme/.git/HEAD': '', 'clients/acme/client.yaml': VALID_MANIFEST });
    assert.deepStrictEqual(await idsOf(root, path.join(root, 'clients', 'acme')), Array(4).fill('acme'));
  });

  it('with nothing marking a workspace, the folder opened or given decides, as before', async () => {
    root = await tempTree({ 'clients/acme/client.yaml': VALID_MANIFEST });
    const dir = path.join(root, 'clients', 'acme');
    assert.deepStrictEqual(await idsOf(root, dir), ['clients/acme', 'acme', 'acme', 'acme']);
  });

  it("the home folder's .vscode (VS Code's own extensions) does not make home the workspace", async () => {
    root = await tempTree({ '.vscode/extensions/x.json': '', 'agency/clients/acme/client.yaml': VALID_MANIFEST });
    const dir = path.join(root, 'agency', 'clients', 'acme');
    assert.strictEqual(await clientIdOf(dir, path.join(root, 'agency'), root), 'clients/acme');
    assert.strictEqual(await clientIdOf(dir, path.join(root, 'agency'), '/elsewhere'), 'agency/clients/acme');
  });

  it('upkeep run <client folder> writes the id VS Code gives the client, so its records and the history agree', async () => {
    const server = await startOllamaServer({ script: { models: ['acme:v3'], defaultReply: 'ok' } });
    try {
      root = await tempTree({
        '.git/HEAD': '',
        'clients/acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n`,
        'clients/acme/evals/smoke.yaml': 'name: Smoke\ncases:\n  - id: q1\n    input: question 1\n',
      });
      const dir = path.join(root, 'clients', 'acme');
      const out = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'run', dir, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('exit', () => resolve(stdout));
      });
      const runId = JSON.parse(out).runs[0].runId as string;
      const read = await readRunRecord(path.join(dir, 'runs', `${runId}.json`));
      assert.ok(read.ok);
      const inVsCode = (await loadWorkspace([root])).clients[0].id;
      assert.deepStrictEqual([read.record.client.id, inVsCode], ['clients/acme', 'clients/acme']);
    } finally {
      await server.close();
    }
  });
});
