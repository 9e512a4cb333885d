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

  it('what the webviews bundle from src/core imports nothing of Node', async () => {
    // The formatters, the next actions, the change log's rules and the protocol's schemas run in
    // the webviews too: from every module they import, follow the value imports (type-only ones
    // are erased) and allow only other source files and zod.
    const importsOf = async (file: string) => {
      const text = await fs.readFile(file, 'utf8');
      return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    };
    const entries = [...(await sourceFiles(path.join(repo, 'webview-ui/src'))), ...(await sourceFiles(path.join(repo, 'src/protocol')))];
    const seen = new Set<string>();
    const queue = [...entries];
    const offenders: string[] = [];
    while (queue.length) {
      const file = queue.pop()!;
      for (const spec of await importsOf(file)) {
        if (!spec.startsWith('.')) {
          if (!entries.includes(file) && spec !== 'zod') offenders.push(`${path.relative(repo, file)} imports '${spec}'`);
          continue;
        }
        const target = path.resolve(path.dirname(file), `${spec}.ts`);
        if (!target.startsWith(path.join(repo, 'src', 'core')) || seen.has(target)) continue;
        seen.add(target);
        queue.push(target);
      }
    }
    assert.ok(seen.has(path.join(repo, 'src/core/format/numbers.ts')), 'the walk reaches the formatters');
    assert.deepStrictEqual(offenders, []);
  });

  it('finds the core sources it checks (the test is not vacuous)', async () => {
    assert.ok((await sourceFiles(path.join(repo, 'src/core'))).length > 5);
  });
});
