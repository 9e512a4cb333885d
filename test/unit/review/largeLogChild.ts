// Run by logReader.test.ts in a process with a small heap: draws a sample from the log named in
// argv and prints the sample's size and the process's peak memory.
import { drawProductionSample } from '../../../src/core/review/drawSample';
import { DEFAULT_FIELDS } from '../../../src/core/review/logReader';

async function main(): Promise<void> {
  const file = process.argv[2];
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const sample = await drawProductionSample('/', [file], DEFAULT_FIELDS, { size: 100, seed: 'big', since: '2026-10-01', until: '2026-10-31', timeZone: 'UTC', stratify: 'channel' });
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ picks: sample.picks.length, lines: sample.population.lines, problems: sample.problems.count, peakRss }));
}

void main();
