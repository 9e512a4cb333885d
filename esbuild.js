// Bundles the extension, the CLI and the webview front ends.
// `node esbuild.js [--production] [--watch]`
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * The `ollama` package requires the whatwg-fetch polyfill for old browsers; Node 20 and the
 * extension host have fetch, and the providers send through their own (nodeFetch), so it is left
 * out rather than compiled and run at every start.
 */
const noFetchPolyfill = {
  name: 'no-fetch-polyfill',
  setup(build) {
    build.onResolve({ filter: /^whatwg-fetch$/ }, () => ({ path: 'whatwg-fetch', namespace: 'no-fetch-polyfill' }));
    build.onLoad({ filter: /.*/, namespace: 'no-fetch-polyfill' }, () => ({ contents: '', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [noFetchPolyfill],
};

/** Each folder under webview-ui/src with a main.ts is one front end: dist/webview/<name>.js */
function webviewEntries() {
  const dir = path.join(__dirname, 'webview-ui', 'src');
  if (!fs.existsSync(dir)) return {};
  const entries = {};
  for (const name of fs.readdirSync(dir)) {
    const main = path.join(dir, name, 'main.ts');
    if (fs.existsSync(main)) entries[name] = main;
  }
  return entries;
}

const builds = [
  {
    ...common,
    // Activation's stand-ins (extension), the features behind them (features), the runner, loaded by
    // the first run, and the history index (src/extension/lazy.ts).
    entryPoints: { extension: 'src/extension/extension.ts', features: 'src/extension/features.ts', runner: 'src/extension/runnerBundle.ts', history: 'src/extension/historyBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    // The HTML and PDF report renderings (vega, pdfmake), loaded only when a report is made (src/core/report/renderBundle.ts).
    entryPoints: { report: 'src/core/report/render.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vega-canvas's Node build awaits the optional 'canvas' package at top level, which a CommonJS
    // bundle cannot hold; the charts are SVG and need no canvas, so its browser build (no canvas) is used.
    alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
  },
  {
    ...common,
    // node-sql-parser, every dialect, required by the first is-sql or contains-sql (src/core/assertions/sql.ts),
    // so runner.js and cli.js do not compile it at start-up; likewise the HTML and XML parsers and Ajv.
    entryPoints: { sql: 'src/core/assertions/sqlParserBundle.ts', markup: 'src/core/assertions/markupParsersBundle.ts', ajv: 'src/core/assertions/ajvBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    // The CLI's code, which dist/cli.js requires with V8's code cache (src/cli/codeCache.ts).
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: webviewEntries(),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
].filter((b) => Object.keys(b.entryPoints).length > 0);

/** sql.js's WebAssembly, next to the bundles: the history index loads it from there, never from a network. */
function copySqlWasm() {
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  fs.copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), path.join(__dirname, 'dist', 'sql-wasm.wasm'));
}

/** Roboto, which the PDF embeds, next to dist/report.js: the faces src/core/report/fonts.ts names. */
function copyReportFonts() {
  const dir = path.join(__dirname, 'dist', 'fonts');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const face of ['Regular', 'Medium']) {
    fs.copyFileSync(require.resolve(`pdfmake/fonts/Roboto/Roboto-${face}.ttf`), path.join(dir, `Roboto-${face}.ttf`));
  }
}

async function main() {
  copySqlWasm();
  copyReportFonts();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
