// @ts-check
'use strict';
/**
 * End-to-end tests: a real VS Code workbench in headless Chromium, driven by Playwright through
 * host.js. Runs mocha over out/test/e2e/**\/*.e2e.js (compiled by `tsc -p .` from test/e2e/*.ts).
 *
 *   node test/harness/run-e2e.js                   every e2e test
 *   node test/harness/run-e2e.js FILE.e2e.js ...   just these compiled files
 *   node test/harness/run-e2e.js --grep TEXT       only tests whose title matches
 *
 * Needs beforehand: `npm run build` and `npx tsc -p .`.
 * Env: UPKEEP_E2E_TIMEOUT_MS  per-test time-out (default 180000: each test starts its own host)
 *      plus those of host.js (UPKEEP_HARNESS_VERBOSE=1, UPKEEP_KEEP_RUN=1, ...)
 */
const fs = require('fs');
const path = require('path');
const host = require('./host');

/** @param {string} dir @returns {string[]} */
function findE2eFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.e2e.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

async function main() {
  const args = process.argv.slice(2);
  const grepAt = args.indexOf('--grep');
  const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : undefined;
  const outDir = path.join(host.repoRoot, 'out', 'test', 'e2e');
  const files = args.length ? args.map((f) => path.resolve(f)) : findE2eFiles(outDir);
  if (!files.length) {
    console.error(`[e2e] no compiled e2e tests in ${path.relative(host.repoRoot, outDir)}: run \`npx tsc -p .\` (test/e2e/*.e2e.ts)`);
    return 1;
  }
  host.ensureInstalled();

  // The same mocha wrapper as the other suites, so `npm test` can count e2e results too.
  const { runMocha } = require(path.join(host.repoRoot, 'out', 'test', 'support', 'mochaRun.js'));
  const failures = await runMocha('e2e', files, {
    timeout: Number(process.env.UPKEEP_E2E_TIMEOUT_MS) || 180000,
    slow: 30000, // a whole workbench start is normal here
    grep,
  });
  await host.closeAll(); // whatever a failing test left open
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error('[e2e] harness error:', e instanceof Error ? e.stack : e);
    await host.closeAll();
    process.exit(1);
  },
);
