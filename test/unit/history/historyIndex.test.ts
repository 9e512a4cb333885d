import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { HistoryIndex, findSqlWasm, loadSqlJs, SCHEMA_VERSION } from '../../../src/core/history';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, day, writeClient, writeRecord } from './fixtures';

const CHANGELOG = `# Change log

## 2026-01-31 · review · 1.5 h · January review

Notes.

## 2026-02-01 · prompt · 0.5 h · Prompt tweak
`;

describe('HistoryIndex', () => {
  let root: string;
  let index: HistoryIndex | undefined;
  beforeEach(async () => (root = await tempTree({})));
  afterEach(async () => {
    index?.close();
    index = undefined;
    await removeTree(root);
  });

  it('indexes run records, cases and change-log entries from the files', async () => {
    const acme = await writeClient(root, 'acme', {
      changelog: CHANGELOG,
      records: [
        { at: day(0), cases: { a: true, b: false } },
        { at: day(1), cases: { a: true, b: true }, digest: 'def' },
        { at: day(1), set: 'safety', cases: { total: 3, passed: 1 } },
      ],
    });
    await writeClient(root, 'zeta', { records: [{ at: day(2) }] });
    const clients = await clientsOf(root);
    index = await HistoryIndex.open();
    const stats = await index.sync(clients);
    assert.deepStrictEqual(stats.totals, { clients: 2, runs: 4, cases: 2 + 2 + 3 + 4, changelogEntries: 2 });
    assert.strictEqual(stats.added, 5);
    assert.deepStrictEqual(stats.failed, []);

    const client = clients.find((c) => c.dir === acme)!;
    const runs = index.runs(client, { evalSetId: 'evals/front-desk.yaml' });
    assert.deepStrictEqual(runs.map((r) => [r.startedAt, r.passRate, r.modelDigest]), [
      [day(0), 0.5, 'abc'],
      [day(1), 1, 'def'],
    ]);
    assert.strictEqual(runs[0].total, 2);
    assert.strictEqual(runs[0].latencyP95Ms, 100);
    assert.strictEqual(runs[0].clientId, 'clients/acme');
    assert.deepStrictEqual(
      index.evalSets(client).map((s) => [s.evalSetId, s.runs]),
      [
        ['evals/front-desk.yaml', 2],
        ['evals/safety.yaml', 1],
      ],
    );
    const outcomes = index.caseOutcomes([runs[0].key]);
    assert.deepStrictEqual([...outcomes.get(runs[0].key)!], [
      ['a', 'passed'],
      ['b', 'failed'],
    ]);
    assert.deepStrictEqual(
      index.changelog(client).map((e) => [e.date, e.category, e.hours, e.title]),
      [
        ['2026-01-31', 'review', 1.5, 'January review'],
        ['2026-02-01', 'prompt', 0.5, 'Prompt tweak'],
      ],
    );
    const latest = index.latestRuns();
    assert.deepStrictEqual(
      latest.map((r) => [path.basename(r.clientDir), r.evalSetId, r.startedAt]),
      [
        ['acme', 'evals/front-desk.yaml', day(1)],
        ['acme', 'evals/safety.yaml', day(1)],
        ['zeta', 'evals/front-desk.yaml', day(2)],
      ],
    );
    assert.strictEqual(index.latestRuns({ perSet: 2 }).length, 4);
  });

  it('re-reads only new and changed files, and drops removed ones', async () => {
    const dir = await writeClient(root, 'acme', { records: [{ at: day(0) }, { at: day(1) }, { at: day(2) }] });
    index = await HistoryIndex.open();
    const first = await index.sync(await clientsOf(root));
    assert.strictEqual(first.read, 3);

    const again = await index.sync(await clientsOf(root));
    assert.deepStrictEqual([again.read, again.added, again.changed, again.removed, again.unchanged], [0, 0, 0, 0, 3]);

    const [f0, , f2] = (await clientsOf(root))[0].runFiles.slice().reverse();
    await writeRecord(dir, { at: day(3), cases: { total: 10, passed: 9 } }); // new
    await writeRecord(dir, { at: day(1), cases: { total: 4, passed: 0 } }); // changed: f1 rewritten
    await fs.rm(f2); // removed
    const stats = await index.sync(await clientsOf(root));
    assert.deepStrictEqual([stats.read, stats.added, stats.changed, stats.removed, stats.unchanged], [2, 1, 1, 1, 1]);
    const client = (await clientsOf(root))[0];
    assert.deepStrictEqual(
      index.runs(client).map((r) => [r.startedAt, r.passed]),
      [
        [day(0), 3],
        [day(1), 0],
        [day(3), 9],
      ],
    );
    assert.strictEqual(stats.totals.cases, 4 + 4 + 10);

    // Proof that an unchanged file is not opened: garble it keeping its size and mtime.
    const mtime = new Date('2026-06-01T00:00:00Z');
    await fs.utimes(f0, mtime, mtime);
    assert.strictEqual((await index.sync(await clientsOf(root))).read, 1, 'a new mtime is a change');
    const st = await fs.stat(f0);
    await fs.writeFile(f0, 'x'.repeat(st.size));
    await fs.utimes(f0, mtime, mtime);
    const blind = await index.sync(await clientsOf(root));
    assert.strictEqual(blind.read, 0);
    assert.deepStrictEqual(blind.failed, []);
    assert.strictEqual(index.runs(client)[0].passed, 3, 'still the data read before');
    // Once its mtime moves it is read, and found broken.
    await fs.utimes(f0, mtime, new Date(mtime.getTime() + 5000));
    const seen = await index.sync(await clientsOf(root));
    assert.strictEqual(seen.read, 1);
    assert.strictEqual(seen.failed.length, 1);
    assert.match(seen.failed[0].message, /not a readable run record/);
    assert.strictEqual(index.runs(client).length, 2);
    assert.deepStrictEqual(index.failures().map((f) => f.file), [f0]);
  });

  it('does not re-read a file that failed until it changes', async () => {
    const dir = await writeClient(root, 'acme', { records: [{ at: day(0) }] });
    const bad = path.join(dir, 'runs', '2026-02-01T00-00-00Z-x.json');
    await fs.writeFile(bad, JSON.stringify({ schemaVersion: 99 }));
    index = await HistoryIndex.open();
    const first = await index.sync(await clientsOf(root));
    assert.strictEqual(first.failed.length, 1);
    assert.match(first.failed[0].message, /schemaVersion/);
    const second = await index.sync(await clientsOf(root));
    assert.deepStrictEqual([second.read, second.failed.length], [0, 0]);
    assert.strictEqual(index.failures().length, 1, 'still known as failed');
  });

  it('re-indexes the change log when it changes and drops clients that are gone', async () => {
    const acme = await writeClient(root, 'acme', { changelog: CHANGELOG, records: [{ at: day(0) }] });
    await writeClient(root, 'zeta', { records: [{ at: day(0) }] });
    index = await HistoryIndex.open();
    await index.sync(await clientsOf(root));
    await fs.appendFile(path.join(acme, 'CHANGELOG.md'), '\n## 2026-02-03 · incident · 2 h · Outage\n');
    const stats = await index.sync(await clientsOf(root));
    assert.deepStrictEqual([stats.read, stats.changed], [1, 1]);
    assert.strictEqual(index.changelog({ dir: acme }).length, 3);

    await removeTree(path.join(root, 'clients', 'zeta'));
    const after = await index.sync(await clientsOf(root));
    assert.deepStrictEqual(after.totals, { clients: 1, runs: 1, cases: 4, changelogEntries: 3 });
    assert.deepStrictEqual(index.clients().map((c) => c.id), ['clients/acme']);
  });

  it('saves atomically and reopens without reading a file again', async () => {
    await writeClient(root, 'acme', { changelog: CHANGELOG, records: [{ at: day(0) }, { at: day(1) }] });
    const file = path.join(root, '.cache', 'history.sqlite');
    index = await HistoryIndex.open({ file });
    assert.strictEqual(index.rebuilt?.reason, 'missing');
    const first = await index.sync(await clientsOf(root));
    assert.strictEqual(first.rebuilt?.reason, 'missing');
    await index.save();
    index.close();
    assert.deepStrictEqual(await fs.readdir(path.dirname(file)), ['history.sqlite'], 'no temporary file left');

    index = await HistoryIndex.open({ file });
    assert.strictEqual(index.rebuilt, undefined);
    const stats = await index.sync(await clientsOf(root));
    assert.strictEqual(stats.rebuilt, undefined);
    assert.deepStrictEqual([stats.read, stats.unchanged], [0, 3]);
    assert.strictEqual(stats.totals.runs, 2);
  });

  describe('rebuilds a damaged or outdated index from the files, without throwing', () => {
    let file: string;
    beforeEach(async () => {
      await writeClient(root, 'acme', { changelog: CHANGELOG, records: [{ at: day(0) }, { at: day(1) }, { at: day(2) }] });
      file = path.join(root, 'history.sqlite');
      const good = await HistoryIndex.open({ file });
      await good.sync(await clientsOf(root));
      await good.save();
      good.close();
    });

    async function reopenAndSync(expected: 'corrupt' | 'schema', detail: RegExp): Promise<void> {
      index = await HistoryIndex.open({ file });
      assert.strictEqual(index.rebuilt?.reason, expected);
      assert.match(index.rebuilt!.detail, detail);
      const stats = await index.sync(await clientsOf(root));
      assert.strictEqual(stats.rebuilt?.reason, expected);
      assert.strictEqual(stats.read, 4, 'every file read again');
      assert.deepStrictEqual(stats.totals, { clients: 1, runs: 3, cases: 12, changelogEntries: 2 });
      await index.save();
      index.close();
      index = await HistoryIndex.open({ file });
      assert.strictEqual(index.rebuilt, undefined, 'the rebuilt index saved is good');
    }

    it('garbage bytes', async () => {
      await fs.writeFile(file, Buffer.from('this is not a database at all, just some garbage bytes '.repeat(50)));
      await reopenAndSync('corrupt', /not a SQLite file/);
    });

    it('an empty file', async () => {
      await fs.writeFile(file, '');
      await reopenAndSync('corrupt', /not a SQLite file/);
    });

    it('a truncated database', async () => {
      const bytes = await fs.readFile(file);
      assert.ok(bytes.length > 4096 * 2);
      await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await reopenAndSync('corrupt', /truncated/);
    });

    it('a database cut at a page boundary with its header still claiming the full size', async () => {
      const bytes = await fs.readFile(file);
      const pageSize = bytes.readUInt16BE(16);
      await fs.writeFile(file, bytes.subarray(0, bytes.length - pageSize));
      await reopenAndSync('corrupt', /truncated/);
    });

    it('pages damaged in the middle', async () => {
      const bytes = await fs.readFile(file);
      const pageSize = bytes.readUInt16BE(16);
      for (let p = 1; p < bytes.length / pageSize; p++) bytes.fill(0xa5, p * pageSize, p * pageSize + 64);
      await fs.writeFile(file, bytes);
      await reopenAndSync('corrupt', /./);
    });

    it('an older schema version', async () => {
      const sql = await loadSqlJs();
      const db = new sql.Database(await fs.readFile(file));
      db.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", [String(SCHEMA_VERSION - 1)]);
      await fs.writeFile(file, db.export());
      db.close();
      await reopenAndSync('schema', new RegExp(`schema version ${SCHEMA_VERSION - 1}`));
    });

    it('a SQLite database that is not an index', async () => {
      const sql = await loadSqlJs();
      const db = new sql.Database();
      db.run('CREATE TABLE notes (text TEXT)');
      await fs.writeFile(file, db.export());
      db.close();
      await reopenAndSync('schema', /schema version none/);
    });
  });
});

