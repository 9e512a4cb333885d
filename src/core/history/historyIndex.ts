import { promises as fs } from 'fs';
import * as path from 'path';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { runPool } from '../runner/pool';
import { parseChangelog, type ChangelogCategory, type ChangelogEntry } from '../workspace/changelog';
import type { Client } from '../workspace/loadWorkspace';
import { extractRun, type ExtractedRun } from './extract';
import { fromSqlValues, runColumn, runColumnNames, toSqlValues } from './runColumns';
import { countsAsScoreSql, isProductionSql } from './runsThatCount';
import { CASE_STATUS_NAMES, SCHEMA_SQL, SCHEMA_VERSION } from './schema';
import type { CaseStatus, IndexedChangelogEntry, IndexedClient, IndexedEvalSet, RebuildReason, RunQuery, RunRow, SyncStats } from './types';
import { loadSqlJs } from './wasm';

export interface OpenOptions {
  /** The index file; undefined keeps the index in memory only. */
  file?: string;
  /** sql.js's WebAssembly file; default: findSqlWasm() (next to the bundle, else node_modules). */
  wasmPath?: string;
}

/** The client's folder is the key: ids (relative to a workspace root) can repeat across roots. */
type ClientRef = Pick<Client, 'dir'>;

type SourceKind = 'run' | 'changelog';
interface Wanted {
  path: string;
  client: Client;
  kind: SourceKind;
  size: number;
  mtimeMs: number;
}
interface Existing {
  id: number;
  clientDir: string;
  kind: string;
  size: number;
  mtimeMs: number;
}
type Extracted = { wanted: Wanted; run?: ExtractedRun; entries?: ChangelogEntry[]; error?: string; vanished?: boolean };

const STAT_CONCURRENCY = 32;
const READ_CONCURRENCY = 8;

/** The row's place (key, client, file), then the summary columns of runColumns.ts in their order. */
const RUN_SELECT = ['r.id', 'c.dir', 'c.client_id', 's.path', ...runColumnNames('r.')].join(', ');
const RUN_FROM = `runs r JOIN clients c ON c.id = r.client JOIN sources s ON s.id = r.id`;
const INSERT_RUN = `INSERT INTO runs (id, client, ${runColumnNames().join(', ')}) VALUES (${Array(runColumnNames().length + 2).fill('?').join(', ')})`;
/** The runs that are their set's score, over a runs table aliased `alias`. */
const scoresOf = (alias: string) => countsAsScoreSql((field) => runColumn(field, `${alias}.`));
const productionOf = (alias: string) => isProductionSql((field) => runColumn(field, `${alias}.`));

/**
 * A sql.js database of runs, cases and change-log entries, built from the client folders' files.
 * The files stay the record: the index is a cache, rebuilt without a word whenever it is missing,
 * damaged or of another schema version, and kept current by `sync`, which reads only the files
 * that are new or changed since it last saw them (by size and modification time).
 */
export class HistoryIndex {
  private queue: Promise<unknown> = Promise.resolve();
  private dirty: boolean;
  private pendingRebuild: RebuildReason | undefined;

  private constructor(
    private readonly sql: SqlJsStatic,
    private db: Database,
    readonly file: string | undefined,
    /** Why open() started from an empty index; undefined when it opened the saved one. */
    readonly rebuilt: RebuildReason | undefined,
  ) {
    this.pendingRebuild = rebuilt;
    this.dirty = rebuilt !== undefined;
  }

  /** Opens the index file, or starts an empty one when it is missing, damaged or of another version. Never throws for the file's state. */
  static async open(options: OpenOptions = {}): Promise<HistoryIndex> {
    const sql = await loadSqlJs(options.wasmPath);
    const { db, rebuilt } = await openDatabase(sql, options.file);
    return new HistoryIndex(sql, db, options.file, rebuilt);
  }

  /**
   * Brings the index in line with the clients' files: run records (`client.runFiles`) and change
   * logs (`client.changelog.file`). New and changed files are read and re-indexed, files and
   * clients no longer listed are removed, unchanged files are not opened. `clients` is the whole
   * workspace: a client left out is dropped from the index.
   */
  sync(clients: readonly Client[]): Promise<SyncStats> {
    return this.serialize(async () => {
      try {
        return await this.syncOnce(clients);
      } catch (e) {
        // A database that fails under us (damage open() could not see) is rebuilt from the files.
        this.reset({ reason: 'corrupt', detail: `failed during sync: ${(e as Error).message}` });
        return this.syncOnce(clients);
      }
    });
  }

