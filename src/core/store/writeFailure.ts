// What Upkeep says when it cannot write a file it must keep (a run record, a journal, a report,
// the history index): one sentence naming the file and the cause in words, never a stack trace.
// The CLI exits 2 on it, VS Code shows it; whatever had finished is kept in memory and said so.
import * as fs from 'fs';
import * as path from 'path';

export class WriteFailure extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WriteFailure';
  }
}

/** The system error's code (`ENOSPC`, `ENOTDIR`, …), when it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why writing `file` failed, in words a person can act on. */
export function whyNotWritten(e: unknown, file: string): string {
  const folder = path.dirname(file);
  switch (errorCode(e)) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${errorCode(e)})`;
    case 'ENOENT':
      return `the folder ${folder} does not exist`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${nearestFile(file)} is a file where a folder is needed`;
    case 'EISDIR':
      return `${file} is a folder`;
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/** A WriteFailure for `file`, saying what was being written. */
export function writeFailure(e: unknown, file: string, what: string): WriteFailure {
  if (e instanceof WriteFailure) return e;
  return new WriteFailure(`Could not write ${what} ${file}: ${whyNotWritten(e, file)}.`, file, { cause: e });
}

/** For ENOTDIR and EEXIST: the part of the path that is a file (`…/runs` rather than `…/runs/x.json`). */
function nearestFile(file: string): string {
  // Only on the error path, so a synchronous walk up the path is fine.
  for (let p = path.dirname(file); p !== path.dirname(p); p = path.dirname(p)) {
    try {
      if (!fs.statSync(p).isDirectory()) return p;
    } catch {
      // not there: look further up
    }
  }
  return path.dirname(file);
}
