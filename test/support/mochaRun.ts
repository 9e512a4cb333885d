import { promises as fs } from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/**
 * Runs mocha over the given files and records the counts in `$UPKEEP_RESULTS_DIR/<suite>.json`,
 * so `npm test` can print one closing `N passed, N failed` line for every suite together.
 */
export async function runMocha(suite: string, files: string[], options: Mocha.MochaOptions): Promise<number> {
  // UPKEEP_TEST_GREP runs only the tests whose title matches, in any suite (for work on one test).
  const grep = options.grep ?? process.env.UPKEEP_TEST_GREP;
  const mocha = new Mocha({ color: false, ...options, ...(grep ? { grep } : {}) });
  for (const f of files) mocha.addFile(f);
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
  });
  const results = process.env.UPKEEP_RESULTS_DIR;
  if (results) {
    await fs.mkdir(results, { recursive: true });
    const summary = { suite, passed: stats.passes, failed: stats.failures, skipped: stats.pending };
    await fs.writeFile(path.join(results, `${suite}.json`), JSON.stringify(summary) + '\n');
  }
  console.log(`${suite}: ${stats.passes} passed, ${stats.failures} failed`);
  return stats.failures;
}

export async function findTests(dir: string, suffix: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
