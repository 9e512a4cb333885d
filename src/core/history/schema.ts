/**
 * The history index's tables. The files are the record; this is a cache built from them, so a
 * change here only needs SCHEMA_VERSION raised: an index of another version is rebuilt.
 *
 * - `sources`: every file indexed, with the size and mtime it had, so a sync reads only the
 *   files that are new or changed. A file that failed to index keeps its row (with `error`) so
 *   it is not read again until it changes.
 * - `runs`: one row per run record file (`runs.id` = `sources.id`), the summary and identity.
 * - `cases`: per run and case, the status (0 passed, 1 failed, 2 errored) and score: what the
 *   paired drift test needs, nothing of the outputs.
 * - `changelog`: the CHANGELOG.md entries' headings.
 */
export const SCHEMA_VERSION = 1;

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
  run_id TEXT NOT NULL,
  eval_set TEXT NOT NULL,
  eval_set_name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  status TEXT NOT NULL,
  partial INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  model_name TEXT NOT NULL,
  model_digest TEXT,
  prompt_sha TEXT NOT NULL,
  total INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  errored INTEGER NOT NULL,
  flaky INTEGER NOT NULL,
  score REAL NOT NULL,
  pass_rate REAL NOT NULL,
  latency_p50 REAL,
  latency_p95 REAL
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
