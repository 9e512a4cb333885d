// is-sql and contains-sql, with node-sql-parser as promptfoo uses it: the dialect from
// value.databaseType (default MySQL) and promptfoo's authority lists, `{type}::{db}::{table}` for
// allowedTables and `{type}::{table}::{column}` for allowedColumns. The parser (2.6 MB of
// grammars) is its own bundle, dist/sql.js, required on first use, so only runs that check SQL
// pay for compiling it.
import type { Parser as SqlParser } from 'node-sql-parser';
import { requireBesideBundle } from '../util/besideBundle';
import type { Assertion } from '../workspace/schemas';
import { readValue } from './catalogue';
import type { AssertionContext, GradingResult } from './types';
import type * as SqlParserBundle from './sqlParserBundle';
import { quote, result } from './util';

export const SQL_PARSER_BUNDLE = 'sql.js';

interface SqlValue {
  databaseType?: string;
  allowedTables?: string[];
  allowedColumns?: string[];
}

let parser: SqlParser | undefined;

function sqlParser(): SqlParser {
  parser ??= new (requireBesideBundle<typeof SqlParserBundle>(SQL_PARSER_BUNDLE, 'The SQL parser')).Parser();
  return parser;
}

/** Why `sql` is not valid SQL for the value's dialect and authority lists, or undefined when it is. */
function sqlProblems(sql: string, value: SqlValue): string[] {
  const database = value.databaseType ?? 'MySQL';
  if (sql.trim() === '') return ['it is empty'];
  const p = sqlParser();
  try {
    p.astify(sql, { database });
  } catch (e) {
    return [`it is not valid ${database} SQL (${firstLine((e as Error).message)})`];
  }
  const problems: string[] = [];
  for (const [list, type] of [[value.allowedTables, 'table'], [value.allowedColumns, 'column']] as const) {
    if (!list) continue;
    try {
      p.whiteListCheck(sql, list, { database, type });
    } catch (e) {
      problems.push(`it reaches beyond allowed${type === 'table' ? 'Tables' : 'Columns'}: ${firstLine((e as Error).message)}`);
    }
  }
  return problems;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function isSql(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<SqlValue | undefined>(assertion) ?? {};
  const problems = sqlProblems(output, value);
  return problems.length === 0 ? result(true, `Output is valid ${value.databaseType ?? 'MySQL'} SQL`) : result(false, `Output is not accepted as SQL: ${problems.join('; ')}`);
}

const FENCE = /```[ \t]*(?:sql)?[ \t]*\r?\n([\s\S]*?)```/gi;

/** The output itself when it is SQL, else the first ``` code block (tagged sql or untagged) that is. */
export function containsSql(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const value = readValue<SqlValue | undefined>(assertion) ?? {};
  const whole = sqlProblems(output, value);
  if (whole.length === 0) return result(true, 'Output is valid SQL');
  const blocks = [...output.matchAll(FENCE)].map((m) => m[1]);
  for (const block of blocks) {
    if (sqlProblems(block, value).length === 0) return result(true, `Output contains a valid SQL code block: ${quote(block.trim(), 60)}`);
  }
  if (blocks.length > 0) return result(false, `Output has ${blocks.length} code block${blocks.length === 1 ? '' : 's'}, none of them accepted as SQL: ${sqlProblems(blocks[0], value).join('; ')}`);
  return result(false, `Output contains no SQL: ${whole.join('; ')}`);
}
