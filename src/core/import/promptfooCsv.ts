// promptfoo's CSV test files (`tests: file://tests.csv`), read as promptfoo reads them: a header
// row, then one test a row; a column is a variable unless its name starts with `__`. Each
// non-empty `__expected…` cell is an assertion written as `type:value`, `type(threshold):value`,
// `not-type:…`, `grade:`/`llm-rubric:` for a rubric, or else the text the output must equal;
// `__description`, `__threshold`, `__metric` and `__metadata:<key>` fill in the test. The tests
// go through the importer like a YAML list; what has no equivalent (`__prefix`, `__suffix`,
// `__providerOutput`, `__config…`, script assertions) is listed at its row and column.
import { ASSERTION_TYPES } from '../assertions/catalogue';
import { CsvRecordReader, isCsvProblem } from '../review/csv';
import type { SourceRange } from '../workspace/problems';
import type { PathKey } from '../workspace/yamlSource';

type Raw = Record<string, unknown>;

/** promptfoo's assertion types that Upkeep lacks: written `type:value` they are still typed (and then listed as not carried over), not an `equals`. */
const PROMPTFOO_ONLY_TYPES = [
  'javascript', 'python', 'ruby', 'webhook', 'classifier', 'answer-relevance', 'context-faithfulness', 'context-recall', 'context-relevance',
  'factuality', 'model-graded-closedqa', 'model-graded-factuality', 'moderation', 'perplexity', 'perplexity-score', 'select-best', 'g-eval',
  'is-valid-openai-function-call', 'is-valid-openai-tools-call', 'guardrails', 'pi', 'meteor', 'max-score', 'human',
];
/** Types promptfoo gives a threshold when a CSV cell names none (promptfoo's own defaults). */
const THRESHOLD_TYPES = new Set(['answer-relevance', 'classifier', 'context-faithfulness', 'context-recall', 'context-relevance', 'cost', 'latency', 'levenshtein', 'perplexity-score', 'perplexity', 'rouge-n', 'similar', 'starts-with']);
const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
const TYPE_NAMES = [...new Set([...ASSERTION_TYPES.filter((t) => !t.startsWith('not-')), ...PROMPTFOO_ONLY_TYPES])].sort((a, b) => b.length - a.length);
const TYPED = new RegExp(`^(not-)?(${TYPE_NAMES.map((t) => t.replace(/[-]/g, '\\-')).join('|')})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`);

/** One `__expected` cell as promptfoo reads it. */
export function assertionFromCell(cell: string): Raw {
  for (const [prefix, type] of [['javascript:', 'javascript'], ['fn:', 'javascript'], ['eval:', 'javascript'], ['python:', 'python']] as const) {
    if (cell.startsWith(prefix)) return { type, value: cell.slice(prefix.length).trim() };
  }
  if (cell.startsWith('grade:') || cell.startsWith('llm-rubric:')) return { type: 'llm-rubric', value: cell.slice(cell.indexOf(':') + 1) };
  const typed = TYPED.exec(cell);
  if (!typed) return { type: 'equals', value: cell };
  const [, not, type, thresholdText, value] = typed;
  const out: Raw = { type: `${not ?? ''}${type}` };
  if (value !== undefined) out.value = LIST_TYPES.has(type) ? value.split(',').map((s) => s.trim()) : value;
  if (THRESHOLD_TYPES.has(type)) out.threshold = Number.parseFloat(thresholdText ?? '') || (type === 'similar' ? 0.8 : 0.75);
  return out;
}

/** Where a CSV test's parts are: the row's line and the column of the cell that holds each. */
export class CsvSource {
  constructor(
    readonly file: string,
    private readonly cells: Array<Map<string, { line: number; column: number }>>,
  ) {}

