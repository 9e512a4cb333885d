import * as z from 'zod';
import { RUN_PURPOSES } from '../store/runFormat';
import type { RunRecord } from '../store/runRecord';

/**
 * The run summary the history keeps of each record, as one table: each field's index column, its
 * type, and where it comes from in the record. The index's CREATE, INSERT and SELECT are
 * generated from it (src/core/history/schema.ts, historyIndex.ts), and the shapes that carry a
 * run's summary (RunRow, SeriesRun, the dashboard protocol's points and recent runs) are derived
 * from it, so a new field is one entry here (and SCHEMA_VERSION raised). Pure: the webviews
 * import it through src/protocol.
 */

/** What an index column holds; `boolean` is stored as INTEGER 0/1, optional fields as NULL. */
type ColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN';
type RecordHead = Omit<RunRecord, 'cases'>;

interface Column<S extends z.ZodType> {
  sql: string;
  type: ColumnType;
  schema: S;
  from: (record: RecordHead) => z.output<S>;
}

function column<S extends z.ZodType>(sql: string, type: ColumnType, schema: S, from: (record: RecordHead) => z.output<S>): Column<S> {
  return { sql, type, schema, from };
}

const id = z.string().min(1).max(1_000);
const text = z.string();
const count = z.number().int().nonnegative();

export const RUN_COLUMNS = {
  runId: column('run_id', 'TEXT', id, (r) => r.id),
  evalSetId: column('eval_set', 'TEXT', id, (r) => r.evalSet.id),
  evalSetName: column('eval_set_name', 'TEXT', text, (r) => r.evalSet.name),
  startedAt: column('started_at', 'TEXT', text, (r) => r.startedAt),
  endedAt: column('ended_at', 'TEXT', text, (r) => r.endedAt),
  status: column('status', 'TEXT', z.enum(['complete', 'cancelled', 'interrupted']), (r) => r.status),
  /** Only some cases were selected (Test Explorer, `upkeep run --case`). */
  partial: column('partial', 'BOOLEAN', z.boolean(), (r) => r.selectedCases !== undefined),
  purpose: column('purpose', 'TEXT', z.enum(RUN_PURPOSES), (r) => r.purpose),
  trigger: column('trigger', 'TEXT', text, (r) => r.trigger),
  modelName: column('model_name', 'TEXT', text, (r) => r.model.name),
  modelDigest: column('model_digest', 'TEXT', text.optional(), (r) => r.model.digest),
  systemPromptSha: column('prompt_sha', 'TEXT', text, (r) => r.systemPrompt.sha256),
  total: column('total', 'INTEGER', count, (r) => r.summary.total),
  passed: column('passed', 'INTEGER', count, (r) => r.summary.passed),
  failed: column('failed', 'INTEGER', count, (r) => r.summary.failed),
  errored: column('errored', 'INTEGER', count, (r) => r.summary.errored),
  flaky: column('flaky', 'INTEGER', count, (r) => r.summary.flaky),
  score: column('score', 'REAL', z.number(), (r) => r.summary.score),
  passRate: column('pass_rate', 'REAL', z.number(), (r) => r.summary.passRate),
  latencyP50Ms: column('latency_p50', 'REAL', z.number().optional(), (r) => r.summary.latencyP50Ms),
  latencyP95Ms: column('latency_p95', 'REAL', z.number().optional(), (r) => r.summary.latencyP95Ms),
  promptTokens: column('prompt_tokens', 'INTEGER', count, (r) => r.summary.tokens.prompt),
  completionTokens: column('completion_tokens', 'INTEGER', count, (r) => r.summary.tokens.completion),
};

export type RunField = keyof typeof RUN_COLUMNS;
type Shape = { [K in RunField]: (typeof RUN_COLUMNS)[K]['schema'] };

/** A run's summary as the history keeps it, validated where it crosses into a webview. */
export const runSummaryRowSchema = z.object(Object.fromEntries(Object.entries(RUN_COLUMNS).map(([k, c]) => [k, c.schema])) as Shape);
export type RunSummaryRow = z.infer<typeof runSummaryRowSchema>;

/** The fields of a point on a set's charts (src/core/analysis/series.ts SeriesPoint, the dashboard protocol). */
export const SERIES_POINT_FIELDS = {
  runId: true,
  startedAt: true,
  score: true,
  passRate: true,
  latencyP50Ms: true,
  latencyP95Ms: true,
  total: true,
  passed: true,
  failed: true,
  errored: true,
  modelName: true,
  modelDigest: true,
  systemPromptSha: true,
} as const satisfies Partial<Record<RunField, true>>;

/** The fields of a run in the dashboard's recent runs. */
export const RECENT_RUN_FIELDS = {
  runId: true,
  evalSetId: true,
  evalSetName: true,
  startedAt: true,
  status: true,
  partial: true,
  purpose: true,
  modelName: true,
  score: true,
  passRate: true,
  passed: true,
  failed: true,
  errored: true,
  total: true,
  latencyP95Ms: true,
} as const satisfies Partial<Record<RunField, true>>;

/** The fields of a run that stopped short, shown beside its set's score (runsThatCount.ts describeStoppedRun). */
export const STOPPED_RUN_FIELDS = {
  runId: true,
  startedAt: true,
  status: true,
  partial: true,
  purpose: true,
  total: true,
  errored: true,
} as const satisfies Partial<Record<RunField, true>>;

/** The record's summary as a row. */
export function runSummaryRow(record: RecordHead): RunSummaryRow {
  const row: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(RUN_COLUMNS)) {
    const v = c.from(record);
    if (v !== undefined) row[k] = v;
  }
  return row as RunSummaryRow;
}

const COLUMN_LIST = Object.entries(RUN_COLUMNS) as [RunField, Column<z.ZodType>][];

/** The runs table's summary columns, for CREATE TABLE. */
export function runColumnsDdl(): string {
  return COLUMN_LIST.map(([, c]) => `${c.sql} ${c.type === 'BOOLEAN' ? 'INTEGER' : c.type}${c.schema.isOptional() ? '' : ' NOT NULL'}`).join(',\n  ');
}

/** The summary columns' names, prefixed (`r.run_id, r.eval_set, …`), in table order. */
export function runColumnNames(prefix = ''): string[] {
  return COLUMN_LIST.map(([, c]) => `${prefix}${c.sql}`);
}

/** The column of a field, for SQL written against the table (`r.errored`). */
export function runColumn(field: RunField, prefix = ''): string {
  return `${prefix}${RUN_COLUMNS[field].sql}`;
}

/** A row's values in table order, as SQL stores them. */
export function toSqlValues(row: RunSummaryRow): (string | number | null)[] {
  return COLUMN_LIST.map(([k, c]) => {
    const v = row[k];
    if (v === undefined) return null;
    return c.type === 'BOOLEAN' ? (v ? 1 : 0) : (v as string | number);
  });
}

/** The row back from SQL values in table order (as runColumnNames lists them), starting at `offset`. */
export function fromSqlValues(values: readonly unknown[], offset = 0): RunSummaryRow {
  const row: Record<string, unknown> = {};
  COLUMN_LIST.forEach(([k, c], i) => {
    const v = values[offset + i];
    if (v === null || v === undefined) return;
    row[k] = c.type === 'BOOLEAN' ? v === 1 : v;
  });
  return row as RunSummaryRow;
}
