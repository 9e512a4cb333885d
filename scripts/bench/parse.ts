// Parsing eval sets: each measure in a fresh process (so the first parse pays what `upkeep
// validate` or opening a workspace pays, JIT included, and the peak RSS is the parse's), then
// the median of warm parses in the same process, as the extension re-reads a file it watches.
import { execFileSync } from 'child_process';
import { parseEvalSet } from '../../src/core/workspace/evalSet';
import { blockStyleSet, flowStyleSet, largeSet } from './evalSets';
import { median } from './timing';

const PROCESSES = 5;
const WARM_PARSES = 9;

const SETS: Record<string, () => string> = {
  flow: () => flowStyleSet(),
  block: () => blockStyleSet(),
  large: () => largeSet(5_000_000),
};

interface ChildResult {
  bytes: number;
  parsedWith: string;
  firstMs: number;
  firstCpuMs: number;
  warmMs: number;
  rangesMs: number;
  /** Peak RSS after the parses, and after the positions too. */
  parseRssMiB: number;
  maxRssMiB: number;
}

export async function benchParse(): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  const describe = { flow: '1,000 cases, flow style', block: '1,000 cases, block style', large: '5 MB' };
  for (const kind of Object.keys(SETS) as (keyof typeof describe)[]) {
    const runs = Array.from({ length: PROCESSES }, () => JSON.parse(execFileSync(process.execPath, [__filename, kind], { encoding: 'utf8' })) as ChildResult);
    const m = (pick: (r: ChildResult) => number) => median(runs.map(pick));
    const first = runs[0];
    rows[`${describe[kind]} (${(first.bytes / 1e6).toFixed(2)} MB, ${first.parsedWith} pass): first parse in a new process, wall / CPU`] = `${ms(m((r) => r.firstMs))} / ${ms(m((r) => r.firstCpuMs))}`;
    rows[`${describe[kind]}: warm parse (median of ${WARM_PARSES})`] = ms(m((r) => r.warmMs));
    rows[`${describe[kind]}: then every case's position, as the editor asks for them (the full parse)`] = ms(m((r) => r.rangesMs));
    rows[`${describe[kind]}: peak RSS of the process, parsed / with every position`] = `${m((r) => r.parseRssMiB).toFixed(0)} / ${m((r) => r.maxRssMiB).toFixed(0)} MiB`;
  }
  rows.note = `medians over ${PROCESSES} processes`;
  return rows;
}

/** In the child: one measure of one set. */
function measureOne(kind: string): ChildResult {
  const text = SETS[kind]();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseEvalSet('/bench/evals/set.yaml', 'evals/set.yaml', text);
  const firstMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (!parsed.set || parsed.problems.length) throw new Error(`the ${kind} set has problems: ${JSON.stringify(parsed.problems.slice(0, 2))}`);
  const warm: number[] = [];
  for (let i = 0; i < WARM_PARSES; i++) {
    const t = performance.now();
    parseEvalSet('/bench/evals/set.yaml', 'evals/set.yaml', text);
    warm.push(performance.now() - t);
  }
  const parseRssMiB = process.resourceUsage().maxRSS / 1024;
  const t1 = performance.now();
  let lines = 0;
  for (const c of parsed.set.cases) lines += c.range.line;
  const rangesMs = performance.now() - t1;
  if (!lines) throw new Error('no positions');
  return {
    bytes: Buffer.byteLength(text),
    parsedWith: parsed.parsedWith,
    firstMs,
    firstCpuMs: (cpu.user + cpu.system) / 1000,
    warmMs: median(warm),
    rangesMs,
    parseRssMiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}


function ms(x: number): string {
  return x < 100 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
}

if (require.main === module) process.stdout.write(JSON.stringify(measureOne(process.argv[2])));