describe('sql.js WebAssembly', () => {
  let dir: string;
  beforeEach(async () => (dir = await tempTree({})));
  afterEach(() => removeTree(dir));

  it('is found next to the bundle first, else in node_modules', async () => {
    await fs.copyFile(findSqlWasm()!, path.join(dir, 'sql-wasm.wasm'));
    assert.strictEqual(findSqlWasm(dir), path.join(dir, 'sql-wasm.wasm'));
    const empty = path.join(dir, 'empty');
    await fs.mkdir(empty);
    assert.match(findSqlWasm(empty)!, /node_modules[\\/]sql\.js[\\/]dist[\\/]sql-wasm\.wasm$/);
  });

  // sql.js keeps one module per process, so each load is checked in a fresh process.
  const script = (wasmPath: string) => `
    globalThis.fetch = () => { throw new Error('network used'); };
    const { HistoryIndex, loadedSqlWasm } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'src', 'core', 'history'))});
    HistoryIndex.open({ wasmPath: ${JSON.stringify(wasmPath)} })
      .then(async (index) => { await index.sync([]); console.log('loaded ' + loadedSqlWasm()); })
      .catch((e) => { console.log('failed ' + e.message); });`;
  const run = async (wasmPath: string) => (await promisify(execFile)(process.execPath, ['-e', script(wasmPath)])).stdout.trim();

  it('is loaded from the path given, with no network', async () => {
    const local = path.join(dir, 'elsewhere.wasm');
    await fs.copyFile(findSqlWasm()!, local);
    assert.strictEqual(await run(local), `loaded ${local}`);
  });

  it('is not looked for elsewhere when the path given is wrong', async () => {
    const missing = path.join(dir, 'missing.wasm');
    assert.match(await run(missing), new RegExp(`^failed Cannot read sql\\.js's WebAssembly file ${missing.replace(/[.\\]/g, '\\$&')}`));
    const garbage = path.join(dir, 'garbage.wasm');
    await fs.writeFile(garbage, 'not wasm');
    assert.match(await run(garbage), /^failed .*garbage\.wasm is not a valid WebAssembly module/);
  });
});
