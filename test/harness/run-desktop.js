// @ts-check
'use strict';
/**
 * The integration suite in desktop VS Code (Electron), through @vscode/test-electron, for
 * machines that can download VS Code. Same suite, same fresh workspace copy, same environment as
 * run-integration.js (which runs this when UPKEEP_VSCODE_HOST=desktop). It cannot run where only
 * the npm registry and Debian apt are reachable; use the default code-server host there.
 *
 * On Linux without a display, run it under a virtual one: `xvfb-run -a npm run test:integration`.
 *
 * Env: UPKEEP_VSCODE_VERSION  VS Code to download (default 1.100.3, the offline host's version;
 *                             "stable" or "insiders" work too)
 *      UPKEEP_*               passed through to the extension host, as is the rest of the environment
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const host = require('./host'); // only for repoRoot, copyWorkspace and the test settings: starts nothing

async function main() {
  const repo = host.repoRoot;
  const extensionTestsPath = path.join(repo, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`[desktop] ${path.relative(repo, extensionTestsPath)} is missing: run \`npm run build && npx tsc -p .\``);
    return 1;
  }
  const workspace = host.copyWorkspace(path.join(repo, 'sample-workspace'));
  // A throwaway profile, so the developer's own VS Code settings and extensions stay out of it.
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-vscode-user-'));
  // The suite starts with the schedule off, as on code-server: a check would alert on the sample's absent server.
  fs.mkdirSync(path.join(userData, 'User'));
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(host.TEST_RUN_SETTINGS, null, 2) + '\n');
  try {
    return await runTests({
      version: process.env.UPKEEP_VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: repo,
      extensionTestsPath,
      // The spawned VS Code gets process.env plus these, so UPKEEP_* pass through already.
      extensionTestsEnv: { UPKEEP_TEST_WORKSPACE: workspace },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
      ],
    });
  } finally {
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // runTests rejects when the suite fails (TestRunFailedError) or the download fails.
    console.error('[desktop]', e instanceof Error ? e.message : e);
    process.exit(typeof e?.code === 'number' && e.code !== 0 ? e.code : 1);
  },
);
