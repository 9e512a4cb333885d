import { promises as fs } from 'fs';
import * as path from 'path';
import type { HistoryIndex } from '../history/historyIndex';
import { writeAtomically } from '../util/atomicWrite';
import type { Client } from '../workspace/loadWorkspace';
import { checkRealPath } from '../workspace/paths';
import { renderMarkdown, type Branding } from './markdown';
import { monthlyReport, type ReportOptions } from './monthlyReport';
import { extractNotes } from './notes';
import type { MonthlyReport } from './types';

export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const DEFAULT_ACCENT = '#2f6f8f';

export interface GenerateOptions extends Omit<ReportOptions, 'notes'> {
  /** Default: every format. */
  formats?: readonly ReportFormat[];
  /** Default: `<client>/reports`. */
  outDir?: string;
}

export interface GeneratedReport {
  report: MonthlyReport;
  /** Files written, by format. */
  files: Partial<Record<ReportFormat, string>>;
  /** Said to the engineer, not the client: a logo that could not be used, and why. */
  warnings: string[];
}

/** `<dir>/YYYY-MM.<format>`. */
export function reportPath(dir: string, month: string, format: ReportFormat): string {
  return path.join(dir, `${month}.${format}`);
}

/**
 * Makes one client's report for one month and writes it in the formats asked for, keeping the
 * engineer's notes from the Markdown already there. The renderers of HTML and PDF are loaded only
 * when asked for: their libraries are large.
 */
export async function generateReport(index: HistoryIndex, client: Client, month: string, options: GenerateOptions = {}): Promise<GeneratedReport> {
  const formats = options.formats ?? REPORT_FORMATS;
  const outDir = options.outDir ?? path.join(client.dir, 'reports');
  const mdFile = reportPath(outDir, month, 'md');
  const existing = await fs.readFile(mdFile, 'utf8').catch(() => undefined);
  const notes = existing !== undefined ? extractNotes(existing) : undefined;
  const report = await monthlyReport(index, client, month, { ...options, ...(notes !== undefined ? { notes } : {}) });
  const warnings: string[] = [];
  const branding = await resolveBranding(client, warnings);

  await fs.mkdir(outDir, { recursive: true });
  const files: GeneratedReport['files'] = {};
  for (const format of formats) {
    const file = reportPath(outDir, month, format);
    await writeAtomically(file, await render(format, report, branding));
    files[format] = file;
  }
  return { report, files, warnings };
}

async function render(format: ReportFormat, report: MonthlyReport, branding: Branding): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return renderMarkdown(report, branding);
    default:
      throw new Error(`the ${format} rendering is not available in this build`);
  }
}

/** The `report:` section of client.yaml with its defaults; a logo outside the workspace is refused with a warning. */
export async function resolveBranding(client: Pick<Client, 'dir' | 'root' | 'manifest' | 'manifestFile'>, warnings: string[]): Promise<Branding> {
  const b = client.manifest?.report ?? {};
  const branding: Branding = { accentColor: b.accentColor ?? DEFAULT_ACCENT, ...(b.agencyName ? { agencyName: b.agencyName } : {}), ...(b.contact ? { contact: b.contact } : {}) };
  if (b.logo) {
    const inside = await checkRealPath(client.root, path.resolve(client.dir, b.logo), b.logo);
    const exists = inside.ok && path.relative(client.root, inside.path).split(path.sep)[0] !== '..' && (await fs.stat(inside.path).catch(() => undefined))?.isFile();
    if (inside.ok && exists) branding.logo = inside.path;
    else warnings.push(`${client.manifestFile}: report.logo '${b.logo}' ${inside.ok ? 'is not a file inside the workspace' : inside.reason}; the report has no logo.`);
  }
  return branding;
}
