import { parse, View, type Spec } from 'vega';
import { addMonths } from '../analysis/hours';
import { TREND_MONTHS } from './calendar';
import type { MonthlyReport, SetReport } from './types';

/**
 * The six-month trend of one eval set as an SVG string, drawn by vega without a DOM
 * (`View.toSVG()` in Node): pass rate per complete run, the pass-rate threshold as a dashed
 * line, and this month's fixes as marks on the time axis. vega escapes every text it draws.
 */
export async function trendChartSvg(report: MonthlyReport, set: SetReport, accent: string): Promise<string> {
  const view = new View(parse(trendSpec(report, set, accent)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Drawn for half the page's width (two figures a row), so the axis labels stay readable there. */
export const CHART_WIDTH = 320;
export const CHART_HEIGHT = 80;

function trendSpec(report: MonthlyReport, set: SetReport, accent: string): Spec {
  const threshold = report.thresholds?.passRate;
  const points = set.series.map((f) => ({ day: `${f.date}T12:00:00Z`, passRate: f.passRate }));
  const fixes = report.narrative.fixed.map((f) => ({ day: `${f.date}T00:00:00Z`, label: f.category }));
  const low = Math.min(threshold ?? 1, ...set.series.map((f) => f.passRate));
  const font = 'Roboto, Helvetica, Arial, sans-serif';
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    padding: { left: 4, right: 8, top: 8, bottom: 4 },
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    config: { text: { font }, axis: { labelFont: font, titleFont: font, labelFontSize: 9, labelColor: '#444', domainColor: '#999', tickColor: '#999', gridColor: '#e6e6e6' } },
    data: [
      { name: 'points', values: points, format: { parse: { day: 'date' } } },
      { name: 'fixes', values: fixes, format: { parse: { day: 'date' } } },
      { name: 'threshold', values: threshold === undefined ? [] : [{ passRate: threshold }] },
    ],
    scales: [
      { name: 'x', type: 'utc', domain: [Date.parse(`${addMonths(report.month, -(TREND_MONTHS - 1))}-01T00:00:00Z`), Date.parse(`${addMonths(report.month, 1)}-01T00:00:00Z`)], range: 'width' },
      { name: 'y', type: 'linear', domain: [Math.max(0, Math.floor(low * 10) / 10 - 0.05), 1], range: 'height', nice: false, zero: false },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', format: '%b', formatType: 'utc', tickCount: { interval: 'month', step: 1 }, grid: false },
      { orient: 'left', scale: 'y', format: '.0%', tickCount: 4, grid: true },
    ],
    marks: [
      {
        type: 'rule',
        from: { data: 'fixes' },
        encode: { enter: { x: { scale: 'x', field: 'day' }, y: { value: 0 }, y2: { signal: 'height' }, stroke: { value: '#b0b0b0' }, strokeWidth: { value: 1 } } },
      },
      {
        type: 'rule',
        from: { data: 'threshold' },
        encode: { enter: { x: { value: 0 }, x2: { signal: 'width' }, y: { scale: 'y', field: 'passRate' }, stroke: { value: '#c0392b' }, strokeDash: { value: [4, 3] }, strokeWidth: { value: 1 } } },
      },
      {
        type: 'line',
        from: { data: 'points' },
        encode: { enter: { x: { scale: 'x', field: 'day' }, y: { scale: 'y', field: 'passRate' }, stroke: { value: accent }, strokeWidth: { value: 1.5 } } },
      },
      {
        type: 'symbol',
        from: { data: 'points' },
        encode: { enter: { x: { scale: 'x', field: 'day' }, y: { scale: 'y', field: 'passRate' }, fill: { value: accent }, size: { value: 14 } } },
      },
    ],
  };
}
