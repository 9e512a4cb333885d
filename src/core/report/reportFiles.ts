import { promises as fs } from 'fs';
import * as path from 'path';
import { monthProblem } from './calendar';

/** Where a client's reports are written unless told otherwise: `<client>/reports`. */
export function reportsDir(clientDir: string): string {
  return path.join(clientDir, 'reports');
}

/** `<dir>/YYYY-MM.<format>`. */
export function reportPath(dir: string, month: string, format: 'md' | 'html' | 'pdf'): string {
  return path.join(dir, `${month}.${format}`);
}

/**
 * The months a client has a report for: each `reports/YYYY-MM.md`, newest first. The Markdown is
 * the report of record (it holds the notes); other files in the folder are not months.
 */
export async function listReportMonths(clientDir: string): Promise<string[]> {
  const names = await fs.readdir(reportsDir(clientDir)).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.md'))
    .map((n) => n.slice(0, -'.md'.length))
    .filter((m) => monthProblem(m) === undefined)
    .sort()
    .reverse();
}
