import { promises as fs } from 'fs';
import * as path from 'path';
import { findSqlWasm, HistoryIndex } from '../core/history';
import { agencySummary, renderAgencySummary } from '../core/report/agencySummary';
import { defaultReportMonth, monthLabel } from '../core/report/calendar';
import { generateReport, REPORT_FORMATS, type GeneratedReport, type ReportFormat } from '../core/report/generate';
import { ReportInputError } from '../core/report/monthlyReport';
import { writeAtomically } from '../core/util/atomicWrite';
import { loadWorkspace } from '../core/workspace/loadWorkspace';
import { parseArgs, UsageError } from './args';
import { EXIT } from './exitCodes';
import { printProblems, printUnparsedHeadings } from './printProblems';
import { indexFile } from './status';

/**
 * `upkeep report <clientDir|workspaceDir> [--month YYYY-MM] [--format md,html,pdf] [--out DIR]
 * [--json] [--time-zone ZONE]`: the monthly report of one client, or of every client under a
 * workspace with an agency summary beside them. Exit 0 written, 1 written but a client is in
 * breach, 2 unusable input.
 */
export async function report(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['month', 'format', 'out', 'time-zone'], ['json']);
  if (positionals.length !== 1) throw new UsageError('report takes one client or workspace folder');
  const dir = path.resolve(positionals[0]);
  const timeZone = options.get('time-zone') as string | undefined;
  const month = (options.get('month') as string | undefined) ?? defaultReportMonth(new Date(), timeZone);
  const formats = parseFormats(options.get('format') as string | undefined);
  const out = options.get('out') as string | undefined;

  if (!(await fs.stat(dir).catch(() => undefined))?.isDirectory()) return unusable(`${dir} is not a folder`);
  const model = await loadWorkspace([dir]);
  printProblems(model.problems);
  if (model.clients.length === 0) return unusable(`no client.yaml in or under ${dir}`);
  const isWorkspace = !(model.clients.length === 1 && model.clients[0].dir === dir);

  const index = await HistoryIndex.open({ file: await indexFile(dir), wasmPath: findSqlWasm(__dirname) });
  const made: GeneratedReport[] = [];
  let skipped = 0;
  try {
    await index.sync(model.clients);
    await index.save();
    for (const client of model.clients) {
      if (!client.manifest) {
        process.stderr.write(`upkeep report: ${path.relative(process.cwd(), client.manifestFile)} does not validate; no report for ${client.name}\n`);
        skipped++;
        continue;
      }
      const outDir = out === undefined ? undefined : isWorkspace ? path.join(path.resolve(out), path.basename(client.dir)) : path.resolve(out);
      const generated = await generateReport(index, client, month, { formats, timeZone, ...(outDir ? { outDir } : {}) });
      for (const w of generated.warnings) process.stderr.write(`upkeep report: ${w}\n`);
      printUnparsedHeadings({ file: client.changelog?.file ?? client.dir, unparsed: generated.report.hours.unparsed });
      made.push(generated);
    }
  } catch (e) {
    if (e instanceof ReportInputError) return unusable(e.message);
    throw e;
  } finally {
    index.close();
  }

  const summary = agencySummary(made.map((g) => g.report));
  let summaryFile: string | undefined;
  if (isWorkspace) {
    const folder = out !== undefined ? path.resolve(out) : path.join(dir, 'reports');
    await fs.mkdir(folder, { recursive: true });
    summaryFile = path.join(folder, `${month}-agency-summary.md`);
    await writeAtomically(summaryFile, renderAgencySummary(month, monthLabel(month), summary));
  }

  if (options.get('json')) {
    const files = made.map((g) => ({ client: g.report.client.id, ...g.files }));
    process.stdout.write(JSON.stringify({ month, reports: made.map((g) => g.report), files, ...(isWorkspace ? { summary, summaryFile } : {}) }, null, 2) + '\n');
  } else {
    for (const g of made) for (const f of Object.values(g.files)) process.stdout.write(`wrote ${path.relative(process.cwd(), f)}\n`);
    if (summaryFile) process.stdout.write(`wrote ${path.relative(process.cwd(), summaryFile)}\n\n${renderAgencySummary(month, monthLabel(month), summary)}`);
  }
  for (const g of made) if (g.report.health.status === 'breach') process.stderr.write(`${g.report.client.name}: breach: ${g.report.health.reasons.join(' ')}\n`);
  if (skipped) return EXIT.unusable;
  return made.some((g) => g.report.health.status === 'breach') ? EXIT.breach : EXIT.ok;
}

function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...REPORT_FORMATS];
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format takes ${REPORT_FORMATS.join(', ')} (comma-separated), not '${f}'`);
  return [...new Set(formats)] as ReportFormat[];
}

function unusable(message: string): number {
  process.stderr.write(`upkeep report: ${message}\n`);
  return EXIT.unusable;
}
