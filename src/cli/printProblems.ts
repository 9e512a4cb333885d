import * as path from 'path';
import { formatProblem, type Problem } from '../core/workspace/problems';

/** Every problem on stderr as `file:line:column`, the file relative to the working folder. */
export function printProblems(problems: readonly Problem[]): void {
  for (const p of problems) process.stderr.write(formatProblem({ ...p, file: path.relative(process.cwd(), p.file) || p.file }) + '\n');
}
