// `npm run package`: a production build and `upkeep-<version>.vsix` in the repository root.
// Everything the extension needs is bundled into dist/, so the package carries no node_modules.
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

// dist/ starts empty, so no development build's source maps or stale bundles get packaged.
require('fs').rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// vsce runs the `vscode:prepublish` script (the production build) itself. The README's images are
// packaged beside it, so its relative links work in VS Code's extension page without a hosted copy.
run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--no-rewrite-relative-links', '--out', out]);
console.log(out);
