/** Where something is in a file. Lines and columns are 1-based, as people (and `file:line:col` links) count them. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning';

/** A problem found in a file: shown in the Problems panel, printed by `upkeep validate`. */
export interface Problem {
  file: string;
  range: SourceRange;
  severity: Severity;
  message: string;
  /** Stable identifier of the kind of problem, e.g. `schema`, `yaml-syntax`, `duplicate-case-id`. */
  code: string;
}

export const START_OF_FILE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function problem(
  file: string,
  range: SourceRange,
  message: string,
  code: string,
  severity: Severity = 'error',
): Problem {
  return { file, range, message, code, severity };
}

/** `file:line:column: message`, the form compilers print and terminals turn into links. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.range.line}:${p.range.column}: ${p.severity}: ${p.message}`;
}

/** Turns character offsets into line/column ranges for one text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
