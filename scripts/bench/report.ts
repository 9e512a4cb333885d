import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryIndex } from '../../src/core/history';
import { generateReport, type GenerateOptions } from '../../src/core/report/generate';
import { monthlyReport } from '../../src/core/report/monthlyReport';
import { loadRenderBundle } from '../../src/core/report/renderBundle';
import { loadWorkspace } from '../../src/core/workspace/loadWorkspace';
import { timeIt, writeBenchWorkspace, type BenchShape } from './workspace';

/** An agency of twelve clients, three eval sets each of 40 cases, a run a day for a year (each set every third day). */
const SHAPE: BenchShape = { clients: 12, days: 365, cases: 40, sets: ['front-desk', 'safety', 'bookings'] };
const MONTH = '2026-10';
/** The client whose quality declines in the second half of the year (the generator's): a report with breaches and a retraining call. */
const CLIENT = 7;

/**
 * One client's monthly report over that year, as `upkeep report` makes it: the report model from
 * the history index (opened from disk), then Markdown, HTML and PDF written. Cold is the first
 * report in the process, loading dist/report.js (vega, pdfmake, the fonts); warm the median of
 * ten after it. The index build is measured but not counted (the CLI and VS Code keep it).
 */
export async function benchReport(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-report-'));
  try {
    const g0 = performance.now();
    const bytes = await writeBenchWorkspace(dir, SHAPE);
    const genMs = performance.now() - g0;
    const clients = (await loadWorkspace([dir])).clients;
    const files = clients.reduce((n, c) => n + c.runFiles.length, 0);
    if (files !== SHAPE.clients * SHAPE.days) throw new Error(`generated ${files} run files`);

    const dbFile = path.join(dir, '.index', 'history.sqlite');
    const b0 = performance.now();
    const built = await HistoryIndex.open({ file: dbFile });
    await built.sync(clients);
    await built.save();
    built.close();
    const buildMs = performance.now() - b0;
    const index = await HistoryIndex.open({ file: dbFile });

    const client = clients.find((c) => c.id === `clients/client-${CLIENT}`)!;
    const options: GenerateOptions = { now: new Date(Date.UTC(2026, 11, 31, 12)), timeZone: 'UTC', outDir: path.join(dir, 'reports') };
    const c0 = performance.now();
    loadRenderBundle();
    const c1 = performance.now();
    const cold = await generateReport(index, client, MONTH, options);
    const coldMs = performance.now() - c0;
    if (cold.report.sets.length !== SHAPE.sets.length || cold.report.sets.some((s) => !s.runs)) throw new Error(`the report is missing sets: ${JSON.stringify(cold.report.sets.map((s) => [s.name, s.runs]))}`);
    const pdf = await fs.readFile(cold.files.pdf!);
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

    const all = await timeIt(() => generateReport(index, client, MONTH, options), 10, 2);
    const noPdf = await timeIt(() => generateReport(index, client, MONTH, { ...options, formats: ['md', 'html'] }), 10, 2);
    const model = await timeIt(() => monthlyReport(index, client, MONTH, options), 10, 2);
    index.close();

    const ms = (t: number) => `${t.toFixed(0)} ms`;
    return {
      data: `${SHAPE.clients} clients × ${SHAPE.sets.length} sets × a year (${files} run files of ${SHAPE.cases} cases, ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON; generated in ${(genMs / 1000).toFixed(1)} s, index built in ${(buildMs / 1000).toFixed(1)} s, neither counted)`,
      'one client-month, md + html + pdf, cold (first report in the process)': `${ms(coldMs)} (of which loading dist/report.js ${ms(c1 - c0)})`,
      'one client-month, md + html + pdf, warm (median of 10)': `${ms(all.median)} (max ${ms(all.max)}); the PDF ${(pdf.length / 1024).toFixed(0)} KiB, ${pages} page${pages === 1 ? '' : 's'}`,
      'md + html only, warm (median of 10)': `${ms(noPdf.median)} (max ${ms(noPdf.max)})`,
      'the report model alone (index queries, two run records a set), warm': `${ms(model.median)} (max ${ms(model.max)})`,
      'peak RSS of the process': `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
