import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import type * as z from 'zod';
import { runRecordSchema } from '../../../src/core/store/runRecord';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { pathFieldLocations, stringFieldLocations } from '../../../src/core/workspace/pathFields';
import { readInside, readRegularFile } from '../../../src/core/workspace/paths';
import { clientManifestSchema, evalSetFileSchema, workspaceSettingsSchema } from '../../../src/core/workspace/schemas';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

/** The schemas of every file Upkeep reads from a client folder. */
const FILE_SCHEMAS: Record<string, z.ZodType> = { 'client.yaml': clientManifestSchema, 'eval set': evalSetFileSchema, 'run record': runRecordSchema, 'upkeep.yaml': workspaceSettingsSchema };

/** A field whose name says it holds a path, whatever its schema says. */
const LOOKS_LIKE_A_PATH = /(^|\.)(\w*(path|file|dir|folder)|transcript|logo|log|logs|systemPrompt|evals|runbooks|changelog)(\[\])?$/i;

describe('the path rule', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('covers every path-valued field of every schema: each is declared a client path', () => {
    for (const [file, schema] of Object.entries(FILE_SCHEMAS)) {
      const paths = new Set(pathFieldLocations(schema));
      const undeclared = stringFieldLocations(schema).filter((at) => LOOKS_LIKE_A_PATH.test(at) && !paths.has(at));
      assert.deepStrictEqual(undeclared, [], `${file}: declare these with clientPath (src/core/workspace/pathFields.ts) so the path rule checks them`);
    }
    assert.deepStrictEqual(pathFieldLocations(clientManifestSchema), ['model.transcript', 'systemPrompt', 'evals', 'runbooks', 'changelog', 'report.logo', 'compare.candidate.systemPrompt', 'production.logs']);
  });

  it('refuses, at its position, every path field of client.yaml that escapes the folder, and nothing reads it', async () => {
    for (const at of pathFieldLocations(clientManifestSchema)) {
      for (const written of ['../outside/secret.txt', '/etc/passwd', 'link-out.txt']) {
        root = await tempTree({ 'c/client.yaml': manifestWith(at, written), 'outside/secret.txt': 'SECRET' });
        await fs.symlink(path.join(root, 'outside/secret.txt'), path.join(root, 'c/link-out.txt'));
        const model = await loadWorkspace([root]);
        const refused = model.problems.filter((p) => p.code === 'path-outside-client');
        assert.strictEqual(refused.length, 1, `${at}: ${written}: ${JSON.stringify(model.problems)}`);
        assert.strictEqual(refused[0].severity, 'error');
        assert.ok(refused[0].message.startsWith(`${at}: '${written}'`), refused[0].message);
        const line = manifestWith(at, written).split('\n').findIndex((l) => l.includes(written)) + 1;
        assert.strictEqual(refused[0].range.line, line, `${at} is reported on its own line`);
        const client = model.clients[0];
        assert.doesNotMatch(JSON.stringify(client), /SECRET|outside\/secret|etc\/passwd|link-out/, `${at}: the refused path is kept nowhere a reader could use it`);
        await removeTree(root);
      }
    }
  });

  it('eval sets have no path fields the loader does not check', () => {
    // A path field in an eval case would need the loader to apply the rule to each case, as it does for client.yaml.
    assert.deepStrictEqual(pathFieldLocations(evalSetFileSchema), []);
  });

  it('readInside reads a regular file inside the folder, BOM dropped, and refuses escapes and pipes', async () => {
    root = await tempTree({ 'c/data/a.txt': '\ufeffhello', 'outside.txt': 'x' });
    const dir = path.join(root, 'c');
    assert.deepStrictEqual(await readInside(dir, 'data/a.txt'), { ok: true, text: 'hello', path: path.join(dir, 'data/a.txt') });
    assert.match(String((await readInside(dir, '../outside.txt')).ok === false && (await readInside(dir, '../outside.txt') as { reason: string }).reason), /outside the client folder/);
    const missing = await readInside(dir, 'data/none.txt');
    assert.strictEqual(missing.ok === false && missing.missing, true);
    execFileSync('mkfifo', [path.join(dir, 'data/pipe')]);
    const pipe = await readRegularFile(path.join(dir, 'data/pipe'));
    assert.deepStrictEqual(pipe, { ok: false, missing: false, reason: 'it is a named pipe, not a regular file, so it is not read' });
  });
});

/** VALID_MANIFEST with the field at `at` (e.g. `model.transcript`) set to `written`. */
function manifestWith(at: string, written: string): string {
  const [first, second, third] = at.split('.');
  if (!second) return `${VALID_MANIFEST}${first}: ${written}\n`;
  if (third) return `${VALID_MANIFEST}${first}:\n  ${second}:\n    ${third}: ${written}\n`;
  if (!VALID_MANIFEST.includes(`\n${first}:\n`)) return `${VALID_MANIFEST}${first}:\n  ${second}: ${written}\n`;
  return VALID_MANIFEST.replace(`${first}:\n`, `${first}:\n  ${second}: ${written}\n`);
}
