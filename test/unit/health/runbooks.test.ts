import * as assert from 'assert';
import * as path from 'path';
import { chooseRunbook } from '../../../src/core/health/runbooks';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

describe('runbook choice', () => {
  let dir: string;
  afterEach(() => removeTree(dir));

  async function runbooks(files: Record<string, string>) {
    dir = await tempTree({ 'c/client.yaml': VALID_MANIFEST, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`c/runbooks/${k}`, v])) });
    return loadClient(dir, path.join(dir, 'c'));
  }

  it('chooses by what the front matter says it covers, and reads the title under it', async () => {
    const { client } = await runbooks({
      'a-outage.md': '---\ncovers: [model-down, slow]\n---\n# Outage\n',
      'b-weights.md': '---\ncovers: [digest-changed, quality-breach]\n---\n# Weights moved\n',
      'model-down.md': '# Old model-down page\n',
    });
    assert.strictEqual(chooseRunbook(client.runbooks, 'model-down')?.title, 'Outage');
    assert.strictEqual(chooseRunbook(client.runbooks, 'slow')?.title, 'Outage');
    assert.strictEqual(chooseRunbook(client.runbooks, 'quality-breach')?.title, 'Weights moved');
    assert.strictEqual(chooseRunbook(client.runbooks, 'judge-missing'), undefined);
  });

  it('without covers: the runbook named after the failure', async () => {
    const { client } = await runbooks({ 'model-down.md': '# Model down\n', 'quality-drop.md': '# Quality\n' });
    assert.strictEqual(chooseRunbook(client.runbooks, 'model-down')?.title, 'Model down');
    assert.strictEqual(chooseRunbook(client.runbooks, 'quality-breach'), undefined);
  });

  it('an unknown topic is a problem at its line and column, and the runbook stays listed', async () => {
    const { client, problems } = await runbooks({ 'x.md': '---\ncovers: [model-down, disk-full]\n---\n# X\n' });
    assert.strictEqual(client.runbooks[0].title, 'X');
    const p = problems.find((q) => q.file.endsWith('x.md'));
    assert.ok(p, 'a problem for x.md');
    assert.deepStrictEqual([p.range.line, p.range.column], [2, 22]);
    assert.match(p.message, /model-down/);
  });
});
