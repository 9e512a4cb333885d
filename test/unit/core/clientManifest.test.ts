import * as assert from 'assert';
import { parseClientManifest } from '../../../src/core/workspace/clientManifest';

describe('parseClientManifest', () => {
  it('accepts a valid manifest and fills the defaults', () => {
    const { manifest, problems } = parseClientManifest('client.yaml', 'name: Acme\nmodel:\n  name: acme:v3\n');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(manifest?.model.provider, 'ollama');
    assert.strictEqual(manifest?.systemPrompt, 'system-prompt.md');
    assert.strictEqual(manifest?.evals, 'evals');
  });

  it('reports a YAML syntax error at its line and column', () => {
    const { manifest, problems } = parseClientManifest('client.yaml', 'name: Acme\nmodel:\n  name: acme\n bad: x\n');
    assert.strictEqual(manifest, undefined);
    assert.deepStrictEqual(
      problems.map((p) => [p.code, p.message, p.range.line, p.range.column]),
      [['yaml-syntax', 'This key is not lined up with the keys around it: indent it by the same number of spaces as the key above.', 4, 1]],
    );
  });

  it('reports an unknown key at the key, naming it', () => {
    const text = 'name: Acme\nmodel:\n  name: acme:v3\n  temprature: 0\n';
    const { problems } = parseClientManifest('client.yaml', text);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /Unknown property 'temprature' in 'model'/);
    assert.deepStrictEqual(problems[0].range, { line: 4, column: 3, endLine: 4, endColumn: 13 });
  });

  it('reports a value of the wrong type at the value', () => {
    const text = 'name: Acme\nmodel:\n  name: acme:v3\nthresholds:\n  passRate: high\n';
    const { problems } = parseClientManifest('client.yaml', text);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /^'thresholds.passRate': .*number/);
    assert.deepStrictEqual(problems[0].range, { line: 5, column: 13, endLine: 5, endColumn: 17 });
  });

  it('reports a missing required property at the object that lacks it', () => {
    const { problems } = parseClientManifest('client.yaml', 'name: Acme\nmodel:\n  provider: ollama\n');
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /'model.name': required property is missing/);
    assert.strictEqual(problems[0].range.line, 3);
  });

  it('rejects a host that is not an http(s) URL', () => {
    const { problems } = parseClientManifest('client.yaml', 'name: A\nmodel:\n  name: m\n  host: ftp://x\n');
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].range.line, 4);
  });

  it('treats an empty file as a manifest missing its required properties', () => {
    const { manifest, problems } = parseClientManifest('client.yaml', '');
    assert.strictEqual(manifest, undefined);
    assert.deepStrictEqual(problems.map((p) => p.message).sort(), ["'model': required property is missing.", "'name': required property is missing."]);
  });
});
