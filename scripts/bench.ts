// `npm run bench`: the numbers quoted in the README. Prints a Markdown table per benchmark.
import * as os from 'os';
import { benchActivation } from './bench/activation';
import { benchHistoryIndex } from './bench/historyIndex';
import { benchParse } from './bench/parse';
import { benchReport } from './bench/report';
import { benchRunnerOverhead } from './bench/runnerOverhead';
import { benchWholeRun } from './bench/wholeRun';

const BENCHMARKS: Record<string, () => Promise<Record<string, string>>> = {
  'Parsing eval sets': benchParse,
  'Runner overhead': benchRunnerOverhead,
  'Whole run against promptfoo': benchWholeRun,
  'History index': benchHistoryIndex,
  'Monthly report': benchReport,
  Activation: benchActivation,
};

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
  const only = process.argv[2];
  for (const [name, bench] of Object.entries(BENCHMARKS)) {
    if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
    const rows = await bench();
    console.log(`### ${name}\n\n| measure | value |\n| --- | --- |`);
    for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${v} |`);
    console.log('');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
