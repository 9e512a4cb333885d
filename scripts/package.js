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
/**
 * README pictures the package leaves out, for its size: another theme of a picture it has, and a
 * view the extension page describes in words. The README in the repository keeps them.
 */
const UNPACKAGED_PICTURES = ['docs/images/dashboard-light.png', 'docs/images/results-comparison.png', 'docs/images/review-view.png', 'docs/images/candidate-view.png'];

// dist/ starts empty, so no development build's source maps or stale bundles get packaged.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });

// The packaged README and ignore file: the repository's, without the pictures left out.
const staging = path.join(root, 'out', 'package');
fs.mkdirSync(staging, { recursive: true });
const readme = path.join(staging, 'README.md');
const pictureLine = (line) => UNPACKAGED_PICTURES.some((p) => line.trim().startsWith('![') && line.includes(`](${p})`));
fs.writeFileSync(readme, fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').filter((l) => !pictureLine(l)).join('\n'));
const ignoreFile = path.join(staging, '.vscodeignore');
// vsce takes a README only from among the packaged files (and renames it readme.md there), and
// a negated pattern wins over any other, so the repository's README and the pictures' folder are
// named file by file here instead.
const pictures = fs.readdirSync(path.join(root, 'docs', 'images')).map((f) => `docs/images/${f}`).filter((p) => !UNPACKAGED_PICTURES.includes(p));
const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n')
  .filter((l) => l.trim() !== '!README.md')
  .flatMap((l) => (l.trim() === '!docs/images/**' ? pictures.map((p) => `!${p}`) : [l]));
fs.writeFileSync(ignoreFile, `${[...ignore, '!out/package/README.md'].join('\n').trim()}\n`);

// vsce runs the `vscode:prepublish` script (the production build) itself. The README's images are
// packaged beside it, so its relative links work in VS Code's extension page without a hosted copy.
// The project has no public repository yet, so package.json names none (rather than a made-up
// URL), and vsce is told that is deliberate.
run(process.execPath, [
  require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--no-rewrite-relative-links',
  '--allow-missing-repository', '--readme-path', path.relative(root, readme), '--ignoreFile', ignoreFile, '--out', out,
]);
const size = fs.statSync(out).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size > LIMIT_BYTES) {
  console.error(`the package is over ${LIMIT_BYTES / 1024 / 1024} MB: check .vscodeignore for what slipped in`);
  process.exit(1);
}
