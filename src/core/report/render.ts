// Entry of dist/report.js: the HTML and PDF renderings with their libraries (vega, pdfmake),
// loaded only when a report is made in those formats (renderBundle.ts), never at activation.
import { trendChartSvg } from './charts';
import { renderHtml, type EmbeddedLogo } from './html';
import type { Branding } from './markdown';
import { renderPdf } from './pdf';
import type { MonthlyReport } from './types';

export interface Renderings {
  html?: string;
  pdf?: Uint8Array;
}

/** The HTML and/or PDF of a report, its trend charts drawn once for both. */
export async function renderReport(report: MonthlyReport, branding: Branding, formats: { html: boolean; pdf: boolean }, logo?: EmbeddedLogo): Promise<Renderings> {
  const charts = new Map<string, string>();
  for (const set of report.sets) if (set.series.length) charts.set(set.evalSetId, await trendChartSvg(report, set, branding.accentColor));
  return {
    ...(formats.html ? { html: renderHtml(report, branding, charts, logo) } : {}),
    ...(formats.pdf ? { pdf: await renderPdf(report, branding, charts, logo) } : {}),
  };
}
