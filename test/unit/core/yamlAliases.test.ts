import * as assert from 'assert';
import * as path from 'path';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

/** Nine levels of ten aliases, as the items of a block sequence: 10^9 values from ten lines. */
function billionLaughs(indent: string): string {
  const lines = [`${indent}- &l0 lol`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}- &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('YAML aliases', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('allow honest reuse: one &std anchor reused by 150 cases loads every case', async () => {
    const cases = Array.from({ length: 150 }, (_, i) => `  - id: c${i}\n    input: question ${i}\n    assert: *std\n`).join('');
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/big.yaml': `name: Big\ndefaults:\n  threshold: 0.5\ncases:\n  - id: first\n    input: hi\n    assert: &std\n      - { type: icontains, value: hello }\n      - { type: latency, threshold: 5000 }\n${cases}`,
    });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems, []);
    const set = model.clients[0].evalSets[0];
    assert.strictEqual(set.cases.length, 151);
    assert.deepStrictEqual(set.cases[149].assert, [{ type: 'icontains', value: 'hello' }, { type: 'latency', threshold: 5000 }]);
  });

  it('make a billion-laughs file one positioned Problem in that file only, in client.yaml, an eval set and baselines.json', async () => {
    root = await tempTree({
      'bomb/client.yaml': `${VALID_MANIFEST}description:\n${billionLaughs('  ')}`,
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/bomb.yaml': `name: Bomb\ncases:\n  - id: a\n    input: hi\n    tags:\n${billionLaughs('      ')}`,
      'c/evals/fine.yaml': 'name: Fine\ncases:\n  - id: a\n    input: hi\n',
      'c/baselines.json': `{"version": 1, "baselines": {}, "x": [${['&a0 "lol"', ...Array.from({ length: 9 }, (_, i) => `&a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`)].join(',\n')}]}\n`,
    });
    const started = Date.now();
    const model = await loadWorkspace([root]);
    assert.ok(Date.now() - started < 5000, 'refused without expanding');
    const bombs = model.problems.filter((p) => p.message.includes('billion laughs'));
    assert.deepStrictEqual(
      bombs.map((p) => [path.relative(root, p.file), p.range.line]).sort(),
      [['bomb/client.yaml', 13], ['c/baselines.json', 6], ['c/evals/bomb.yaml', 11]],
    );
    assert.match(bombs[0].message, /^The alias \*\w+ expands this file past [\d,]+ values \(20 times what is written\), which only a YAML "billion laughs" does; nothing in the file is read\./);
    const c = model.clients.find((x) => x.id === 'c')!;
    assert.deepStrictEqual(c.evalSets.map((s) => s.name), ['Fine'], 'the other set in the same folder loads');
    assert.strictEqual(model.clients.find((x) => x.id === 'bomb')?.manifest, undefined);
  });
});
