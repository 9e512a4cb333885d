import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');

describe('upkeep status (CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-'));
    await fs.cp(SAMPLE, dir, { recursive: true });
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  const status = async () => JSON.parse((await promisify(execFile)(process.execPath, [CLI, 'status', dir, '--json'])).stdout);

  it('shows every client from the history index, kept git-ignored in .upkeep/, and reads only what changed', async () => {
    const first = await status();
    assert.deepStrictEqual(first.clients.map((c: { name: string }) => c.name).sort(), ['Acme Dental', 'Fernhill Outfitters', 'Northwind Legal']);
    assert.ok(first.index.filesRead > 100, `read ${first.index.filesRead}`);
    const acme = first.clients.find((c: { name: string }) => c.name === 'Acme Dental');
    assert.strictEqual(acme.trendBySet.length, 2);
    assert.match(acme.lastRunAt, /^2026-11-20T/);
    assert.strictEqual(await fs.readFile(path.join(dir, '.upkeep', '.gitignore'), 'utf8').then((t) => t.trim().split('\n').pop()), '*');
    assert.strictEqual((await status()).index.filesRead, 0, 'nothing changed, nothing read');
    await fs.appendFile(path.join(dir, 'clients', 'acme-dental', 'CHANGELOG.md'), '\n## 2026-11-21 · other · 1 h · Extra\n');
    const third = await status();
    assert.strictEqual(third.index.filesRead, 1);
  });
});
