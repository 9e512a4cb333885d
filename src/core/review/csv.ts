/**
 * CSV records as RFC 4180 writes them (a quoted field may hold commas, `""` for a quote, and line
 * breaks), fed one text line at a time so a log of any size streams. Not promptfoo's
 * comma-separated lists (`parseCommaSeparated` in assertions/values.ts): those trim fields and
 * skip empty ones, which would shift a log's columns.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

/** Longest record kept while a quote is open: past it the record is a problem, not memory. */
const MAX_RECORD_CHARS = 1_000_000;

export class CsvRecordReader {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private startLine = 0;
  private pendingChars = 0;

  /** Feeds one line (without its line break); returns a finished record, a problem, or nothing while a quoted field spans lines. */
  push(text: string, line: number): CsvRecord | CsvProblem | undefined {
    if (!this.quoted) {
      this.fields = [];
      this.field = '';
      this.startLine = line;
      this.pendingChars = 0;
    } else {
      this.field += '\n';
    }
    this.pendingChars += text.length;
    if (this.pendingChars > MAX_RECORD_CHARS) {
      this.quoted = false;
      return { line: this.startLine, column: 1, message: `a quoted field opened here is still open after ${MAX_RECORD_CHARS.toLocaleString('en')} characters (a missing closing quote?)` };
    }
    let i = 0;
    let fieldStart = this.quoted;
    while (i <= text.length) {
      if (this.quoted) {
        const close = text.indexOf('"', i);
        if (close === -1) {
          this.field += text.slice(i);
          return undefined;
        }
        this.field += text.slice(i, close);
        if (text[close + 1] === '"') {
          this.field += '"';
          i = close + 2;
          continue;
        }
        this.quoted = false;
        i = close + 1;
        if (i < text.length && text[i] !== ',') {
          return { line, column: i + 1, message: `a closing quote must be followed by a comma or the end of the line, not ${JSON.stringify(text[i])}` };
        }
        fieldStart = false;
        continue;
      }
      if (i === text.length || text[i] === ',') {
        this.fields.push(this.field);
        this.field = '';
        i++;
        fieldStart = true;
        if (i > text.length) break;
        continue;
      }
      if (text[i] === '"' && fieldStart && this.field === '') {
        this.quoted = true;
        i++;
        continue;
      }
      const next = text.indexOf(',', i);
      const stop = next === -1 ? text.length : next;
      const chunk = text.slice(i, stop);
      if (chunk.includes('"')) return { line, column: i + chunk.indexOf('"') + 1, message: 'a quote inside an unquoted field (quote the whole field and double the quote: "say ""hi""")' };
      this.field += chunk;
      fieldStart = false;
      i = stop;
    }
    return { fields: this.fields, line: this.startLine };
  }

  /** At the end of the file: a quoted field still open is a problem at its record's line. */
  end(): CsvProblem | undefined {
    if (!this.quoted) return undefined;
    this.quoted = false;
    return { line: this.startLine, column: 1, message: 'the file ends inside a quoted field (a missing closing quote?)' };
  }
}

export function isCsvProblem(x: CsvRecord | CsvProblem): x is CsvProblem {
  return 'message' in x;
}
