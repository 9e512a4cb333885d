import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');

async function upkeepStatus(dir: string, format: string[] = ['--json']): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'status', dir, ...format]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('upkeep status (CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-'));
    await fs.cp(SAMPLE, dir, { recursive: true });
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  /** The JSON status; the sample workspace has clients in breach, so it exits 1. */
  const status = async () => {
    const r = await upkeepStatus(dir);
    assert.strictEqual(r.code, 1, r.stderr);
    return JSON.parse(r.stdout);
  };

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

  it('exits 1 when any client is in breach, naming each breach on stderr; 0 when none is', async () => {
    const r = await upkeepStatus(dir);
    assert.strictEqual(r.code, 1);
    const breaching = JSON.parse(r.stdout).clients.filter((c: { health: string }) => c.health === 'breach');
    assert.ok(breaching.length > 0);
    for (const c of breaching) assert.match(r.stderr, new RegExp(`breach: ${c.name}: .*threshold`));
    const healthy = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-ok-'));
    try {
      await fs.cp(path.join(SAMPLE, 'clients', 'acme-dental'), path.join(healthy, 'acme-dental'), { recursive: true });
      const ok = await upkeepStatus(healthy);
      assert.strictEqual(ok.code, 0, ok.stderr);
      assert.strictEqual(JSON.parse(ok.stdout).clients[0].health, 'ok');
    } finally {
      await fs.rm(healthy, { recursive: true, force: true });
    }
  });

  it('lists under each client its sets’ latest runs, pass rate first and the score labelled', async () => {
    const r = await upkeepStatus(dir, []);
    const lines = r.stdout.split('\n');
    const northwind = lines.findIndex((l) => l.startsWith('Northwind Legal '));
    assert.match(lines[northwind], /^Northwind Legal +breach /);
    const sets = lines.slice(northwind + 1, northwind + 3);
    assert.deepStrictEqual(sets.map((l) => l.replace(/:.*/, '').trim()).sort(), ['Intake classification', 'Urgency and conflicts']);
    for (const l of sets) assert.match(l, /^ {2}[^:]+: pass [\d.]+% \(\d+\/\d+(, \d+ errored)?\) · score \d\.\d\d$/);
    assert.match(r.stderr, /breach: Northwind Legal: Urgency and conflicts: pass rate [\d.]+% < 92% threshold \(−[\d.]+ pts\)/);
  });

  it('a candidate run, newer and much worse, changes nothing it says: only production runs are a client\'s figures', async () => {
    const healthy = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-candidate-'));
    try {
      const client = path.join(healthy, 'acme-dental');
      await fs.cp(path.join(SAMPLE, 'clients', 'acme-dental'), client, { recursive: true });
      const before = await upkeepStatus(healthy);
      assert.strictEqual(before.code, 0, before.stderr);

      // The newest production record, tried again as a candidate a day later that fails every case.
      const runs = path.join(client, 'runs');
      const newest = (await fs.readdir(runs)).filter((f) => f.endsWith('-front-desk.json')).sort().pop()!;
      const record = JSON.parse(await fs.readFile(path.join(runs, newest), 'utf8'));
      const startedAt = new Date(Date.parse(record.startedAt) + 86_400_000).toISOString();
      const id = `${startedAt.replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}-front-desk`;
      for (const c of record.cases) Object.assign(c, { status: 'failed', pass: false, score: 0, passRate: 0 });
      Object.assign(record, { id, startedAt, endedAt: startedAt, purpose: 'candidate', model: { ...record.model, name: 'acme-support:v4-rc' } });
      Object.assign(record.summary, { passed: 0, failed: record.cases.length, errored: 0, score: 0, passRate: 0 });
      await fs.writeFile(path.join(runs, `${id}.json`), JSON.stringify(record, null, 2));

      const after = await upkeepStatus(healthy);
      assert.strictEqual(after.code, 0, after.stderr);
      assert.strictEqual(JSON.parse(after.stdout).index.filesRead, 1, 'the candidate was read');
      assert.deepStrictEqual(JSON.parse(after.stdout).clients, JSON.parse(before.stdout).clients);
    } finally {
      await fs.rm(healthy, { recursive: true, force: true });
    }
  });
});