  /** `[row, 'vars', name]`, `[row, 'assert', j, …]`, `[row, 'description']`, …: the cell behind it, else the row's start. */
  locate(at: readonly PathKey[]): SourceRange {
    const row = this.cells[typeof at[0] === 'number' ? at[0] : -1];
    const key = at[1] === 'vars' ? String(at[2]) : at[1] === 'assert' ? `assert ${String(at[2])}` : `__${String(at[1])}`;
    const cell = row?.get(key) ?? row?.get('') ?? { line: 1, column: 1 };
    return { line: cell.line, column: cell.column, endLine: cell.line, endColumn: cell.column };
  }
}

export interface CsvTests {
  tests: Raw[];
  source: CsvSource;
  /** Cells with no Upkeep equivalent, and rows that do not read: [path into tests, why]. */
  notes: Array<[PathKey[], string]>;
}

/** The tests of a promptfoo CSV file's text. Throws with the line for a file that does not read as CSV. */
export function testsFromCsv(file: string, text: string): CsvTests {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const reader = new CsvRecordReader();
  const records: Array<{ fields: string[]; line: number; columns: number[] }> = [];
  lines.forEach((line, i) => {
    const r = reader.push(line, i + 1);
    if (r === undefined) return;
    if (isCsvProblem(r)) throw new Error(`${file}:${r.line}:${r.column}: ${r.message}.`);
    if (r.fields.length === 1 && r.fields[0] === '') return; // a blank line
    records.push({ ...r, columns: fieldColumns(lines[r.line - 1]) });
  });
  const unfinished = reader.end();
  if (unfinished) throw new Error(`${file}:${unfinished.line}:${unfinished.column}: ${unfinished.message}.`);
  const [header, ...rows] = records;
  if (!header) throw new Error(`${file} is empty: a promptfoo CSV needs a header row of variable names.`);
  const names = header.fields.map((n) => n.trim());
  const tests: Raw[] = [];
  const cells: CsvSource['cells'] = [];
  const notes: CsvTests['notes'] = [];
  for (const row of rows) {
    const i = tests.length;
    const at = (k: number) => ({ line: row.line, column: row.columns[k] ?? 1 });
    const where = new Map<string, { line: number; column: number }>([['', at(0)]]);
    const vars: Raw = {};
    const asserts: Raw[] = [];
    const metadata: Raw = {};
    const test: Raw = {};
    let metric: string | undefined;
    names.forEach((name, k) => {
      const value = row.fields[k] ?? '';
      if (!name.startsWith('__')) {
        vars[name] = value;
        where.set(name, at(k));
      } else if (name.startsWith('__expected')) {
        if (value.trim() === '') return;
        where.set(`assert ${asserts.length}`, at(k));
        asserts.push(assertionFromCell(value));
      } else if (name === '__description' || name === '__threshold') {
        const key = name.slice(2);
        if (value === '') return;
        test[key] = key === 'threshold' ? Number.parseFloat(value) : value;
        where.set(name, at(k));
      } else if (name === '__metric') {
        metric = value || undefined;
      } else if (name.startsWith('__metadata:')) {
        if (value !== '') metadata[name.slice('__metadata:'.length)] = value;
        where.set('__metadata', where.get('__metadata') ?? at(k));
      } else if (value !== '') {
        where.set(name, at(k));
        notes.push([[i, name.slice(2)], `${name}: not carried over (${name === '__prefix' || name === '__suffix' ? 'Upkeep sends the input as it is; put the text in the prompt' : name === '__providerOutput' ? 'the client’s model answers every case' : 'no equivalent'}).`]);
      }
    });
    if (metric) for (const a of asserts) a.metric = metric;
    tests.push({ ...test, vars, ...(asserts.length ? { assert: asserts } : {}), ...(Object.keys(metadata).length ? { metadata } : {}) });
    cells.push(where);
  }
  return { tests, source: new CsvSource(file, cells), notes };
}

/** The 1-based column where each field of a one-line record starts. */
function fieldColumns(line: string): number[] {
  const columns = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ',' && !quoted) columns.push(i + 2);
  }
  return columns;
}
