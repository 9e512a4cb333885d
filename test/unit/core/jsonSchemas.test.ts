import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { generateJsonSchemas } from '../../../src/core/workspace/jsonSchemas';

const repo = path.join(__dirname, '..', '..', '..', '..');

describe('generated JSON Schemas', () => {
  it('schemas/*.json match the zod schemas (run `npm run schemas` after changing them)', async () => {
    for (const [name, schema] of Object.entries(generateJsonSchemas())) {
      const committed = JSON.parse(await fs.readFile(path.join(repo, 'schemas', name), 'utf8'));
      assert.deepStrictEqual(committed, JSON.parse(JSON.stringify(schema)), `schemas/${name} is stale`);
    }
  });

  it('are contributed to the YAML extension for client.yaml, eval files and upkeep.yaml', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(repo, 'package.json'), 'utf8'));
    const urls = pkg.contributes.yamlValidation.map((v: { url: string }) => v.url);
    assert.deepStrictEqual(urls.sort(), ['./schemas/client.schema.json', './schemas/eval-set.schema.json', './schemas/workspace.schema.json']);
    assert.deepStrictEqual(pkg.contributes.jsonValidation.map((v: { url: string }) => v.url), ['./schemas/run-record.schema.json']);
    const client = generateJsonSchemas()['client.schema.json'] as { properties: Record<string, unknown>; additionalProperties: boolean };
    assert.ok('retainer' in client.properties);
    assert.strictEqual(client.additionalProperties, false);
  });
});
