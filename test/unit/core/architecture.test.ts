import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';

const repo = path.join(__dirname, '..', '..', '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

describe('architecture', () => {
  it('src/core, src/cli and src/protocol never import vscode', async () => {
    const offenders: string[] = [];
    for (const layer of ['src/core', 'src/cli', 'src/protocol']) {
      const dir = path.join(repo, layer);
      const files = await sourceFiles(dir).catch(() => []);
      for (const file of files) {
        const text = await fs.readFile(file, 'utf8');
        if (/(from\s+|import\s*\(\s*|require\s*\(\s*)['"]vscode['"]/.test(text)) offenders.push(path.relative(repo, file));
      }
    }
    assert.deepStrictEqual(offenders, []);
  });

  it('the core modules the webviews bundle import nothing of Node', async () => {
    // The formatters, the next actions and the change log's rules run in the dashboard too.
    const pure = ['src/core/format/numbers.ts', 'src/core/format/dates.ts', 'src/core/analysis/nextActions.ts', 'src/core/workspace/changelog.ts', 'src/core/workspace/problems.ts'];
    for (const file of pure) {
      const text = await fs.readFile(path.join(repo, file), 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const spec of imports) {
        assert.ok(spec.startsWith('.'), `${file} imports '${spec}'`);
        const target = path.relative(repo, path.resolve(path.dirname(path.join(repo, file)), `${spec}.ts`));
        assert.ok(pure.includes(target), `${file} imports ${target}, which is not one of the pure modules`);
      }
    }
  });

  it('finds the core sources it checks (the test is not vacuous)', async () => {
    assert.ok((await sourceFiles(path.join(repo, 'src/core'))).length > 5);
  });
});
