import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { fastYamlData } from '../../../src/core/workspace/yamlFast';
import { YamlSource } from '../../../src/core/workspace/yamlSource';
import { blockStyleSet, flowStyleSet, largeSet } from '../../../scripts/bench/evalSets';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

/** What YamlSource reads from the text: the data every eval set had before the fast pass. */
function yamlData(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  assert.deepStrictEqual(doc.errors, [], `yaml refuses ${JSON.stringify(text)}`);
  return doc.toJS({ maxAliasCount: -1 });
}

describe('fastYamlData: the fast pass over eval sets', () => {
  it('reads what the yaml package reads, plain scalars by its YAML 1.2 core schema', () => {
    const texts = [
      'name: Front desk\ncases:\n  - id: a\n    input: Can I get a refund?\n    tags: [billing, "quoted, with comma", \'single\']\n',
      'a: |\n  kept\n   indented\n\nb: >-\n  folded\n  into one\n\n  paragraph\nc: |+\n  keep\n\nd: x\n',
      'a: "tab\\t, newline\\n, unicode \\u00e9 \\U0001F600, quote \\" and \\\\"\nb: \'it\'\'s\'\nc: don\'t # a comment\n',
      'ints: [1, +12, -3, 0o17, 0x1F, 012, 1_000, 0b101]\nfloats: [1.5, .5, 1e3, -2.5E-2, .inf, -.Inf, 1.]\nnan: .nan\n',
      'bools: [true, True, TRUE, false, yes, no, on, off, y]\nnulls: [null, Null, NULL, ~, ]\nempty:\ndate: 2026-11-01\ntime: 12:30\n',
      'flow: { a: 1, "b": [x, y], c: { d: e } }\njson: {"k":"v","n":[1,2]}\n',
      'enum: [employment, family,\n       wills-probate]\nnext: 1\n',
      '<<: not a merge in YAML 1.2\nurl: http://example.com/a#b\nq: what? yes\nplus: a+b=c\nbang: wow!\nstar: 2*3\n',
      'emoji: "🦷 👍"\naccents: Café crème\n',
      '# only a comment\n',
      '',
    ];
    for (const text of texts) {
      const fast = fastYamlData(text);
      assert.ok(fast, `the fast pass left ${JSON.stringify(text)} to the full parser`);
      assert.deepStrictEqual(fast.value, yamlData(text), JSON.stringify(text));
    }
  });

  it('takes the eval sets people write: block style, flow style, and a 5 MB set', () => {
    for (const text of [blockStyleSet(50), flowStyleSet(50), largeSet(5_000_000)]) {
      const fast = fastYamlData(text);
      assert.ok(fast);
      assert.deepStrictEqual(fast.value, yamlData(text));
    }
  });

  it('leaves to the full parser whatever yaml refuses that js-yaml would let through (from yaml-test-suite)', () => {
    const refusedByYamlOnly = [
      // A flow collection whose later lines are not indented past the block around it.
      'cases:\n- { id: a,\ninput: x }\n',
      'cases:\n  - { id: a,\n  input: x }\n',
      // A comment straight after a closing quote.
      'key: "value"# invalid comment\n',
      // A line of only spaces wider than the first line of a block scalar.
      'empty block scalar: >\n \n  \n   \n # comment\n',
    ];
    for (const text of refusedByYamlOnly) {
      assert.ok(parseDocument(text, { uniqueKeys: true }).errors.length > 0, `yaml accepts ${JSON.stringify(text)}`);
      assert.strictEqual(fastYamlData(text), undefined, JSON.stringify(text));
    }
  });

  it('leaves to the full parser what the two read differently or what needs its checks', () => {
    const texts = [
      'a: &std [1]\nb: *std\n', // aliases: the expansion limit
      'a: !!str 1\n', // tags
      '? a\n: b\n', // explicit keys
      '~: x\n', // a null key: "null" to js-yaml, "" to yaml
      'a: { null: x }\n',
      '[flow]: block\n', // collections as keys
      '{ a: 1, [b, c] }\n',
      '%YAML 1.2\n---\na: 1\n', // directives, document markers
      'a: 1\n---\nb: 2\n',
      'a:\n\tb: 1\n', // tabs
      'a: 1\na: 2\n', // duplicate keys: js-yaml throws, yaml says where
      'a: "not closed\n',
      'a: "goes on\n  past its line"\n',
    ];
    for (const text of texts) assert.strictEqual(fastYamlData(text), undefined, JSON.stringify(text));
  });

  it('a `*`, `!` or `[,!]` inside quotes is text, not a reason to leave the fast pass', () => {
    const text = "cases:\n  - { id: a, input: 'Hi!', assert: [{ type: not-regex, value: '(yes|sure)[,!]? *we' }] }\n";
    assert.deepStrictEqual(fastYamlData(text)?.value, yamlData(text));
  });
});

describe('fastYamlData on mutated eval files', () => {
  it('wherever the fast pass accepts a file, yaml accepts it and reads the same data', () => {
    const sample = (f: string) => readFileSync(path.join(__dirname, '../../../../sample-workspace/clients', f), 'utf8').slice(0, 2500);
    const seeds = [sample('acme-dental/evals/front-desk.yaml'), sample('northwind-legal/evals/intake.yaml'), flowStyleSet(5)];
    const pieces = ["'", '"', '[', ']', '{', '}', ':', ': ', '- ', '#', ' ', '\n', '\n  ', ',', '|', '>', '\\', '~', 'null', '%', '!', '&a', '*a', '?'];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let accepted = 0;
    for (let n = 0; n < 1500; n++) {
      let text = seeds[random(seeds.length)];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length);
        const kind = random(3);
        text = text.slice(0, at) + (kind === 0 ? '' : pieces[random(pieces.length)]) + text.slice(kind === 1 ? at : at + 1);
      }
      const fast = fastYamlData(text);
      if (!fast) continue;
      accepted++;
      const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
      assert.deepStrictEqual(doc.errors, [], `the fast pass accepted what yaml refuses: ${JSON.stringify(text)}`);
      assert.deepStrictEqual(fast.value, doc.toJS({ maxAliasCount: -1 }), JSON.stringify(text));
    }
    assert.ok(accepted > 300, `only ${accepted} mutated files took the fast pass`);
  });
});

describe('loadWorkspace and the fast pass', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('a valid 1,000-case set loads without its full parse: no position is located until one is read', async () => {
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST, 'c/system-prompt.md': 'x', 'c/evals/front.yaml': flowStyleSet() });
    const before = YamlSource.parses;
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems, []);
    // client.yaml has its positions from the start (it is small); the eval set has none yet.
    assert.strictEqual(YamlSource.parses - before, 1);
    const cases = model.clients[0].evalSets[0].cases;
    assert.strictEqual(cases.length, 1000);
    // Still the deferred getter: nothing in the load (file values, needs, duplicates) asked for a position.
    assert.ok(Object.getOwnPropertyDescriptor(cases[0], 'range')!.get);
    assert.strictEqual(cases[999].range.line, 4 + 1000);
    assert.strictEqual(YamlSource.parses - before, 2);
  });
});
