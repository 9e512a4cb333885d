import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { TimelineEventView } from '../../../src/protocol/dashboard';
import { h } from '../shared/dom';
import { dateTime } from './format';
import { withTip } from './tooltip';

/**
 * Time-series charts drawn by uPlot on canvas, with the timeline's events marked: a dashed
 * vertical line across the plot for each event, and below the plot a row of focusable marker
 * buttons (one per event, or per cluster of events too close to tell apart) whose tooltip, on
 * hover or focus, says what changed. Colours are read from VS Code's theme variables when a chart
 * is built; the page builds its charts again when the theme changes.
 *
 * Keyboard: the plot is focusable; ←/→ (Home/End) move between runs, announcing each run's
 * numbers, and Enter opens the run. Every chart also has its data as a table (see clientPage).
 */

let stylesInstalled = false;

/**
 * uPlot's own style sheet, imported as text and adopted as a constructed style sheet: no <style>
 * element, so nothing the Content-Security-Policy would have to allow.
 */
export function installChartStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(uplotCss);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

export interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  blue: string;
  green: string;
  red: string;
  orange: string;
  purple: string;
  yellow: string;
}

/** The theme's chart colours now (VS Code sets them as CSS variables on the page). */
export function readPalette(): Palette {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', '#cccccc'));
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.3)'),
    background: v('--vscode-editor-background', '#1e1e1e'),
    font: v('--vscode-font-family', 'sans-serif'),
    blue: v('--vscode-charts-blue', '#3794ff'),
    green: v('--vscode-charts-green', '#89d185'),
    red: v('--vscode-charts-red', '#f14c4c'),
    orange: v('--vscode-charts-orange', '#d18616'),
    purple: v('--vscode-charts-purple', '#b180d7'),
    yellow: v('--vscode-charts-yellow', '#cca700'),
  };
}

export type MarkerKind = TimelineEventView['kind'];

/** Each kind of event: its colour in the palette and its glyph in the marker row. */
export const MARKER_STYLE: Record<MarkerKind, { color: keyof Palette; glyph: string; name: string }> = {
  changelog: { color: 'yellow', glyph: '◆', name: 'Change-log entry' },
  systemPrompt: { color: 'purple', glyph: '✎', name: 'System prompt change' },
  model: { color: 'orange', glyph: '⬢', name: 'Model change' },
};

export interface Marker {
  /** Seconds since the epoch. */
  at: number;
  event: TimelineEventView;
  /** One line saying what changed. */
  text: string;
}

export interface SeriesSpec {
  label: string;
  values: (number | null)[];
  color: keyof Palette;
  format: (v: number) => string;
  dash?: number[];
  width?: number;
  points?: boolean;
}

export interface ChartSpec {
  /** The chart's accessible name, e.g. "Front desk: score and pass rate". */
  label: string;
  /** A sentence or two summing up the data (the accessible description). */
  summary: string;
  height: number;
  xRange: [number, number];
  /** Seconds since the epoch, ascending. */
  xs: number[];
  series: SeriesSpec[];
  yRange: (values: number[]) => [number, number];
  yFormat: (v: number) => string;
  markers: Marker[];
  /** A marker (or cluster) was activated. */
  onMarker: (markers: Marker[]) => void;
  /** What a screen reader hears for a point, and what Enter or a click on it does. */
  describePoint: (index: number) => string;
  onPoint: (index: number) => void;
}

/** Markers closer than this (CSS pixels) share one button. */
const CLUSTER_PX = 12;

export class Chart {
  readonly element: HTMLElement;
  private readonly plotHost: HTMLElement;
  private readonly markerRow: HTMLElement;
  private readonly live: HTMLElement;
  private plot: uPlot | undefined;
  private palette: Palette | undefined;
  private index: number | undefined;
  private readonly resize: ResizeObserver;
  private lastWidth = 0;

  constructor(private readonly spec: ChartSpec) {
    this.plotHost = h('div', {
      class: 'chart-plot',
      attrs: { tabindex: 0, role: 'group', 'data-key': `chart:${spec.label}`, 'aria-roledescription': 'chart', 'aria-label': `${spec.label}. ${spec.summary} Use the arrow keys to step through the runs, Enter to open one.` },
      on: { keydown: (e) => this.onKey(e as KeyboardEvent), blur: () => this.plot?.setCursor({ left: -10, top: -10 }) },
    });
    this.markerRow = h('div', { class: 'marker-row', attrs: { role: 'group', 'aria-label': `${spec.label}: events on the timeline` } });
    this.live = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
    this.element = h('div', { class: 'chart' }, this.plotHost, this.markerRow, this.live);
    this.resize = new ResizeObserver(() => {
      const width = this.width();
      if (this.plot && width !== this.lastWidth) {
        this.lastWidth = width;
        this.plot.setSize({ width, height: this.spec.height });
      }
    });
  }

