// `npm run package`: a production build and `upkeep-<version>.vsix` in the repository root.
// Everything the extension needs is bundled into dist/, so the package carries no node_modules.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
/** The Marketplace takes larger packages, but a first install should stay quick. */
const LIMIT_BYTES = 3 * 1024 * 1024;

// dist/ starts empty, so no development build's source maps or stale bundles get packaged.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });

// vsce runs the `vscode:prepublish` script (the production build) itself. The README's images are
// packaged beside it, so its relative links work in VS Code's extension page without a hosted copy.
// The project has no public repository yet, so package.json names none (rather than a made-up
// URL), and vsce is told that is deliberate.
run(process.execPath, [
  require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--no-rewrite-relative-links',
  '--allow-missing-repository', '--out', out,
]);
const size = fs.statSync(out).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size > LIMIT_BYTES) {
  console.error(`the package is over ${LIMIT_BYTES / 1024 / 1024} MB: check .vscodeignore for what slipped in`);
  process.exit(1);
}
