#!/usr/bin/env bash
# `npm test`: from a fresh clone, installs what is missing, then builds, typechecks, lints and runs
# every suite: unit (plain Node), integration (inside a real VS Code), e2e (the VS Code UI in
# Chromium). Ends with one `N passed, N failed` line over all suites.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - t0))"; }

results=$(mktemp -d)
export UPKEEP_RESULTS_DIR=$results
trap 'rm -rf "$results"' EXIT

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "install npm packages"
  npm ci --no-audit --no-fund
fi
step "install the VS Code host (code-server + Chromium), if missing"
bash test/harness/install-host.sh

step "build";      node esbuild.js
step "typecheck";  npx tsc -p . && { [ ! -f webview-ui/tsconfig.json ] || npx tsc -p webview-ui --noEmit; }
step "lint";       npx eslint .

failed=0
run_suite() { step "$1"; shift; "$@" || failed=1; }
run_suite "unit tests"        node out/test/runUnit.js
run_suite "integration tests" node test/harness/run-integration.js
run_suite "e2e tests"         node test/harness/run-e2e.js
run_suite "npm start serves VS Code with Upkeep loaded" node scripts/start.js --check

step "summary"
node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  let passed = 0, failed = 0;
  for (const f of fs.readdirSync(dir)) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    console.log(`  ${r.suite}: ${r.passed} passed, ${r.failed} failed`);
    passed += r.passed; failed += r.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
' "$results"
exit $failed