  /** Draws (again) with these colours; call once the element is in the page. */
  build(palette: Palette): void {
    this.destroyPlot();
    this.palette = palette;
    const spec = this.spec;
    const font = `11px ${palette.font}`;
    const axis = { stroke: palette.muted, font, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid, width: 1 } };
    const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
    const yRange = spec.yRange(all);
    const opts: uPlot.Options = {
      width: (this.lastWidth = this.width()),
      height: spec.height,
      scales: { x: { time: true, range: () => spec.xRange }, y: { range: () => yRange } },
      axes: [{ ...axis }, { ...axis, size: 56, values: (_u, values) => values.map((v) => spec.yFormat(v)) }],
      series: [
        { label: 'Run', value: (_u, v) => (v === null || v === undefined ? '—' : dateTime(new Date(v * 1000).toISOString())) },
        ...spec.series.map(
          (s): uPlot.Series => ({
            label: s.label,
            stroke: palette[s.color],
            width: s.width ?? 2,
            ...(s.dash ? { dash: s.dash } : {}),
            spanGaps: true,
            points: s.points === false ? { show: false } : { show: true, size: 5, fill: palette.background, stroke: palette[s.color] },
            value: (_u, v) => (v === null || v === undefined ? '—' : s.format(v)),
          }),
        ),
      ],
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      legend: { live: true },
      hooks: {
        draw: [(u) => this.drawMarkers(u)],
        setCursor: [
          (u) => {
            if (u.cursor.idx !== null && u.cursor.idx !== undefined) this.index = u.cursor.idx;
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [spec.xs, ...spec.series.map((s) => s.values)];
    this.plot = new uPlot(opts, data, this.plotHost);
    this.plot.over.addEventListener('click', () => {
      const i = this.plot?.cursor.idx;
      if (i !== null && i !== undefined) spec.onPoint(i);
    });
    this.resize.observe(this.element);
  }

  destroy(): void {
    this.resize.disconnect();
    this.destroyPlot();
  }

  private destroyPlot(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  private width(): number {
    return Math.max(240, Math.floor(this.element.clientWidth || this.element.parentElement?.clientWidth || 600));
  }

  // -------------------------------------------------------------------------------------------
  // Markers: dashed lines on the canvas, buttons below it

  private drawMarkers(u: uPlot): void {
    const palette = this.palette!;
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    const [min, max] = this.spec.xRange;
    ctx.save();
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    for (const m of this.spec.markers) {
      if (m.at < min || m.at > max) continue;
      // Change-log entries are many and quieter; prompt and model changes stand out.
      ctx.globalAlpha = m.event.kind === 'changelog' ? 0.5 : 0.95;
      const x = Math.round(u.valToPos(m.at, 'x', true)) + 0.5;
      ctx.strokeStyle = palette[MARKER_STYLE[m.event.kind].color];
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
    ctx.restore();
    this.layoutMarkerRow(u);
  }

  private layoutMarkerRow(u: uPlot): void {
    const [min, max] = this.spec.xRange;
    const offset = u.over.getBoundingClientRect().left - this.markerRow.getBoundingClientRect().left;
    const placed = this.spec.markers
      .filter((m) => m.at >= min && m.at <= max)
      .map((m) => ({ m, x: offset + u.valToPos(m.at, 'x') }))
      .sort((a, b) => a.x - b.x);
    const clusters: { x: number; markers: Marker[] }[] = [];
    for (const p of placed) {
      const last = clusters[clusters.length - 1];
      if (last && p.x - last.x < CLUSTER_PX) last.markers.push(p.m);
      else clusters.push({ x: p.x, markers: [p.m] });
    }
    const focused = this.markerRow.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.key : undefined;
    this.markerRow.replaceChildren(
      ...clusters.map((c) => {
        const kinds = [...new Set(c.markers.map((m) => m.event.kind))];
        const lines = c.markers.map((m) => m.text);
        const button = h(
          'button',
          {
            class: `marker marker-${kinds.length === 1 ? kinds[0] : 'mixed'}`,
            attrs: {
              type: 'button',
              'data-key': c.markers.map((m) => `${m.event.kind}@${m.event.at}`).join('|'),
              'data-kinds': kinds.join(' '),
              'aria-label': c.markers.length === 1 ? lines[0] : `${c.markers.length} events: ${lines.join('; ')}`,
            },
            on: { click: () => this.spec.onMarker(c.markers) },
          },
          kinds.length === 1 ? MARKER_STYLE[kinds[0]].glyph : '●',
          c.markers.length > 1 ? h('span', { class: 'marker-count', attrs: { 'aria-hidden': 'true' } }, String(c.markers.length)) : null,
        );
        button.style.left = `${c.x}px`;
        return withTip(button, lines);
      }),
    );
    if (focused) (this.markerRow.querySelector(`[data-key="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  // -------------------------------------------------------------------------------------------
  // Keyboard

  private onKey(e: KeyboardEvent): void {
    const n = this.spec.xs.length;
    if (!this.plot || n === 0) return;
    const current = this.index ?? n - 1;
    const moves: Record<string, number> = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: n - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.focusPoint(Math.max(0, Math.min(n - 1, this.index === undefined && e.key !== 'Home' ? n - 1 : moves[e.key])));
    } else if (e.key === 'Enter' && this.index !== undefined) {
      e.preventDefault();
      this.spec.onPoint(this.index);
    }
  }

  private focusPoint(i: number): void {
    const u = this.plot!;
    this.index = i;
    const first = this.spec.series.find((s) => s.values[i] !== null);
    const y = first ? (first.values[i] as number) : (u.scales.y.min ?? 0);
    u.setCursor({ left: u.valToPos(this.spec.xs[i], 'x'), top: u.valToPos(y, 'y') });
    this.live.textContent = this.spec.describePoint(i);
  }
}
