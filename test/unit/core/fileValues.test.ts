import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { evaluateAssertion } from '../../../src/core/assertions';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

const SET = [
  'name: Files',
  'cases:',
  '  - id: equals-json',
  '    input: x',
  '    assert: [{ type: equals, value: "file://expected/answer.json" }]',
  '  - id: schema-yaml',
  '    input: x',
  '    assert: [{ type: is-json, value: "file://../schemas/booking.yaml" }]',
  '  - id: text',
  '    input: x',
  '    assert: [{ type: contains, value: "file://expected/phrase.txt" }]',
  '  - id: escape',
  '    input: x',
  '    assert: [{ type: contains, value: "file://../../outside.txt" }]',
  '  - id: absolute',
  '    input: x',
  '    assert: [{ type: contains, value: "file:///etc/passwd" }]',
  '  - id: missing',
  '    input: x',
  '    assert: [{ type: contains, value: "file://expected/nope.txt" }]',
  '  - id: script',
  '    input: x',
  '    assert: [{ type: contains, value: "file://checks/grade.py" }]',
  '  - id: wrong-form',
  '    input: x',
  '    assert: [{ type: assert-set, assert: [{ type: word-count, value: "file://expected/phrase.txt" }] }]',
].join('\n');

describe('file:// assertion values', () => {
  let root: string;
  afterEach(() => removeTree(root));

  async function load(set = SET) {
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/files.yaml': set,
      'c/evals/expected/answer.json': '{"refund": true, "days": [30]}',
      'c/schemas/booking.yaml': 'type: object\nrequired: [date]\n',
      'c/evals/expected/phrase.txt': '30 days\n',
      'outside.txt': 'secret',
    });
    return loadWorkspace([root]);
  }

  it('reads JSON, YAML and text relative to the eval file, and grades with what they hold', async () => {
    const model = await load();
    const set = model.clients[0].evalSets[0];
    assert.deepStrictEqual(set.cases.map((c) => c.id), ['equals-json', 'schema-yaml', 'text']);
    const grade = (id: string, output: string) => evaluateAssertion(set.cases.find((c) => c.id === id)!.assert![0], { output, input: 'x' });
    assert.strictEqual((await grade('equals-json', '{"days": [30], "refund": true}')).pass, true);
    assert.strictEqual((await grade('schema-yaml', '{"date": "2026-12-01"}')).pass, true);
    assert.strictEqual((await grade('schema-yaml', '{"time": "9am"}')).pass, false);
    assert.strictEqual((await grade('text', 'Refunds within 30 days.')).pass, true, 'the text file, trimmed');
  });

  it('refuses escapes, absolute paths, missing files, scripts and values of the wrong form, each at its value, leaving its case out', async () => {
    const model = await load();
    const problems = model.problems.map((p) => [p.code, p.range.line, p.message]);
    assert.deepStrictEqual(problems, [
      ['file-value', 14, "file://../../outside.txt: '../outside.txt' points outside the client folder."],
      ['file-value', 17, "file:///etc/passwd: '/etc/passwd' is an absolute path; paths are relative to the client folder."],
      ['file-value', 20, 'file://expected/nope.txt: the file does not exist.'],
      ['file-value', 23, 'file://checks/grade.py: a script file; Upkeep does not run code from eval files (write the check as an assertion type).'],
      ['file-value', 26, "file://expected/phrase.txt: 'word-count' value: must be a count, or {min, max}."],
    ]);
  });

  it('a schema file Ajv cannot compile is a Problem at its value, and its case does not run', async () => {
    const set = ['name: Files', 'cases:', '  - id: good', '    input: x', '  - id: broken-schema', '    input: x', '    assert: [{ type: is-json, value: "file://../schemas/broken.yaml" }]'].join('\n');
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST, 'c/system-prompt.md': 'x', 'c/evals/files.yaml': set, 'c/schemas/broken.yaml': 'type: objekt\n' });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.clients[0].evalSets[0].cases.map((c) => c.id), ['good']);
    assert.deepStrictEqual(model.problems.map((p) => [p.code, p.range.line]), [['file-value', 7]]);
    assert.match(model.problems[0].message, /^file:\/\/\.\.\/schemas\/broken\.yaml: 'is-json' value: is not a valid JSON schema: schema is invalid: data\/type must be equal to one of the allowed values/);
  });

  it('a default whose file cannot be read keeps the whole set from running', async () => {
    const model = await load('name: D\ndefaults:\n  assert: [{ type: contains, value: "file://gone.txt" }]\ncases:\n  - id: a\n    input: x\n');
    assert.deepStrictEqual(model.clients[0].evalSets, []);
    assert.deepStrictEqual(model.problems.map((p) => p.message), ['file://gone.txt: the file does not exist.']);
  });

  it('a symlink out of the folder is refused like any other path', async function () {
    const model0 = await load('name: L\ncases:\n  - id: a\n    input: x\n    assert: [{ type: contains, value: "file://link.txt" }]\n');
    assert.strictEqual(model0.problems.length, 1);
    await fs.symlink(path.join(root, 'outside.txt'), path.join(root, 'c/evals/link.txt'));
    const model = await loadWorkspace([root]);
    assert.match(model.problems[0].message, /^file:\/\/link\.txt: 'evals\/link\.txt' is a link to '.*outside\.txt', outside the client folder; it is not read\.$/);
    assert.deepStrictEqual(model.clients[0].evalSets[0].cases, []);
  });

  it('an unread file:// value never passes as literal text at run time', async () => {
    const r = await evaluateAssertion({ type: 'contains', value: 'file://x.txt' }, { output: 'file://x.txt', input: '' });
    assert.deepStrictEqual([r.pass, r.error], [false, "'contains' value file://x.txt was never read from its file."]);
  });
});
