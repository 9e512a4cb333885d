import * as path from 'path';
import pdfmake from 'pdfmake';
import { shortDate } from './calendar';
import { CHART_HEIGHT, CHART_WIDTH } from './charts';
import type { EmbeddedLogo } from './html';
import type { Branding } from './markdown';
import { comparisonHeadline, comparisonRows, COMPARISON_HEAD, promotionLine, unreadableComparisonLine } from './comparisons';
import { incidentsRows, INCIDENTS_HEAD, operationsSectionText } from './incidentsTable';
import { visibleNotes } from './notes';
import { FONT_DIR, REPORT_FONT_FILES } from './fonts';
import type { FixItem, MonthlyReport } from './types';
import { appendixRows, driftLabel, earlierMonthsLine, fixHeading, fixSetCells, HEALTH_LABEL, hoursLine, latencyText, NOTHING, passFigure, qualityLine, retrainingCheckLine, retrainingHeadline, runCell, title, vsLastMonth } from './wording';

/** A4 is 595 pt wide: the text block between the margins, and half of it less the gap for a figure. */
const MARGIN = 34;
const PAGE_WIDTH = 595 - 2 * MARGIN;
const COLUMN_GAP = 14;
const FIGURE_WIDTH = (PAGE_WIDTH - COLUMN_GAP) / 2;

