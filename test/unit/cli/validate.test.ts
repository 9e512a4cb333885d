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

  it('reports what would otherwise be silently ignored, as warnings: a corrupt run record, a pin to a missing run, a 999 h entry', async () => {
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/ok.yaml': 'name: Ok\ncases:\n  - id: a\n    input: hi\n',
      'c/runs/2026-11-01T10-00-00Z-ok.json': '{"version": 1, "id": "torn',
      'c/baselines.json': '{\n  "version": 1,\n  "baselines": {\n    "evals/ok.yaml": { "runId": "2026-10-01T10-00-00Z-ok", "pinnedAt": "2026-10-02T00:00:00Z" }\n  }\n}\n',
      'c/CHANGELOG.md': '\ufeff## 2026-11-02 · review · 2 h · Review\n\n## 2026-11-01 · review · 999 h · Typo\n',
    });
    const out = await upkeepCli(['validate', root]);
    assert.strictEqual(out.code, 0, out.stderr);
    assert.match(out.stderr, /runs\/2026-11-01T10-00-00Z-ok\.json:1:1: warning: This run record cannot be read \(.+\), so its run is left out of scores, trends and reports/);
    assert.match(out.stderr, /baselines\.json:4:33: warning: evals\/ok\.yaml is pinned to run '2026-10-01T10-00-00Z-ok', which is not in runs\//);
    assert.match(out.stderr, /CHANGELOG\.md:3:26: warning: 999 h is more than one day; an entry logs at most 24 h/);
    assert.doesNotMatch(out.stderr, /CHANGELOG\.md:1:/, 'the entry after a byte-order mark parses');
    assert.match(out.stdout, /0 errors, 3 warnings/);
  });

  it('refuses an empty JSONL set with exit 2, as it refuses cases: []', async () => {
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST, 'c/system-prompt.md': 'x', 'c/evals/empty.jsonl': '\n', 'c/evals/empty.yaml': 'name: E\ncases: []\n' });
    const out = await upkeepCli(['validate', root]);
    assert.strictEqual(out.code, 2);
    assert.match(out.stderr, /empty\.jsonl:1:1: error: An eval set needs at least one case\./);
    assert.match(out.stderr, /empty\.yaml:2:8: error: 'cases': An eval set needs at least one case\./);
  });

  it('reports a YAML alias bomb as one message at its line with exit 2, and validates the rest', async () => {
    const levels = ['  - &l0 lol', ...Array.from({ length: 9 }, (_, i) => `  - &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`)];
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/bomb.yaml': `name: Bomb\ncases:\n  - id: a\n    input: hi\n    tags:\n${levels.map((l) => `    ${l}`).join('\n')}\n`,
      'c/evals/ok.yaml': 'name: Ok\ncases:\n  - id: a\n    input: hi\n',
    });
    const out = await upkeepCli(['validate', root]);
    assert.strictEqual(out.code, 2);
    const lines = out.stderr.trim().split('\n');
    assert.strictEqual(lines.length, 1, out.stderr);
    assert.match(lines[0], /evals\/bomb\.yaml:11:\d+: error: The alias \*l4 expands this file past 100,000 values/);
    assert.match(out.stdout, /1 clients, 1 cases; 1 errors/);
  });
});