  /** Writes the index file atomically (a temporary file renamed over it); nothing when unchanged or in memory. */
  save(): Promise<void> {
    return this.serialize(async () => {
      if (!this.file || !this.dirty) return;
      const bytes = this.db.export();
      applyPragmas(this.db); // export() closes and reopens the database
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await fs.writeFile(tmp, bytes);
        await fs.rename(tmp, this.file);
      } catch (e) {
        await fs.rm(tmp, { force: true });
        throw e;
      }
      this.dirty = false;
    });
  }

  close(): void {
    this.db.close();
  }

  // ---- queries ----------------------------------------------------------------------------

  clients(): IndexedClient[] {
    return this.all('SELECT dir, client_id, name FROM clients ORDER BY client_id, dir', [], (r) => ({ dir: r[0] as string, id: r[1] as string, name: r[2] as string }));
  }

  /** A client's runs, oldest first (by start time, then run id). */
  runs(client: ClientRef, query: RunQuery = {}): RunRow[] {
    const where = ['c.dir = ?'];
    const params: SqlValue[] = [client.dir];
    if (query.evalSetId !== undefined) {
      where.push('r.eval_set = ?');
      params.push(query.evalSetId);
    }
    if (query.comparableOnly) where.push(scoresOf('r'));
    if (query.since !== undefined) {
      where.push('r.started_at >= ?');
      params.push(query.since);
    }
    if (query.before !== undefined) {
      where.push('r.started_at < ?');
      params.push(query.before);
    }
    let sql = `SELECT ${RUN_SELECT} FROM ${RUN_FROM} WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.run_id DESC`;
    if (query.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(query.limit);
    }
    return this.all(sql, params, toRunRow).reverse();
  }

  /** The eval sets a client has runs of, with the name of the newest run. */
  evalSets(client: ClientRef): IndexedEvalSet[] {
    return this.all(
      `SELECT r.eval_set, COUNT(*), MIN(r.started_at), MAX(r.started_at),
        (SELECT r2.eval_set_name FROM runs r2 WHERE r2.client = r.client AND r2.eval_set = r.eval_set ORDER BY r2.started_at DESC LIMIT 1)
       FROM runs r JOIN clients c ON c.id = r.client WHERE c.dir = ? GROUP BY r.eval_set ORDER BY r.eval_set`,
      [client.dir],
      (r) => ({ evalSetId: r[0] as string, runs: r[1] as number, firstStartedAt: r[2] as string, lastStartedAt: r[3] as string, name: r[4] as string }),
    );
  }

  /**
   * The newest `perSet` runs of every eval set of every client (oldest first within a set), in one
   * query: what the all-clients overview needs.
   */
  latestRuns(options: { perSet?: number; comparableOnly?: boolean; productionOnly?: boolean; before?: string } = {}): RunRow[] {
    const perSet = options.perSet ?? 1;
    const before = options.before !== undefined ? 'AND r2.started_at < ?' : '';
    // Per (client, set) a walk down runs_by_set from the newest: a window function over every
    // run would read them all.
    return this.all(
      `SELECT ${RUN_SELECT} FROM (SELECT DISTINCT client, eval_set FROM runs) k
       JOIN runs r ON r.id IN (SELECT r2.id FROM runs r2 WHERE r2.client = k.client AND r2.eval_set = k.eval_set
         ${options.comparableOnly ? `AND ${scoresOf('r2')}` : options.productionOnly ? `AND ${productionOf('r2')}` : ''} ${before} ORDER BY r2.started_at DESC, r2.run_id DESC LIMIT ?)
       JOIN clients c ON c.id = r.client JOIN sources s ON s.id = r.id
       ORDER BY c.dir, r.eval_set, r.started_at, r.run_id`,
      options.before !== undefined ? [options.before, perSet] : [perSet],
      toRunRow,
    );
  }

  /** Per run (by RunRow.key) the status of each case: the pairs for the drift test. */
  caseOutcomes(runKeys: readonly number[]): Map<number, Map<string, CaseStatus>> {
    const out = new Map<number, Map<string, CaseStatus>>(runKeys.map((k) => [k, new Map()]));
    const keys = [...new Set(runKeys)];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      this.each(`SELECT run, case_id, status FROM cases WHERE run IN (${chunk.map(() => '?').join(',')})`, chunk, (r) => {
        out.get(r[0] as number)!.set(r[1] as string, CASE_STATUS_NAMES[r[2] as number]);
      });
    }
    return out;
  }

  /** A client's change-log entries, oldest first. */
  changelog(client: ClientRef): IndexedChangelogEntry[] {
    return this.all(
      `SELECT l.date, l.category, l.hours, l.title, l.line, s.path FROM changelog l JOIN clients c ON c.id = l.client JOIN sources s ON s.id = l.source
       WHERE c.dir = ? ORDER BY l.date, s.path, l.line`,
      [client.dir],
      (r) => ({ date: r[0] as string, category: r[1] as ChangelogCategory, hours: r[2] as number, title: r[3] as string, line: r[4] as number, file: r[5] as string }),
    );
  }

  /** Files that could not be indexed (not run records of this version, unreadable), with why. */
  failures(): { file: string; message: string }[] {
    return this.all('SELECT path, error FROM sources WHERE error IS NOT NULL ORDER BY path', [], (r) => ({ file: r[0] as string, message: r[1] as string }));
  }

  // ---- sync -------------------------------------------------------------------------------

  private async syncOnce(clients: readonly Client[]): Promise<SyncStats> {
    const t0 = performance.now();
    const byDir = new Map<string, Client>();
    for (const c of clients) if (!byDir.has(c.dir)) byDir.set(c.dir, c);

    const listed: { path: string; client: Client; kind: SourceKind }[] = [];
    const seen = new Set<string>();
    for (const client of byDir.values()) {
      const files: [string, SourceKind][] = client.runFiles.map((f) => [f, 'run']);
      if (client.changelog) files.push([client.changelog.file, 'changelog']);
      for (const [file, kind] of files) {
        if (seen.has(file)) continue;
        seen.add(file);
        listed.push({ path: file, client, kind });
      }
    }

    const wanted = new Map<string, Wanted>();
    await runPool(listed, STAT_CONCURRENCY, async (l) => {
      const st = await fs.stat(l.path).catch(() => undefined);
      if (st?.isFile()) wanted.set(l.path, { ...l, size: st.size, mtimeMs: st.mtimeMs });
    }, () => false);

    const existing = new Map<string, Existing>();
    this.each('SELECT s.id, s.path, c.dir, s.kind, s.size, s.mtime_ms FROM sources s LEFT JOIN clients c ON c.id = s.client', [], (r) => {
      existing.set(r[1] as string, { id: r[0] as number, clientDir: r[2] as string, kind: r[3] as string, size: r[4] as number, mtimeMs: r[5] as number });
    });

    const toRead: Wanted[] = [];
    let unchanged = 0;
    for (const w of wanted.values()) {
      const e = existing.get(w.path);
      if (e && e.size === w.size && e.mtimeMs === w.mtimeMs && e.kind === w.kind && e.clientDir === w.client.dir) unchanged++;
      else toRead.push(w);
    }
    const removedIds = [...existing.entries()].filter(([p]) => !wanted.has(p)).map(([, e]) => e.id);

    const extracted: Extracted[] = [];
    await runPool(toRead, READ_CONCURRENCY, async (w) => void extracted.push(await readSource(w)), () => false);
    // Vanished between the stat and the read: gone, like any other removed file.
    for (const x of extracted) if (x.vanished && existing.has(x.wanted.path)) removedIds.push(existing.get(x.wanted.path)!.id);

    const failed: { file: string; message: string }[] = [];
    let added = 0;
    let changed = 0;
    this.transaction(() => {
      const clientKeys = this.upsertClients([...byDir.values()]);
      const del = this.deleter();
      try {
        for (const id of removedIds) del(id, true);
        const insertSource = this.db.prepare('INSERT INTO sources (path, client, kind, size, mtime_ms, error) VALUES (?, ?, ?, ?, ?, ?)');
        const updateSource = this.db.prepare('UPDATE sources SET client = ?, kind = ?, size = ?, mtime_ms = ?, error = ? WHERE id = ?');
        const insertRun = this.db.prepare(INSERT_RUN);
        const insertCases = new CaseInserter(this.db);
        const insertEntry = this.db.prepare('INSERT INTO changelog (source, client, date, category, hours, title, line) VALUES (?, ?, ?, ?, ?, ?, ?)');
        try {
          for (const x of extracted) {
            if (x.vanished) continue;
            const w = x.wanted;
            const clientKey = clientKeys.get(w.client.dir)!;
            const error = x.error ?? null;
            if (error) failed.push({ file: w.path, message: error });
            const prior = existing.get(w.path);
            let id: number;
            if (prior) {
              del(prior.id, false);
              updateSource.run([clientKey, w.kind, w.size, w.mtimeMs, error, prior.id]);
              id = prior.id;
              changed++;
            } else {
              insertSource.run([w.path, clientKey, w.kind, w.size, w.mtimeMs, error]);
              id = this.lastId();
              added++;
            }
            if (x.run) {
              insertRun.run([id, clientKey, ...toSqlValues(x.run.row)]);
              insertCases.add(id, x.run);
            }
            for (const e of x.entries ?? []) insertEntry.run([id, clientKey, e.date, e.category, e.hours, e.title, e.line]);
          }
          insertCases.flush();
        } finally {
          for (const st of [insertSource, updateSource, insertRun, insertEntry]) st.free();
          insertCases.free();
        }
      } finally {
        del.free();
      }
      // Clients no longer in the workspace, with anything still filed under them.
      const gone = this.all('SELECT id, dir FROM clients', [], (r) => ({ id: r[0] as number, dir: r[1] as string })).filter((c) => !byDir.has(c.dir));
      for (const c of gone) {
        this.db.run('DELETE FROM cases WHERE run IN (SELECT id FROM runs WHERE client = ?)', [c.id]);
        for (const table of ['runs', 'changelog', 'sources']) this.db.run(`DELETE FROM ${table} WHERE client = ?`, [c.id]);
        this.db.run('DELETE FROM clients WHERE id = ?', [c.id]);
      }
    });

    const removed = new Set(removedIds).size;
    if (added || changed || removed) this.dirty = true;
    const rebuilt = this.pendingRebuild;
    this.pendingRebuild = undefined;
    return {
      ...(rebuilt ? { rebuilt } : {}),
      files: wanted.size,
      added,
      changed,
      removed,
      unchanged,
      read: toRead.length,
      failed,
      totals: this.totals(),
      ms: performance.now() - t0,
    };
  }

  private upsertClients(clients: Client[]): Map<string, number> {
    const keys = new Map<string, number>();
    this.each('SELECT id, dir FROM clients', [], (r) => keys.set(r[1] as string, r[0] as number));
    for (const c of clients) {
      const key = keys.get(c.dir);
      if (key === undefined) {
        this.db.run('INSERT INTO clients (dir, client_id, name) VALUES (?, ?, ?)', [c.dir, c.id, c.name]);
        keys.set(c.dir, this.lastId());
      } else {
        this.db.run('UPDATE clients SET client_id = ?, name = ? WHERE id = ? AND (client_id <> ? OR name <> ?)', [c.id, c.name, key, c.id, c.name]);
      }
    }
    return keys;
  }

  /** Deletes what a source contributed (and, with `source`, the source row itself). */
  private deleter(): ((id: number, source: boolean) => void) & { free(): void } {
    const stmts = ['DELETE FROM cases WHERE run = ?', 'DELETE FROM runs WHERE id = ?', 'DELETE FROM changelog WHERE source = ?'].map((s) => this.db.prepare(s));
    const deleteSource = this.db.prepare('DELETE FROM sources WHERE id = ?');
    const del = (id: number, source: boolean) => {
      for (const st of stmts) st.run([id]);
      if (source) deleteSource.run([id]);
    };
    return Object.assign(del, { free: () => [...stmts, deleteSource].forEach((s) => s.free()) });
  }

  private totals(): SyncStats['totals'] {
    const [clients, runs, cases, changelogEntries] = this.all(
      'SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM changelog)',
      [],
      (r) => r as number[],
    )[0];
    return { clients, runs, cases, changelogEntries };
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private reset(reason: RebuildReason): void {
    try {
      this.db.close();
    } catch {
      // already unusable
    }
    this.db = freshDatabase(this.sql);
    this.pendingRebuild = reason;
    this.dirty = true;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private transaction(work: () => void): void {
    this.db.run('BEGIN');
    try {
      work();
      this.db.run('COMMIT');
    } catch (e) {
      try {
        this.db.run('ROLLBACK');
      } catch {
        // the error below is the one that matters
      }
      throw e;
    }
  }

  private lastId(): number {
    return this.all('SELECT last_insert_rowid()', [], (r) => r[0] as number)[0];
  }

  private each(sql: string, params: SqlValue[], row: (r: SqlValue[]) => void): void {
    const st = this.db.prepare(sql);
    try {
      st.bind(params);
      while (st.step()) row(st.get());
    } finally {
      st.free();
    }
  }

  private all<T>(sql: string, params: SqlValue[], map: (r: SqlValue[]) => T): T[] {
    const out: T[] = [];
    this.each(sql, params, (r) => out.push(map(r)));
    return out;
  }
}

/** Inserts case rows many to a statement: one call into sql.js per CASE_BATCH rows rather than per row. */
const CASE_BATCH = 200;
class CaseInserter {
  private readonly batch: SqlValue[] = [];
  private readonly full;
  constructor(private readonly db: Database) {
    this.full = db.prepare(`INSERT OR REPLACE INTO cases (run, case_id, status, score) VALUES ${Array(CASE_BATCH).fill('(?,?,?,?)').join(',')}`);
  }
  add(run: number, r: ExtractedRun): void {
    for (let i = 0; i < r.caseIds.length; i++) {
      this.batch.push(run, r.caseIds[i], r.caseStatus[i], r.caseScores[i]);
      if (this.batch.length === CASE_BATCH * 4) {
        this.full.run(this.batch);
        this.batch.length = 0;
      }
    }
  }
  flush(): void {
    if (this.batch.length === 0) return;
    const rows = this.batch.length / 4;
    const st = this.db.prepare(`INSERT OR REPLACE INTO cases (run, case_id, status, score) VALUES ${Array(rows).fill('(?,?,?,?)').join(',')}`);
    try {
      st.run(this.batch);
    } finally {
      st.free();
    }
    this.batch.length = 0;
  }
  free(): void {
    this.full.free();
  }
}

async function readSource(wanted: Wanted): Promise<Extracted> {
  let text: string;
  try {
    text = await fs.readFile(wanted.path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { wanted, vanished: true };
    return { wanted, error: `cannot read: ${(e as Error).message}` };
  }
  if (wanted.kind === 'changelog') return { wanted, entries: parseChangelog(wanted.path, text).changelog.entries };
  const result = extractRun(text);
  return result.ok ? { wanted, run: result.run } : { wanted, error: result.message };
}

/** A row of RUN_SELECT. */
function toRunRow(r: SqlValue[]): RunRow {
  return { key: r[0] as number, clientDir: r[1] as string, clientId: r[2] as string, file: r[3] as string, ...fromSqlValues(r, 4) };
}

// ---- opening, and deciding to rebuild ------------------------------------------------------

const SQLITE_MAGIC = 'SQLite format 3\0';

async function openDatabase(sql: SqlJsStatic, file: string | undefined): Promise<{ db: Database; rebuilt?: RebuildReason }> {
  if (!file) return { db: freshDatabase(sql), rebuilt: { reason: 'missing', detail: 'in-memory index' } };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { db: freshDatabase(sql), rebuilt: { reason: missing ? 'missing' : 'corrupt', detail: missing ? `no index at ${file}` : `unreadable: ${(e as Error).message}` } };
  }
  const damage = headerDamage(bytes);
  if (damage) return { db: freshDatabase(sql), rebuilt: { reason: 'corrupt', detail: damage } };
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
    if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    const hasMeta = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").length > 0;
    const version = hasMeta ? db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0] : undefined;
    if (version !== String(SCHEMA_VERSION)) {
      db.close();
      return { db: freshDatabase(sql), rebuilt: { reason: 'schema', detail: `schema version ${version ?? 'none'}, this build uses ${SCHEMA_VERSION}` } };
    }
    applyPragmas(db);
    return { db };
  } catch (e) {
    try {
      db?.close();
    } catch {
      // it was broken
    }
    return { db: freshDatabase(sql), rebuilt: { reason: 'corrupt', detail: (e as Error).message } };
  }
}

/** What is wrong with a file that claims to be a SQLite database, judged from its 100-byte header; undefined when nothing is. */
function headerDamage(bytes: Buffer): string | undefined {
  if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) return 'not a SQLite file';
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = bytes.readUInt32BE(28);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `bad page size ${rawPageSize}`;
  if (bytes.length % pageSize !== 0 || (pages > 0 && bytes.length < pages * pageSize)) return `truncated: ${bytes.length} bytes, the header says ${pages} pages of ${pageSize}`;
  return undefined;
}

function freshDatabase(sql: SqlJsStatic): Database {
  const db = new sql.Database();
  db.exec(SCHEMA_SQL);
  db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['schema_version', String(SCHEMA_VERSION)]);
  applyPragmas(db);
  return db;
}

function applyPragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY;');
}
