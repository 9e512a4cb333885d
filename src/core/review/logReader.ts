import { createReadStream } from 'fs';
import * as path from 'path';
import { createInterface } from 'readline';
import { locateJsonError } from '../providers/replay';
import type { ProductionConfig } from '../workspace/schemas';
import { CsvRecordReader, isCsvProblem } from './csv';

/**
 * Production logs, one answered query a line (JSONL, or CSV with a header row), streamed: a line
 * is handed on and forgotten, so a log of any size is read in bounded memory. A line that cannot
 * be used is a problem with its line and column and is skipped; a file whose columns do not hold
 * the mapped fields is one error for the whole file.
 */

export type FieldMapping = ProductionConfig['fields'];
export const DEFAULT_FIELDS: FieldMapping = { input: 'input', output: 'output', timestamp: 'timestamp' };

export interface LogLine {
  /** The log file, as given. */
  file: string;
  /** 1-based line the record starts on. */
  line: number;
  input: string;
  output: string;
  /** The timestamp as written. */
  timestamp: string;
  /** The same, in milliseconds since the epoch. */
  time: number;
  latencyMs?: number;
  /** The mapped `flagged` field is true. */
  flagged: boolean;
  /** Every field of the line, mapped or not (channel, intent, …), as text. */
  fields: Record<string, string>;
  /** The line's own text, what the sample's hash is taken of. */
  raw: string;
}

export interface LogProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The file's fields cannot be mapped: nothing of it is usable, one error says why. */
export class UnmappableLog extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'UnmappableLog';
  }
}

export interface ReadSummary {
  /** Lines handed on. */
  read: number;
  /** Every problem counted; only the first `MAX_PROBLEMS_KEPT` are kept. */
  problemCount: number;
  problems: LogProblem[];
}

export const MAX_PROBLEMS_KEPT = 100;
/** This many JSONL objects in a row without the mapped fields (and none before with them): the mapping is wrong. */
const UNMAPPED_STREAK_LIMIT = 1000;

export function logFormat(file: string): 'csv' | 'jsonl' {
  return /\.csv$/i.test(file) ? 'csv' : 'jsonl';
}

/** Reads each file in turn, calling `onLine` for every usable line. */
export async function readProductionLogs(files: readonly string[], mapping: FieldMapping, onLine: (line: LogLine) => void): Promise<ReadSummary> {
  const summary: ReadSummary = { read: 0, problemCount: 0, problems: [] };
  for (const file of files) await readOne(file, mapping, onLine, summary);
  return summary;
}

