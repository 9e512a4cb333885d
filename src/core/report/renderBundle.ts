import { requireBesideBundle } from '../util/besideBundle';
import type * as RenderBundle from './render';

export const REPORT_BUNDLE = 'report.js';

let loaded: typeof RenderBundle | undefined;

/** The HTML/PDF renderers (dist/report.js: vega and pdfmake, with the fonts beside it), loaded on the first report in those formats. */
export function loadRenderBundle(bundleDir?: string): typeof RenderBundle {
  loaded ??= requireBesideBundle<typeof RenderBundle>(REPORT_BUNDLE, 'The report renderers', bundleDir);
  return loaded;
}
