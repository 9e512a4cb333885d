import { existsSync } from 'fs';
import * as path from 'path';
import type * as RenderBundle from './render';

export const REPORT_BUNDLE = 'report.js';

let loaded: typeof RenderBundle | undefined;

/**
 * The HTML/PDF renderers (dist/report.js: vega and pdfmake, with the fonts beside it), loaded on
 * the first report in those formats. Beside the running bundle (dist/, the extension and the CLI),
 * or, when running from tsc's out/ (tests), the build's dist/ in the repository.
 */
export function loadRenderBundle(bundleDir: string = __dirname): typeof RenderBundle {
  if (loaded) return loaded;
  const candidates = [path.join(bundleDir, REPORT_BUNDLE), path.resolve(bundleDir, '..', '..', '..', '..', 'dist', REPORT_BUNDLE)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`The report renderers (${REPORT_BUNDLE}) are not next to ${bundleDir}: build with 'node esbuild.js'.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(file) as typeof RenderBundle;
  return loaded;
}
