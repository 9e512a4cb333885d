/**
 * The history index's tables. The files are the record; this is a cache built from them, so a
 * change here only needs SCHEMA_VERSION raised: an index of another version is rebuilt.
 *
 * - `sources`: every file indexed, with the size and mtime it had, so a sync reads only the
 *   files that are new or changed. A file that failed to index keeps its row (with `error`) so
 *   it is not read again until it changes.
 * - `runs`: one row per run record file (`runs.id` = `sources.id`), the summary and identity,
 *   one column per field of src/core/history/runColumns.ts.
 * - `cases`: per run and case, the status (0 passed, 1 failed, 2 errored) and score: what the
 *   paired drift test needs, nothing of the outputs.
 * - `changelog`: the CHANGELOG.md entries' headings.
 */
import { runColumnsDdl } from './runColumns';

export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  dir TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  client INTEGER NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  error TEXT
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  client INTEGER NOT NULL,
  ${runColumnsDdl()}
);
CREATE INDEX runs_by_set ON runs (client, eval_set, started_at, run_id);
CREATE TABLE cases (
  run INTEGER NOT NULL,
  case_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (run, case_id)
) WITHOUT ROWID;
CREATE TABLE changelog (
  source INTEGER NOT NULL,
  client INTEGER NOT NULL,
  date TEXT NOT NULL,
  category TEXT NOT NULL,
  hours REAL NOT NULL,
  title TEXT NOT NULL,
  line INTEGER NOT NULL
);
CREATE INDEX changelog_by_client ON changelog (client, date);
CREATE INDEX changelog_by_source ON changelog (source);
`;

export const CASE_STATUS_CODES = { passed: 0, failed: 1, errored: 2 } as const;
export const CASE_STATUS_NAMES = ['passed', 'failed', 'errored'] as const;
