import { promises as fs } from 'fs';
import * as path from 'path';
import type { HistoryIndex } from '../history/historyIndex';
import { writeAtomically } from '../util/atomicWrite';
import type { Client } from '../workspace/loadWorkspace';
import { resolveInside } from '../workspace/paths';
import { unreadableComparisonLine } from './comparisons';
import type { EmbeddedLogo } from './html';
import { renderMarkdown, type Branding } from './markdown';
import { monthlyReport, type ReportOptions } from './monthlyReport';
import { extractNotes } from './notes';
import { loadRenderBundle } from './renderBundle';
import { reportPath, reportsDir } from './reportFiles';

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
  /** Said to the engineer: a logo that could not be used, and why; a comparison record that could not be read (which the report says too). */
  warnings: string[];
}

/**
 * Makes one client's report for one month and writes it in the formats asked for, keeping the
 * engineer's notes from the Markdown already there. The renderers of HTML and PDF are loaded only
 * when asked for: their libraries are large.
 */
export async function generateReport(index: HistoryIndex, client: Client, month: string, options: GenerateOptions = {}): Promise<GeneratedReport> {
  const formats = options.formats ?? REPORT_FORMATS;
  const outDir = options.outDir ?? reportsDir(client.dir);
  const mdFile = reportPath(outDir, month, 'md');
  const existing = await fs.readFile(mdFile, 'utf8').catch(() => undefined);
  const notes = existing !== undefined ? extractNotes(existing) : undefined;
  const report = await monthlyReport(index, client, month, { ...options, ...(notes !== undefined ? { notes } : {}) });
  // What the report says it could not read, the engineer is told too (the CLI prints it, VS Code logs it).
  const warnings: string[] = (report.unreadableComparisons ?? []).map(unreadableComparisonLine);
  const branding = await resolveBranding(client, warnings);

  const logo = branding.logo && formats.some((f) => f !== 'md') ? await embedLogo(branding.logo, warnings) : undefined;
  const rendered = formats.includes('html') || formats.includes('pdf') ? await loadRenderBundle().renderReport(report, branding, { html: formats.includes('html'), pdf: formats.includes('pdf') }, logo) : {};

  await fs.mkdir(outDir, { recursive: true });
  const files: GeneratedReport['files'] = {};
  for (const format of formats) {
    const file = reportPath(outDir, month, format);
    await writeAtomically(file, format === 'md' ? renderMarkdown(report, branding) : rendered[format]!);
    files[format] = file;
  }
  return { report, files, warnings };
}

const LOGO_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml' };

async function embedLogo(file: string, warnings: string[]): Promise<EmbeddedLogo | undefined> {
  const mime = LOGO_TYPES[path.extname(file).toLowerCase()];
  if (!mime) {
    warnings.push(`${file}: the logo must be a PNG, JPEG or SVG file; the report has no logo.`);
    return undefined;
  }
  return { mime, base64: (await fs.readFile(file)).toString('base64') };
}

/**
 * The `report:` section of client.yaml over the workspace's (upkeep.yaml), field by field, with
 * the defaults under both; a logo is inside the folder of the file that names it, and one that is
 * missing or outside it is left out with a warning.
 */
export async function resolveBranding(client: Pick<Client, 'dir' | 'manifest' | 'manifestFile' | 'workspace'>, warnings: string[]): Promise<Branding> {
  const own = client.manifest?.report ?? {};
  const inherited = client.workspace?.report ?? {};
  const b = { ...inherited, ...own };
  const branding: Branding = { accentColor: b.accentColor ?? DEFAULT_ACCENT, ...(b.agencyName ? { agencyName: b.agencyName } : {}), ...(b.contact ? { contact: b.contact } : {}) };
  const logo = own.logo
    ? { written: own.logo, dir: client.dir, file: client.manifestFile, folder: 'the client folder' }
    : inherited.logo && client.workspace && { written: inherited.logo, dir: client.workspace.dir, file: client.workspace.file, folder: 'the workspace folder' };
  if (logo) {
    const inside = await resolveInside(logo.dir, logo.written, logo.folder);
    const isFile = inside.ok && (await fs.stat(inside.path).catch(() => undefined))?.isFile();
    if (inside.ok && isFile) branding.logo = inside.path;
    else warnings.push(`${logo.file}: report.logo ${inside.ok ? `'${logo.written}' is not a file` : inside.reason}; the report has no logo.`);
  }
  return branding;
}