async function readOne(file: string, mapping: FieldMapping, onLine: (line: LogLine) => void, summary: ReadSummary): Promise<void> {
  const shown = path.basename(file);
  const problem = (line: number, column: number, message: string): void => {
    summary.problemCount++;
    if (summary.problems.length < MAX_PROBLEMS_KEPT) summary.problems.push({ file, line, column, message });
  };
  const take = (fields: Record<string, unknown>, line: number, raw: string, column: (key: string) => number): 'used' | 'unmapped' | 'bad' => {
    const missing = (['input', 'output', 'timestamp'] as const).filter((k) => fields[mapping[k]] === undefined || fields[mapping[k]] === null);
    if (missing.length) {
      problem(line, 1, `no ${missing.map((k) => `"${mapping[k]}"`).join(', ')} (the ${missing.join(', ')} field${missing.length > 1 ? 's' : ''} in client.yaml production.fields)`);
      return 'unmapped';
    }
    const text = asText(fields);
    const time = parseTimestamp(fields[mapping.timestamp]);
    if (time === undefined) {
      problem(line, column(mapping.timestamp), `"${mapping.timestamp}" is not a time: write it as ISO 8601, e.g. 2026-10-05T09:30:00+10:00`);
      return 'bad';
    }
    let latencyMs: number | undefined;
    if (mapping.latencyMs !== undefined && text[mapping.latencyMs] !== undefined && text[mapping.latencyMs] !== '') {
      latencyMs = Number(text[mapping.latencyMs]);
      if (!Number.isFinite(latencyMs) || latencyMs < 0) {
        problem(line, column(mapping.latencyMs), `"${mapping.latencyMs}" must be a number of milliseconds, 0 or more`);
        return 'bad';
      }
    }
    onLine({
      file,
      line,
      input: text[mapping.input],
      output: text[mapping.output],
      timestamp: text[mapping.timestamp],
      time,
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      flagged: mapping.flagged !== undefined && /^(true|yes|1|y)$/i.test(text[mapping.flagged] ?? ''),
      fields: text,
      raw,
    });
    summary.read++;
    return 'used';
  };

  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  try {
    if (logFormat(file) === 'csv') {
      const reader = new CsvRecordReader();
      let header: string[] | undefined;
      let rawRecord: string[] = [];
      for await (const text of lines) {
        n++;
        const body = n === 1 ? text.replace(/^\uFEFF/, '') : text;
        if (rawRecord.length === 0 && body.trim() === '') continue;
        rawRecord.push(body);
        const got = reader.push(body, n);
        if (!got) continue;
        const raw = rawRecord.join('\n');
        rawRecord = [];
        if (isCsvProblem(got)) {
          if (!header) throw new UnmappableLog(shown, `line ${got.line}, column ${got.column}: the header row does not read: ${got.message}`);
          problem(got.line, got.column, got.message);
          continue;
        }
        if (!header) {
          header = got.fields.map((f) => f.trim());
          const wanted = mappedFields(mapping);
          const absent = wanted.filter((f) => !header!.includes(f));
          if (absent.length) throw new UnmappableLog(shown, `the columns do not map: no ${absent.map((f) => `"${f}"`).join(', ')} among its columns (${header.map((f) => `"${f}"`).join(', ')}); set production.fields in client.yaml to the columns that hold the query, the answer and the time`);
          continue;
        }
        if (got.fields.length !== header.length) {
          problem(got.line, 1, `${got.fields.length} fields where the header has ${header.length}`);
          continue;
        }
        const record: Record<string, string> = {};
        header.forEach((name, i) => (record[name] = got.fields[i]));
        const columns = header;
        take(record, got.line, raw, (key) => csvColumn(raw, columns.indexOf(key)));
      }
      const open = reader.end();
      if (open) problem(open.line, open.column, open.message);
      if (!header) throw new UnmappableLog(shown, 'the file is empty: a CSV log needs a header row naming its columns');
      return;
    }
    let mappedAny = false;
    let unmappedStreak = 0;
    let firstKeys: string[] | undefined;
    for await (const text of lines) {
      n++;
      const raw = n === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        const where = locateJsonError(raw);
        problem(n, (where?.offset ?? 0) + 1, `not valid JSON: ${where?.message ?? (err as Error).message}`);
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problem(n, 1, 'a log line must be a JSON object');
        continue;
      }
      firstKeys ??= Object.keys(value);
      const outcome = take(value as Record<string, unknown>, n, raw, (key) => jsonColumn(raw, key));
      if (outcome === 'unmapped') unmappedStreak++;
      else {
        mappedAny = true;
        unmappedStreak = 0;
      }
      if (!mappedAny && unmappedStreak >= UNMAPPED_STREAK_LIMIT) break;
    }
    if (!mappedAny && firstKeys) {
      throw new UnmappableLog(shown, `the fields do not map: no line has all of ${mappedFields(mapping).map((f) => `"${f}"`).join(', ')} (the first line has ${firstKeys.map((f) => `"${f}"`).join(', ')}); set production.fields in client.yaml to the keys that hold the query, the answer and the time`);
    }
  } finally {
    lines.close();
  }
}

function mappedFields(mapping: FieldMapping): string[] {
  return [mapping.input, mapping.output, mapping.timestamp];
}

/** Every field as text: strings as they are, other values as JSON. */
function asText(fields: Record<string, unknown>): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) text[key] = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  return text;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch: an ISO 8601 time (one without an offset is the machine's local
 * time, a date alone its local midnight), or a number of seconds (below 10^11) or milliseconds.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : undefined;
  if (typeof value !== 'string' || !ISO_TIME.test(value.trim())) return undefined;
  const text = value.trim();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

function jsonColumn(raw: string, key: string): number {
  const at = raw.indexOf(`${JSON.stringify(key)}`);
  return at >= 0 ? at + 1 : 1;
}

/** The column where the `index`th field of a CSV line starts (for unquoted commas; quoted ones make it approximate). */
function csvColumn(raw: string, index: number): number {
  if (index <= 0) return 1;
  let seen = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '"') quoted = !quoted;
    else if (raw[i] === ',' && !quoted && ++seen === index) return i + 2;
  }
  return 1;
}
