import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clientDashboard, clientsOverview, HistoryIndex } from '../../src/core/history';
import { loadWorkspace } from '../../src/core/workspace/loadWorkspace';
import { mulberry32 } from '../../src/core/util/prng';
import { benchRecord, timeIt, writeBenchWorkspace, type BenchShape } from './workspace';

const SHAPE: BenchShape = { clients: 10, days: 365, cases: 100, sets: ['front-desk', 'safety'] };
const { clients: CLIENTS, days: DAYS, cases: CASES, sets: SETS } = SHAPE;

/**
 * The history index on a year of daily runs for ten clients: 3,650 run records of 100 cases
 * each, pretty-printed as the runner writes them, with outputs and assertion reasons of the
 * length real ones have. Measures the cold build, a reopen from disk, the dashboard queries
 * warm, a sync with nothing to do and one after a new run.
 */
export async function benchHistoryIndex(): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-bench-history-'));
  try {
    const g0 = performance.now();
    const bytes = await writeBenchWorkspace(dir, SHAPE);
    const genMs = performance.now() - g0;
    let clients = (await loadWorkspace([dir])).clients;
    const files = clients.reduce((n, c) => n + c.runFiles.length, 0);
    if (files !== CLIENTS * DAYS) throw new Error(`generated ${files} run files`);
    const rssBefore = process.resourceUsage().maxRSS;

    const dbFile = path.join(dir, '.index', 'history.sqlite');
    const t0 = performance.now();
    const index = await HistoryIndex.open({ file: dbFile });
    const cold = await index.sync(clients);
    const coldMs = performance.now() - t0;
    const s0 = performance.now();
    await index.save();
    const saveMs = performance.now() - s0;
    index.close();
    if (cold.totals.cases !== CLIENTS * DAYS * CASES || cold.failed.length) throw new Error(`cold build: ${JSON.stringify({ ...cold.totals, failed: cold.failed.slice(0, 3) })}`);

    const o0 = performance.now();
    const reopened = await HistoryIndex.open({ file: dbFile });
    const reopenMs = performance.now() - o0;
    if (reopened.rebuilt) throw new Error(`reopen rebuilt: ${JSON.stringify(reopened.rebuilt)}`);
    const n0 = performance.now();
    const noop = await reopened.sync(clients);
    const noopMs = performance.now() - n0;
    if (noop.read !== 0) throw new Error(`a sync with nothing changed read ${noop.read} files`);

    const now = new Date(Date.UTC(2026, 11, 31, 12));
    const one = clients[3];
    const dash = await timeIt(() => clientDashboard(reopened, one, now));
    const overview = await timeIt(() => clientsOverview(reopened, clients, now));
    const sample = clientDashboard(reopened, one, now);
    if (sample.sets.length !== SETS.length || sample.sets[0].series.length < 150) throw new Error('dashboard is missing data');

    // One more run for one client, then a sync.
    const runsDir = path.join(one.dir, 'runs');
    const record = benchRecord(SHAPE, 3, DAYS, 0, mulberry32(99));
    await fs.writeFile(path.join(runsDir, `${record.id}.json`), JSON.stringify(record, null, 2) + '\n');
    clients = (await loadWorkspace([dir])).clients;
    const i0 = performance.now();
    const inc = await reopened.sync(clients);
    const incMs = performance.now() - i0;
    if (inc.added !== 1 || inc.read !== 1) throw new Error(`incremental sync: ${JSON.stringify(inc)}`);
    const is0 = performance.now();
    await reopened.save();
    const incSaveMs = performance.now() - is0;
    const dbBytes = (await fs.stat(dbFile)).size;
    reopened.close();

    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    return {
      data: `${CLIENTS} clients × ${DAYS} daily runs × ${CASES} cases = ${files} run files, ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON (generated in ${(genMs / 1000).toFixed(1)} s, not counted)`,
      'cold build (open + sync of every file)': `${(coldMs / 1000).toFixed(2)} s (${cold.totals.runs} runs, ${cold.totals.cases} cases, ${cold.totals.changelogEntries} change-log entries)`,
      'save (export + atomic write)': `${saveMs.toFixed(0)} ms, index file ${(dbBytes / 2 ** 20).toFixed(1)} MiB`,
      'reopen from disk (with quick_check)': `${reopenMs.toFixed(0)} ms`,
      'sync with nothing changed (stat only)': `${noopMs.toFixed(0)} ms`,
      'sync after one new run file': `${incMs.toFixed(0)} ms (+ save ${incSaveMs.toFixed(0)} ms)`,
      'client dashboard, warm (median of 20)': `${dash.median.toFixed(1)} ms (max ${dash.max.toFixed(1)} ms)`,
      'all-clients overview, warm (median of 20)': `${overview.median.toFixed(1)} ms (max ${overview.max.toFixed(1)} ms)`,
      'peak RSS before the build (generation, workspace load)': mib(rssBefore),
      'peak RSS of the process': mib(process.resourceUsage().maxRSS),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
