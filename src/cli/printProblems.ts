import * as path from 'path';
import type { Changelog } from '../core/workspace/changelog';
import { formatProblem, type Problem } from '../core/workspace/problems';

/** Every problem on stderr as `file:line:column`, the file relative to the working folder. */
export function printProblems(problems: readonly Problem[]): void {
  for (const p of problems) process.stderr.write(formatProblem({ ...p, file: path.relative(process.cwd(), p.file) || p.file }) + '\n');
}

/** Each change-log heading that does not parse, at its line: its hours are in no month's figure. */
export function printUnparsedHeadings(changelog: Pick<Changelog, 'file' | 'unparsed'>): void {
  for (const u of changelog.unparsed) process.stderr.write(`${path.relative(process.cwd(), changelog.file) || changelog.file}:${u.line}:1: change-log heading does not parse, left out of the hours: ${u.heading}\n`);
}
