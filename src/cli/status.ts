import { promises as fs } from 'fs';
import * as path from 'path';
import { runFigures } from '../core/analysis/figures';
import { clientsOverview, findSqlWasm, HistoryIndex, monthSeenFrom, type OverviewRow } from '../core/history';
import { readBaselines } from '../core/store/baselines';
import { writeFailure } from '../core/store/writeFailure';
import { monthIn, monthLabel, monthToShowProblem, timeZoneProblem } from '../core/report/calendar';
import { reportOperations } from '../core/report/operations';
import type { ReportOperations } from '../core/report/types';
import { loadWorkspace } from '../core/workspace/loadWorkspace';
import { parseArgs } from './args';
import { EXIT } from './exitCodes';
import { printProblems, printUnparsedHeadings } from './printProblems';

/**
 * `upkeep status <dir> [--month YYYY-MM] [--time-zone ZONE] [--json]`: every client's health, last run, drift and
 * hours this month, from the same history index the dashboard uses, kept in `<dir>/.upkeep/`
 * (git-ignored). A past month gives that month's hours, uptime and incidents, and the rest as it
 * stood at the month's end. Exits 1 when any client is in breach (each breach on stderr), as `run`
 * does, so a cron job or CI step can alert on it.
 */
export async function status(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['month', 'time-zone'], ['json']);
  const dir = path.resolve(positionals[0] ?? '.');
  const now = new Date();
  const timeZone = options.get('time-zone') as string | undefined;
  const badZone = timeZoneProblem(timeZone);
  if (badZone) {
    process.stderr.write(`upkeep status: ${badZone}\n`);
    return EXIT.unusable;
  }
  const month = (options.get('month') as string | undefined) ?? monthIn(now, timeZone);
  const problem = monthToShowProblem(month, now, timeZone);
  if (problem) {
    process.stderr.write(`upkeep status: ${problem}\n`);
    return EXIT.unusable;
  }
  const model = await loadWorkspace([dir]);
  printProblems(model.problems.filter((p) => p.severity === 'error'));
  if (model.clients.length === 0) {
    process.stderr.write(`upkeep: no client.yaml under ${dir}\n`);
    return EXIT.unusable;
  }
  for (const c of model.clients) if (c.changelog) printUnparsedHeadings(c.changelog);
  const indexPath = await indexFile(dir);
  const index = await HistoryIndex.open({ file: indexPath, wasmPath: findSqlWasm(__dirname) });
  try {
    const stats = await index.sync(model.clients);
    // The index is a cache: not saving it (a full disk) costs the next status a rebuild, not this answer.
    await index.save().catch((e: unknown) => process.stderr.write(`upkeep: ${writeFailure(e, indexPath, 'the history index').message} It is rebuilt next time.\n`));
    const baselines = new Map<string, Record<string, string>>();
    for (const c of model.clients) {
      const pins = (await readBaselines(c.dir)).baselines;
      baselines.set(c.id, Object.fromEntries(Object.entries(pins).map(([set, pin]) => [set, pin.runId])));
    }
    const overview = clientsOverview(index, model.clients, now, { baselines: (c) => baselines.get(c.id), month, timeZone });
    // The month's uptime and incidents beside each client (health/ and incidents/ files).
    const rows = await Promise.all(overview.map(async (r) => ({ ...r, operations: await reportOperations(model.clients.find((c) => c.dir === r.dir) ?? r, month, now) })));
    const shown = shownMonth(month, now, timeZone);
    if (options.get('json')) {
      // A month's hours that could not be read are null, never 0: the figure may be invoiced.
      const clients = rows.map((r) => (r.hours.unread ? { ...r, hours: { ...r.hours, used: null } } : r));
      process.stdout.write(JSON.stringify({ ...shown, clients, index: { filesRead: stats.read, rebuilt: stats.rebuilt ?? null } }, null, 2) + '\n');
    } else {
      process.stdout.write(table(rows, shown));
    }
    if (rows.every(recordsNothing)) process.stderr.write(`upkeep status: nothing is recorded for ${shown.monthLabel} in any client: no run had started by its end, no hours were logged and no health check or incident falls in it\n`);
    const breaching = rows.filter((r) => r.health === 'breach');
    for (const r of breaching) for (const b of r.breaches.length ? r.breaches : ['a threshold is breached']) process.stderr.write(`breach: ${r.name}: ${b}\n`);
    return breaching.length > 0 ? EXIT.breach : EXIT.ok;
  } finally {
    index.close();
  }
}

/** Which month the figures are of, and for a past one the instant the rest is seen from. */
interface ShownMonth {
  month: string;
  monthLabel: string;
  /** A past month's end: last run, health and drift as they stood then. */
  asOf?: string;
}

function shownMonth(month: string, now: Date, timeZone: string | undefined): ShownMonth {
  const { asOf } = monthSeenFrom(month, now, timeZone);
  return { month, monthLabel: monthLabel(month), ...(asOf ? { asOf } : {}) };
}

type StatusRow = OverviewRow & { operations: ReportOperations };

/** A client with nothing at all in the month: no run by its end, no hours, no uptime, no incident. */
function recordsNothing(r: StatusRow): boolean {
  return r.lastRunAt === undefined && (r.hours.unread !== undefined || r.hours.used === 0) && r.operations.uptime === undefined && !r.operations.incidents;
}

/** `.upkeep/history.sqlite`, with a .gitignore so the cache never lands in the client's repository. */
export async function indexFile(dir: string): Promise<string> {
  const folder = path.join(dir, '.upkeep');
  const file = path.join(folder, 'history.sqlite');
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, '.gitignore'), '# Upkeep history index: a cache rebuilt from the files.\n*\n', { flag: 'w' });
  } catch (e) {
    throw writeFailure(e, file, 'the history index');
  }
  return file;
}

function table(rows: readonly StatusRow[], shown: ShownMonth): string {
  const lines = [['client', 'health', 'last run', 'drift', shown.asOf ? `hours ${shown.monthLabel}` : 'hours this month']];
  for (const r of rows) {
    const hours = r.hours.unread ? '-' : r.hours.included === undefined ? `${r.hours.used} h` : `${r.hours.used} / ${r.hours.included} h${r.hours.overage ? ` (+${r.hours.overage} over)` : ''}`;
    lines.push([r.name, r.broken ? 'broken' : r.health, r.lastRunAt?.slice(0, 16).replace('T', ' ') ?? '-', r.trend, hours]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const row = (l: string[]) => l.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  // Under each client, its sets' latest runs: the pass rate the threshold judges first.
  const sets = (r: StatusRow) => [
    ...r.trendBySet.map((t) => `  ${t.name}: ${runFigures(t.latest)}`),
    ...(r.hours.unread ? [`  Hours: no figure, ${r.hours.unread}.`] : []),
    ...(r.operations.monitored ? [`  ${r.operations.note}`] : []),
  ];
  // A past month says so above the table: which columns are the month's and which its end's.
  const title = shown.asOf ? [`${shown.monthLabel}: hours, uptime and incidents of the month; health, last run and drift as they stood at its end`] : [];
  return [...title, row(lines[0]), ...rows.flatMap((r, i) => [row(lines[i + 1]), ...sets(r)])].join('\n') + '\n';
}
