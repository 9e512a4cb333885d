import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SQL_PARSER_BUNDLE } from '../../../src/core/assertions/sql';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree, tempTree } from '../helpers/tempDir';

const dist = path.join(__dirname, '..', '..', '..', '..', 'dist');
/** A dialect name that only node-sql-parser's own code holds. */
const SQL_PARSER_MARKER = /\btransactsql\b/;

function builtCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dist, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('SQL parser bundle', () => {
  let server: OllamaTestServer | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await server?.close();
    if (dir) await removeTree(dir);
  });

  it('node-sql-parser lives in dist/sql.js only, not in the bundles that start a run', async () => {
    for (const bundle of ['extension.js', 'cli-main.js', 'runner.js', 'history.js', 'report.js']) {
      assert.doesNotMatch(await fs.readFile(path.join(dist, bundle), 'utf8'), SQL_PARSER_MARKER, `${bundle} holds no SQL grammar`);
    }
    assert.match(await fs.readFile(path.join(dist, SQL_PARSER_BUNDLE), 'utf8'), SQL_PARSER_MARKER);
  });

  it('the built CLI grades is-sql and contains-sql with the parser loaded from beside it', async () => {
    server = await startOllamaServer({
      script: { models: ['acme:v3'], rules: [{ match: 'good', reply: 'SELECT id FROM users WHERE id = 1' }, { match: 'fenced', reply: 'Here:\n```sql\nSELECT 1\n```' }], defaultReply: 'SELEC nope' },
    });
    dir = await tempTree({
      'acme/client.yaml': `name: Acme\nmodel:\n  name: acme:v3\n  host: ${server.url}\n`,
      'acme/system-prompt.md': 'You are Acme.',
      'acme/evals/sql.yaml': [
        'name: SQL',
        'cases:',
        '  - { id: good, input: good, assert: [{ type: is-sql }] }',
        '  - { id: fenced, input: fenced, assert: [{ type: contains-sql }] }',
        '  - { id: bad, input: bad, assert: [{ type: is-sql }] }',
        '',
      ].join('\n'),
    });
    const r = await builtCli(['run', path.join(dir, 'acme'), '--json']);
    const run = JSON.parse(r.stdout).runs[0];
    assert.deepStrictEqual([run.total, run.passed, run.errored ?? 0], [3, 2, 0], r.stderr);
  });
});
