import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

describe('loadWorkspace', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('finds every client, skipping node_modules, .git and runs', async () => {
    root = await tempTree({
      'clients/a/client.yaml': VALID_MANIFEST,
      'clients/a/system-prompt.md': 'Be nice.',
      'clients/a/evals/one.yaml': 'name: One\ncases:\n  - id: x\n    input: hi\n',
      'clients/a/evals/two.jsonl': '{"id":"y","input":"hi"}\n{"id":"z","input":"yo"}\n',
      'clients/a/runbooks/down.md': '# Model down\n\nSteps.',
      'clients/a/CHANGELOG.md': '## 2026-11-01 · review · 1 h · Review\n',
      'clients/a/runs/2026-11-01T10-00-00Z-one.json': '{}',
      'clients/a/runs/2026-11-01T10-00-00Z-one-2.json': '{}',
      'clients/a/runs/2026-10-31T09-00-00Z-one.json': '{}',
      'clients/a/runs/nested/client.yaml': VALID_MANIFEST,
      'node_modules/pkg/client.yaml': VALID_MANIFEST,
      '.git/x/client.yaml': VALID_MANIFEST,
      'b/client.yaml': VALID_MANIFEST.replace('Test Client', 'B'),
    });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems.filter((p) => p.severity === 'error'), []);
    assert.deepStrictEqual(model.clients.map((c) => c.id), ['b', 'clients/a']);
    const a = model.clients[1];
    assert.strictEqual(a.name, 'Test Client');
    assert.strictEqual(a.systemPromptFile, path.join(root, 'clients/a/system-prompt.md'));
    assert.deepStrictEqual(a.evalSets.map((s) => [s.id, s.cases.length]), [['evals/one.yaml', 1], ['evals/two.jsonl', 2]]);
    assert.deepStrictEqual(a.runbooks.map((r) => r.title), ['Model down']);
    assert.strictEqual(a.changelog?.entries.length, 1);
    assert.deepStrictEqual(
      a.runFiles.map((f) => path.basename(f)),
      ['2026-11-01T10-00-00Z-one-2.json', '2026-11-01T10-00-00Z-one.json', '2026-10-31T09-00-00Z-one.json'],
      'newest first, a second run in the same second before the first',
    );
  });

  it('with several workspace folders, ids start with the folder, so the same client path in two folders is two clients', async () => {
    root = await tempTree({
      'east/clients/acme/client.yaml': VALID_MANIFEST,
      'west/clients/acme/client.yaml': VALID_MANIFEST,
      'solo/client.yaml': VALID_MANIFEST,
    });
    const roots = ['east', 'west', 'solo'].map((f) => path.join(root, f));
    const model = await loadWorkspace(roots);
    assert.deepStrictEqual(model.clients.map((c) => c.id), ['east/clients/acme', 'west/clients/acme', 'solo']);
    assert.deepStrictEqual((await loadWorkspace([roots[0]])).clients.map((c) => c.id), ['clients/acme'], 'one folder: ids as before');
    // A folder inside another: its clients once, under the inner folder.
    const nested = await loadWorkspace([root, roots[1]]);
    assert.deepStrictEqual(nested.clients.map((c) => c.id).sort(), [path.basename(root) + '/east/clients/acme', path.basename(root) + '/solo', 'west/clients/acme'].sort());
  });

  it('keeps loading the rest when one client.yaml is malformed', async () => {
    root = await tempTree({
      'good/client.yaml': VALID_MANIFEST,
      'bad/client.yaml': 'name: Broken\nmodel: [\n',
    });
    const model = await loadWorkspace([root]);
    const bad = model.clients.find((c) => c.id === 'bad')!;
    assert.strictEqual(bad.manifest, undefined);
    assert.strictEqual(bad.name, 'bad');
    assert.ok(model.problems.some((p) => p.file === path.join(root, 'bad/client.yaml') && p.code === 'yaml-syntax'));
    assert.strictEqual(model.clients.find((c) => c.id === 'good')?.manifest?.name, 'Test Client');
  });

  it('refuses a manifest path that escapes the client folder, at its line and column', async () => {
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST + 'systemPrompt: ../../etc/passwd\n' });
    const model = await loadWorkspace([root]);
    const [p] = model.problems;
    assert.strictEqual(model.problems.length, 1);
    assert.strictEqual(p.code, 'path-outside-client');
    assert.match(p.message, /'\.\.\/\.\.\/etc\/passwd' points outside the client folder/);
    assert.deepStrictEqual(p.range, { line: 7, column: 15, endLine: 7, endColumn: 31 });
    assert.strictEqual(model.clients[0].systemPromptFile, undefined);
  });

  it('refuses absolute paths and symlinks that point out of the folder, but follows links inside it', async () => {
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST + 'evals: /etc\nchangelog: log-link.md\n',
      'c/real-log.md': '## 2026-11-01 · review · 1 h · Inside\n',
      'secret/data.yaml': 'name: Secret\ncases:\n  - id: s\n    input: leaked\n',
      'd/client.yaml': VALID_MANIFEST + 'systemPrompt: prompt-link.md\n',
      'd/evals/real.yaml': 'name: Real\ncases:\n  - id: r\n    input: hi\n',
    });
    await fs.symlink(path.join(root, 'c/real-log.md'), path.join(root, 'c/log-link.md'));
    await fs.symlink('/etc/hostname', path.join(root, 'd/prompt-link.md'));
    await fs.symlink(path.join(root, 'secret/data.yaml'), path.join(root, 'd/evals/leak.yaml'));
    const model = await loadWorkspace([root]);
    const c = model.clients.find((x) => x.id === 'c')!;
    const d = model.clients.find((x) => x.id === 'd')!;
    assert.strictEqual(c.evalSets.length, 0);
    assert.strictEqual(c.changelog?.entries[0].title, 'Inside');
    assert.strictEqual(d.systemPromptFile, undefined);
    assert.deepStrictEqual(d.evalSets.map((s) => s.name), ['Real']);
    const messages = model.problems.map((p) => p.message).join('\n');
    assert.match(messages, /evals: '\/etc' is an absolute path/);
    assert.match(messages, /systemPrompt: 'prompt-link.md' is a link to '\/etc\/hostname'/);
    assert.match(messages, /'evals\/leak.yaml' is a link to .*outside the client folder/);
    assert.doesNotMatch(JSON.stringify(model.clients), /leaked/);
  });

  it("reads the pinned baselines and reports a broken baselines.json at its position", async () => {
    root = await tempTree({
      'a/client.yaml': VALID_MANIFEST,
      'a/system-prompt.md': 'x',
      'a/baselines.json': JSON.stringify({ version: 1, baselines: { 'evals/one.yaml': { runId: 'r1', pinnedAt: '2026-11-01T00:00:00.000Z' } } }),
      'b/client.yaml': VALID_MANIFEST,
      'b/system-prompt.md': 'x',
      'b/baselines.json': '{\n  "version": 1,\n  "baselines": { "evals/one.yaml": { "runId": 3 } }\n}\n',
    });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.clients.find((c) => c.id === 'a')?.baselines, { 'evals/one.yaml': 'r1' });
    const [p] = model.problems.filter((x) => x.code === 'baselines');
    assert.strictEqual(p.file, path.join(root, 'b/baselines.json'));
    assert.strictEqual(p.range.line, 3);
  });

  it('warns about a missing system prompt file at the manifest', async () => {
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems.map((p) => [p.code, p.severity]), [['missing-file', 'warning']]);
  });

  it('an llm-rubric with no judge configured, or similar with no embedding model, is a Problem at its type before anything runs', async () => {
    const set = [
      'name: S',
      'defaults:',
      '  assert: [{ type: llm-rubric, value: Is polite }]',
      'cases:',
      '  - id: a',
      '    input: hi',
      '    assert:',
      '      - { type: similar, value: Hello }',
      '      - { type: contains, value: x }',
    ].join('\n');
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST, 'c/system-prompt.md': 'x', 'c/evals/s.yaml': set });
    const problems = (await loadWorkspace([root])).problems.map((p) => [p.code, p.severity, p.range.line, p.range.column, p.message]);
    assert.deepStrictEqual(problems, [
      ['missing-judge', 'error', 3, 20, "'llm-rubric' needs a judge model, and client.yaml sets none: add judge: { name: <model> } to it."],
      ['missing-judge', 'error', 8, 17, "'similar' needs an embedding model, and client.yaml sets none: add judge.embeddings to it."],
    ]);
    await fs.writeFile(path.join(root, 'c/client.yaml'), `${VALID_MANIFEST}judge:\n  name: llama3.1:8b\n`);
    assert.deepStrictEqual((await loadWorkspace([root])).problems.map((p) => p.message), ["'similar' needs an embedding model, and client.yaml sets none: add judge.embeddings to it."]);
    await fs.writeFile(path.join(root, 'c/client.yaml'), `${VALID_MANIFEST}judge:\n  name: llama3.1:8b\n  embeddings: nomic-embed-text\n`);
    assert.deepStrictEqual((await loadWorkspace([root])).problems, []);
  });

  it('cost without model.price is a Problem at its type', async () => {
    const set = 'name: S\ncases:\n  - id: a\n    input: hi\n    assert: [{ type: cost, threshold: 0.01 }]\n';
    root = await tempTree({ 'c/client.yaml': VALID_MANIFEST, 'c/system-prompt.md': 'x', 'c/evals/s.yaml': set });
    const problems = (await loadWorkspace([root])).problems.map((p) => [p.code, p.range.line, p.range.column, p.message]);
    assert.deepStrictEqual(problems, [['missing-price', 5, 22, "'cost' needs the model's price, and client.yaml sets none: add model.price: { input, output } (per million tokens)."]]);
    await fs.writeFile(path.join(root, 'c/client.yaml'), VALID_MANIFEST.replace('  name: test-model:v1\n', '  name: test-model:v1\n  price: { input: 0.15, output: 0.6 }\n'));
    assert.deepStrictEqual((await loadWorkspace([root])).problems, []);
  });

  it('keeps an eval set with a YAML syntax error in the model, with its error, its last known cases and a message that says what to do', async () => {
    root = await tempTree({
      'c/client.yaml': VALID_MANIFEST,
      'c/system-prompt.md': 'x',
      'c/evals/front.yaml': 'name: Front\ncases:\n  - id: a\n    input: hi\n  - id: b\n    input: yo\n',
    });
    const first = await loadWorkspace([root]);
    await fs.writeFile(path.join(root, 'c/evals/front.yaml'), 'name: Front\ncases:\n  - id: a\n    input: Note: bring your card\n');
    const second = await loadWorkspace([root], { previous: first });
    const c = second.clients[0];
    assert.deepStrictEqual(c.evalSets, []);
    assert.strictEqual(c.brokenEvalSets.length, 1);
    const [broken] = c.brokenEvalSets;
    assert.strictEqual(broken.id, 'evals/front.yaml');
    assert.deepStrictEqual([broken.problem.code, broken.problem.range.line], ['yaml-syntax', 4]);
    assert.strictEqual(
      broken.problem.message,
      'This value contains ": ", which YAML reads as the start of another key. Put the whole value in quotes, e.g. input: "Note: bring your card", or check the indentation of this line.',
    );
    assert.deepStrictEqual(broken.lastKnown?.cases.map((x) => x.id), ['a', 'b']);
    const third = await loadWorkspace([root], { previous: second });
    assert.deepStrictEqual(third.clients[0].brokenEvalSets[0].lastKnown?.cases.map((x) => x.id), ['a', 'b'], 'still broken: still the last known cases');
    assert.strictEqual((await loadWorkspace([root])).clients[0].brokenEvalSets[0].lastKnown, undefined, 'no previous model, no cases to keep');
  });

  it('says what to do for the common YAML mistakes', async () => {
    const { parseEvalSet } = await import('../../../src/core/workspace/evalSet');
    const message = (text: string) => parseEvalSet('f.yaml', 'f.yaml', text).problems[0]?.message;
    assert.match(message('name: x\ncases:\n\t- id: a\n')!, /indent this line with spaces/);
    assert.match(message('name: x\ncases:\n  - id: a\n    input: "hi\n')!, /no closing quote/);
    assert.match(message('name: x\nname: y\ncases: []\n')!, /appears twice/);
    assert.match(message('name: @x\ncases: []\n')!, /cannot start with @ in YAML: put the value in quotes/);
    assert.match(message('name: x\ncases: [\n')!, /\[ list is not closed: end it with \]/);
    assert.match(message('name: *x\ncases: []\n')!, /The alias \*x has no anchor &x before it/);
  });
});
