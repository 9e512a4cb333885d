import * as path from 'path';
import type * as Features from './features';
import type * as HistoryBundle from './historyBundle';
import type * as RunnerBundle from './runnerBundle';

let runner: typeof RunnerBundle | undefined;
let history: typeof HistoryBundle | undefined;

/**
 * The runner bundle (dist/runner.js), loaded by the first command that runs an eval set, so
 * activation and the tree never pay for the model clients and graders. The path is computed at
 * run time so esbuild leaves this require alone and the two bundles stay apart. Errors thrown by
 * the runner are instances of the bundle's classes: check them against these exports.
 */
export function loadRunner(): typeof RunnerBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  runner ??= require(path.join(__dirname, 'runner.js')) as typeof RunnerBundle;
  return runner;
}

/** The history bundle (dist/history.js): sql.js and the dashboard analysis, loaded when first needed. */
export function loadHistory(): typeof HistoryBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  history ??= require(path.join(__dirname, 'history.js')) as typeof HistoryBundle;
  return history;
}

/**
 * The features bundle (dist/features.js): every view, command and provider behind activation's
 * stand-ins, with the workspace loader. Required once, by src/extension/extension.ts.
 */
export function loadFeatures(): typeof Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'features.js')) as typeof Features;
}
