// `npm run package`: a production build and `upkeep-<version>.vsix` in the repository root.
// Everything the extension needs is bundled into dist/, so the package carries no node_modules.
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['esbuild.js', '--production']);
run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--out', out]);
console.log(out);
