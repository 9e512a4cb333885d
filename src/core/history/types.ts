import type { ChangelogCategory } from '../workspace/changelog';
import type { RunSummaryRow } from './runColumns';

export type { RunStatus } from './runsThatCount';
export type CaseStatus = 'passed' | 'failed' | 'errored';

/** One run as the index keeps it: the record's summary (src/core/history/runColumns.ts) and where it is, none of its outputs. */
export type RunRow = RunSummaryRow & {
  /** The index's own handle for the run, valid until the index is rebuilt (see caseOutcomes). */
  key: number;
  /** The client's folder (what the index keys clients by) and its id relative to the workspace root. */
  clientDir: string;
  clientId: string;
  /** The run record file. */
  file: string;
};

/** A change-log entry as the index keeps it (the body stays in the file). */
export interface IndexedChangelogEntry {
  date: string;
  category: ChangelogCategory;
  hours: number;
  title: string;
  line: number;
  file: string;
}

export interface IndexedEvalSet {
  evalSetId: string;
  /** The name in the newest run. */
  name: string;
  runs: number;
  firstStartedAt: string;
  lastStartedAt: string;
}

export interface IndexedClient {
  dir: string;
  id: string;
  name: string;
}

/** Why the index started over from the files. */
export interface RebuildReason {
  reason: 'missing' | 'corrupt' | 'schema';
  detail: string;
}

export interface SyncStats {
  /** Set when this sync rebuilt the index from nothing, and why (for logs and tests; never shown as an error). */
  rebuilt?: RebuildReason;
  /** Source files the clients list (run records and change logs). */
  files: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Files read and parsed by this sync: the added and changed ones, nothing else. */
  read: number;
  /** Files that could not be indexed; they are not read again until they change. */
  failed: { file: string; message: string }[];
  /** What the index holds after the sync. */
  totals: { clients: number; runs: number; cases: number; changelogEntries: number };
  ms: number;
}

export interface RunQuery {
  evalSetId?: string;
  /** Only the runs that are their set's score (countsAsScore, src/core/history/runsThatCount.ts): what series and drift are computed on. */
  comparableOnly?: boolean;
  /** The newest `limit` runs (still returned oldest first). */
  limit?: number;
  /** Runs started at or after this ISO time. */
  since?: string;
  /** Runs started before this ISO time. */
  before?: string;
}
