import * as path from 'path';
import pdfmake from 'pdfmake';
import { shortDate } from './calendar';
import { CHART_HEIGHT, CHART_WIDTH } from './charts';
import type { EmbeddedLogo } from './html';
import type { Branding } from './markdown';
import { visibleNotes } from './notes';
import { FONT_DIR, REPORT_FONT_FILES } from './fonts';
import type { MonthlyReport } from './types';
import { appendixRows, driftLabel, fixLine, HEALTH_LABEL, hoursLine, latencyText, NOTHING, passFigure, qualityLine, retrainingHeadline, runCell, title, vsLastMonth } from './wording';

const FONT_FILES = { normal: REPORT_FONT_FILES[0], bold: REPORT_FONT_FILES[1], italics: REPORT_FONT_FILES[0], bolditalics: REPORT_FONT_FILES[1] };

type Node = Record<string, unknown> | string;

/** Roboto has no arrow: those in core wording (drift methods, model changes) are written as a word in the PDF. */
const forPdf = (text: string): string => text.replace(/ → /g, ' to ');

/**
 * The report as a PDF made in-process by pdfmake (over pdfkit): Roboto embedded, the charts as
 * vector SVG, the text selectable. pdfmake may read only the fonts and fetch nothing.
 */
export async function renderPdf(r: MonthlyReport, branding: Branding, charts: ReadonlyMap<string, string>, logo?: EmbeddedLogo, bundleDir: string = __dirname): Promise<Uint8Array> {
  const fonts = path.join(bundleDir, FONT_DIR);
  pdfmake.setFonts({ Roboto: Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, path.join(fonts, f)])) as Record<keyof typeof FONT_FILES, string> });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(fonts + path.sep));

  const accent = branding.accentColor;
  // pdfmake rewrites the nodes it is given in place: the report's own arrays are copied.
  const list = (items: readonly string[]): Node => ({ ul: items.length ? items.map(forPdf) : [NOTHING], margin: [0, 0, 0, 4] });
  const h2 = (text: string): Node => ({ text, style: 'h2' });
  const table = (head: string[], rows: string[][], widths?: (string | number)[]): Node => ({
    table: { headerRows: 1, widths: widths ?? head.map(() => 'auto'), body: [head.map((t) => ({ text: t, bold: true })), ...rows] },
    layout: 'lightHorizontalLines',
    fontSize: 8,
    margin: [0, 2, 0, 6],
  });
  const h = r.hours.month;
  const notes = visibleNotes(r.notes);

  const content: Node[] = [
    {
      columns: [
        { stack: [{ text: title(r), style: 'h1' }, { text: `Prepared ${r.preparedOn}${branding.agencyName ? ` by ${branding.agencyName}` : ''}`, style: 'muted' }], width: '*' },
        ...(logo ? [logo.mime === 'image/svg+xml' ? { svg: Buffer.from(logo.base64, 'base64').toString('utf8'), fit: [120, 40], width: 'auto' } : { image: `data:${logo.mime};base64,${logo.base64}`, fit: [120, 40], width: 'auto' }] : []),
      ],
    },
    { canvas: [{ type: 'line', x1: 0, y1: 2, x2: 515, y2: 2, lineWidth: 1.5, lineColor: accent }], margin: [0, 2, 0, 6] },
    { text: [{ text: 'Health: ' }, { text: HEALTH_LABEL[r.health.status], bold: true }], fontSize: 12 },
    list(r.health.reasons),
    `Quality: ${qualityLine(r)}`,
    retrainingHeadline(r.retraining),
    { text: [{ text: 'Hours: ' }, { text: hoursLine(h), bold: true }] },
    { text: r.health.operations.note, style: 'muted', margin: [0, 0, 0, 4] },
    h2('What improved'),
    list(r.narrative.improved.map((i) => i.text)),
    h2('What degraded'),
    list(r.narrative.degraded.map((i) => i.text)),
    h2('What we fixed'),
    list(r.narrative.fixed.map(fixLine)),
    h2('What comes next'),
    list(r.narrative.next),
    h2('Retraining'),
    { text: r.retraining.recommended ? 'Recommended.' : 'Not needed yet.', bold: true },
    list(r.retraining.checks.map((c) => `${c.triggered ? 'Yes' : 'No'}: ${c.detail}`)),
    { text: r.retraining.rule, style: 'muted' },
    h2('Quality by eval set'),
    ...(r.noRuns ? ['No eval set was run this month. Run every set to give this report its figures.'] : []),
    table(
      ['eval set', 'runs', 'first run', 'last run', 'vs last month', 'drift', 'latency p50 / p95'],
      r.sets.map((s) => [s.name, String(s.runs), runCell(s.first), runCell(s.last), vsLastMonth(s), driftLabel(s), latencyText(s.last)]),
      ['auto', 'auto', '*', '*', '*', 'auto', 'auto'],
    ),
    ...r.sets.flatMap((s): Node[] => {
      const chart = charts.get(s.evalSetId);
      return [
        { text: s.name, bold: true, margin: [0, 4, 0, 2] },
        ...(chart ? [{ svg: chart, width: CHART_WIDTH, height: CHART_HEIGHT }] : []),
        { text: forPdf(s.drift.method), style: 'muted' },
        ...(s.breaches.length ? [list(s.breaches.map((b) => `Breach on ${shortDate(b.date)}: ${passFigure(b)} passed; ${b.breach.message}`))] : []),
      ];
    }),
    ...(r.productionReview ? [{ text: 'Production review', bold: true, margin: [0, 4, 0, 2] } as Node, list(r.productionReview)] : []),
    h2('Anomalies'),
    list(r.anomalies.map((a) => a.text)),
    h2('Hours'),
    `${hoursLine(h)}.`,
    table(['category', 'hours'], [...Object.entries(h.byCategory).filter(([, v]) => v).map(([c, v]) => [c, String(v)]), ['total', String(h.total)]]),
    ...(r.hours.previous.length ? [{ text: `Earlier months: ${r.hours.previous.map((p) => `${p.month} ${p.total} h`).join(' · ')}.`, style: 'muted' }] : []),
    h2('Uptime and incidents'),
    { text: r.health.operations.note, style: 'muted' },
    h2("Engineer's notes"),
    notes ? { text: notes } : { text: 'none', style: 'muted' },
    h2('Appendix: the runs quoted'),
    table(['eval set', 'run', 'day', 'passed', 'score'], appendixRows(r)),
    ...(branding.contact ? [{ text: branding.contact, style: 'muted', margin: [0, 8, 0, 0] }] : []),
  ];

  const doc = pdfmake.createPdf({
    pageSize: 'A4',
    pageMargins: [40, 36, 40, 36],
    info: { title: title(r), author: branding.agencyName ?? 'Upkeep', creator: 'Upkeep', producer: 'Upkeep (pdfmake)', creationDate: new Date(r.preparedAt) },
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.2 },
    styles: { h1: { fontSize: 15, bold: true, color: accent }, h2: { fontSize: 11, bold: true, color: accent, margin: [0, 6, 0, 2] }, muted: { color: '#555555', fontSize: 8 } },
    content,
  });
  return new Uint8Array(await doc.getBuffer());
}
