import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { upkeepCli } from '../helpers/cli';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

describe('upkeep validate (CLI)', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('refuses a replay transcript outside the folder with exit 2 at its line', async () => {
    root = await tempTree({
      'c/client.yaml': 'name: C\nmodel:\n  provider: replay\n  name: prod\n  transcript: ../../../outside/prod.jsonl\n',
      'c/system-prompt.md': 'x',
    });
    const out = await upkeepCli(['validate', root]);
    assert.strictEqual(out.code, 2);
    assert.match(out.stderr, /client\.yaml:5:15: error: model\.transcript: '\.\.\/\.\.\/\.\.\/outside\/prod\.jsonl' points outside the client folder/);
  });

  it('does not hang on a named pipe behind a symlink under evals/ or runbooks/: each is a Problem', async () => {
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/ok.yaml': 'name: Ok\ncases:\n  - id: a\n    input: hi\n',
      'c/runbooks/ok.md': '# Ok\n',
    });
    execFileSync('mkfifo', [path.join(root, 'c/pipe')]);
    await fs.symlink(path.join(root, 'c/pipe'), path.join(root, 'c/evals/pipe.yaml'));
    await fs.symlink(path.join(root, 'c/pipe'), path.join(root, 'c/runbooks/pipe.md'));
    const out = await upkeepCli(['validate', root], 10000);
    assert.strictEqual(out.code, 2, `exit ${out.code}: ${out.stderr}`);
    assert.match(out.stderr, /evals\/pipe\.yaml:1:1: error: Cannot read pipe\.yaml: it is a named pipe, not a regular file, so it is not read/);
    assert.match(out.stderr, /runbooks\/pipe\.md:1:1: error: Cannot read pipe\.md: it is a named pipe/);
    assert.match(out.stdout, /1 clients, 1 cases; 2 errors/);
  });
});
