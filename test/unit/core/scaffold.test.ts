import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { scaffoldClient, slugify, validateClientName } from '../../../src/core/workspace/scaffold';
import { removeTree, tempTree } from '../helpers/tempDir';

describe('scaffoldClient', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('writes a client that loads without a single problem', async () => {
    root = await tempTree({});
    const dir = await scaffoldClient(path.join(root, 'clients'), 'Bluegum Vet: "Clinic"', '2026-11-23');
    assert.strictEqual(dir, path.join(root, 'clients', 'bluegum-vet-clinic'));
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems, []);
    const [client] = model.clients;
    assert.strictEqual(client.name, 'Bluegum Vet: "Clinic"');
    assert.strictEqual(client.evalSets[0].cases.length, 2);
    assert.strictEqual(client.runbooks.length, 1);
    assert.deepStrictEqual(client.changelog?.entries.map((e) => e.date), ['2026-11-23']);
  });

  it('refuses to overwrite an existing folder', async () => {
    root = await tempTree({ 'acme/keep.txt': 'mine' });
    await assert.rejects(scaffoldClient(root, 'Acme', '2026-11-23'), /already exists/);
    assert.strictEqual(await fs.readFile(path.join(root, 'acme/keep.txt'), 'utf8'), 'mine');
  });

  it('makes folder names from any name and rejects names with no letters', () => {
    assert.strictEqual(slugify('Café Müller & Söhne'), 'cafe-muller-sohne');
    assert.strictEqual(validateClientName('  '), 'A client needs a name.');
    assert.match(validateClientName('!!!') ?? '', /letter or digit/);
    assert.strictEqual(validateClientName('Acme'), undefined);
  });
});