/** pdfmake's light horizontal lines with half its cell padding: the report's many small tables stay compact. */
type TableNode = { table: { headerRows: number; body: unknown[]; widths: unknown[] } };
const TABLE_LAYOUT = {
  hLineWidth: (i: number, node: TableNode) => (i === 0 || i === node.table.body.length ? 0 : i === node.table.headerRows ? 1 : 0.5),
  vLineWidth: () => 0,
  hLineColor: (i: number) => (i === 1 ? '#000000' : '#aaaaaa'),
  paddingLeft: (i: number) => (i === 0 ? 0 : 4),
  paddingRight: (i: number, node: TableNode) => (i === node.table.widths.length - 1 ? 0 : 4),
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

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
  const list = (items: readonly string[], fontSize?: number): Node => ({ ul: items.length ? items.map(forPdf) : [NOTHING], margin: [0, 0, 0, 3], ...(fontSize ? { fontSize } : {}) });
  const h2 = (text: string): Node => ({ text, style: 'h2' });
  const table = (head: string[], rows: string[][], widths?: (string | number)[], fontSize = 7.5): Node => ({
    table: { headerRows: 1, widths: widths ?? head.map(() => 'auto'), body: [head.map((t) => ({ text: t, bold: true })), ...rows.map((row) => row.map(forPdf))] },
    layout: TABLE_LAYOUT,
    fontSize,
    margin: [0, 2, 0, 4],
  });
  // Two columns side by side, so a page holds twice the short sections and figures.
  const pair = (left: Node[], right: Node[]): Node => ({ columns: [{ stack: left, width: '*', unbreakable: true }, { stack: right, width: '*', unbreakable: true }], columnGap: COLUMN_GAP });
  const h = r.hours.month;
  const incidents = incidentsRows(r.health.operations);
  const half = Math.ceil(r.anomalies.length / 2);
  const used = Object.entries(h.byCategory).filter(([, v]) => v);
  const notes = visibleNotes(r.notes);
  // Each set's figure with its drift test and its breaches under it, two a row; an odd one out shares its row with the production review.
  const figures: Node[][] = r.sets.map((s) => {
    const chart = charts.get(s.evalSetId);
    return [
      { text: s.name, bold: true, margin: [0, 3, 0, 1] },
      ...(chart ? [{ svg: chart, fit: [FIGURE_WIDTH, (FIGURE_WIDTH * CHART_HEIGHT) / CHART_WIDTH] }] : []),
      { text: forPdf(s.drift.method), style: 'small' },
      ...(s.breaches.length ? [table(['breach', 'passed', ''], s.breaches.map((b) => [shortDate(b.date), passFigure(b), b.breach.message]), ['auto', 'auto', '*'], 6.5)] : []),
    ];
  });
  const review: Node[] = r.productionReview ? [{ text: 'Production review', bold: true, margin: [0, 3, 0, 1] }, list(r.productionReview)] : [];
  if (figures.length % 2 === 1 && review.length) figures.push(review.splice(0));
  const figureRows = Array.from({ length: Math.ceil(figures.length / 2) }, (_, i) => pair(figures[2 * i], figures[2 * i + 1] ?? []));

  const content: Node[] = [
    {
      columns: [
        { stack: [{ text: title(r), style: 'h1' }, { text: `Prepared ${r.preparedOn}${branding.agencyName ? ` by ${branding.agencyName}` : ''}`, style: 'muted' }], width: '*' },
        ...(logo ? [logo.mime === 'image/svg+xml' ? { svg: Buffer.from(logo.base64, 'base64').toString('utf8'), fit: [120, 36], width: 'auto' } : { image: `data:${logo.mime};base64,${logo.base64}`, fit: [120, 36], width: 'auto' }] : []),
      ],
    },
    { canvas: [{ type: 'line', x1: 0, y1: 2, x2: PAGE_WIDTH, y2: 2, lineWidth: 1.5, lineColor: accent }], margin: [0, 2, 0, 4] },
    { text: [{ text: 'Health: ' }, { text: HEALTH_LABEL[r.health.status], bold: true }], fontSize: 11 },
    list(r.health.reasons),
    `Quality: ${qualityLine(r)}`,
    retrainingHeadline(r.retraining),
    { text: [{ text: 'Hours: ' }, { text: hoursLine(h), bold: true }] },
    { text: r.health.operations.note, style: 'muted', margin: [0, 0, 0, 2] },
    pair([h2('What improved'), list(r.narrative.improved.map((i) => i.text))], [h2('What degraded'), list(r.narrative.degraded.map((i) => i.text))]),
    h2('What we fixed'),
    r.narrative.fixed.length ? fixesTable(r.narrative.fixed) : list([]),
    h2('What comes next'),
    list(r.narrative.next),
    h2('Quality by eval set'),
    ...(r.noRuns ? ['No eval set was run this month. Run every set to give this report its figures.'] : []),
    table(
      ['eval set', 'runs', 'first run', 'last run', 'vs last month', 'drift', 'latency p50 / p95'],
      r.sets.map((s) => [s.name, String(s.runs), runCell(s.first), runCell(s.last), vsLastMonth(s), driftLabel(s), latencyText(s.last)]),
      ['*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
      7,
    ),
    ...figureRows,
    ...review,
    h2('Retraining'),
    { text: r.retraining.recommended ? 'Recommended.' : 'Not needed yet.', bold: true },
    list(r.retraining.checks.map(retrainingCheckLine)),
    { text: r.retraining.rule, style: 'small' },
    ...(r.comparisons ?? []).flatMap((c): Node[] => [
      { text: `Candidate compared: ${comparisonHeadline(c)}`, bold: true, margin: [0, 3, 0, 0] },
      table(COMPARISON_HEAD, comparisonRows(c), ['*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'], 7),
      list([...c.reasons, promotionLine(c)], 7.5),
      { text: forPdf(c.rule), style: 'small' },
    ]),
    ...(r.unreadableComparisons?.length ? [list(r.unreadableComparisons.map(unreadableComparisonLine), 7.5)] : []),
    h2('Anomalies'),
    ...(r.anomalies.length > 4 ? [pair([list(r.anomalies.slice(0, half).map((a) => a.text), 7)], [list(r.anomalies.slice(half).map((a) => a.text), 7)])] : [list(r.anomalies.map((a) => a.text), 7)]),
    pair(
      [
        h2('Hours'),
        `${hoursLine(h)}.`,
        ...(h.unread ? [] : [table([...used.map(([c]) => c), 'total'], [[...used.map(([, v]) => String(v)), String(h.total)]])]),
        ...(earlierMonthsLine(r.hours.previous) ? [{ text: earlierMonthsLine(r.hours.previous)!, style: 'muted' }] : []),
        h2("Engineer's notes"),
        notes ? { text: notes } : { text: 'none', style: 'muted' },
      ],
      [h2('Uptime and incidents'), { text: operationsSectionText(r.health.operations), style: 'muted' }, ...(incidents.length ? [table(INCIDENTS_HEAD, incidents, ['auto', 'auto', 'auto', '*', '*'], 6.5)] : [])],
    ),
    h2('Appendix: the runs quoted'),
    table(['eval set', 'run', 'day', 'passed', 'score'], appendixRows(r), undefined, 7),
    ...(branding.contact ? [{ text: branding.contact, style: 'muted', margin: [0, 6, 0, 0] }] : []),
  ];

  const doc = pdfmake.createPdf({
    pageSize: 'A4',
    pageMargins: [MARGIN, 28, MARGIN, 28],
    info: { title: title(r), author: branding.agencyName ?? 'Upkeep', creator: 'Upkeep', producer: 'Upkeep (pdfmake)', creationDate: new Date(r.preparedAt) },
    defaultStyle: { font: 'Roboto', fontSize: 8, lineHeight: 1.1 },
    styles: {
      h1: { fontSize: 14, bold: true, color: accent },
      h2: { fontSize: 9.5, bold: true, color: accent, margin: [0, 4, 0, 1] },
      muted: { color: '#555555', fontSize: 7.5 },
      small: { color: '#555555', fontSize: 6.5 },
    },
    content,
  });
  return new Uint8Array(await doc.getBuffer());
}

/** What was fixed as a table: each change once (spanning its sets' rows), each set's run before and after. */
function fixesTable(fixed: readonly FixItem[]): Node {
  const rows = fixed.flatMap((f) => {
    const sets = f.sets.length ? f.sets.map(fixSetCells) : [['', '', '']];
    return sets.map((cells, i) => [i === 0 ? { text: forPdf(fixHeading(f)), rowSpan: sets.length } : '', ...cells.map(forPdf)]);
  });
  return {
    table: { headerRows: 1, widths: ['*', 'auto', 'auto', 'auto'], body: [['change', 'eval set', 'before', 'after'].map((t) => ({ text: t, bold: true })), ...rows] },
    layout: TABLE_LAYOUT,
    fontSize: 7.5,
    margin: [0, 2, 0, 4],
  };
}
