export { HistoryIndex, type OpenOptions } from './historyIndex';
export { SCHEMA_VERSION } from './schema';
export type { CaseStatus, IndexedChangelogEntry, IndexedClient, IndexedEvalSet, RebuildReason, RunQuery, RunRow, RunStatus, SyncStats } from './types';
export { findSqlWasm, loadedSqlWasm, loadSqlJs, SQL_WASM_FILE } from './wasm';
export { buildClientDashboard, clientDashboard, clientsOverview, monthSeenFrom, type ClientDashboard, type DashboardOptions, type Health, type OverviewRow, type SetBreach, type SetDashboard } from './dashboard';
