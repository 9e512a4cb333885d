import { describeStoppedRun, type DashboardProtocol, type DashboardView, type DriftStatusView, type HealthView, type MonthHoursView, type NextAction, type RecentRunView, type SeriesPointView, type SetView, type TimelineEventView } from '../../../src/protocol/dashboard';
import { HOURS_WARNING, hoursStatus, STALE_DAYS } from '../../../src/core/analysis/nextActions';
import type { Endpoint } from '../../../src/protocol/rpc';
import { breachLine, runFigures } from '../../../src/core/analysis/figures';
import { h, replace, type Child } from '../shared/dom';
import { Chart, MARKER_STYLE, readPalette, type Marker, type Palette } from './charts';
import { ago, dateTime, day, epochSeconds, hours, monthName, money, ms, percent, plural, score, shortDigest } from './format';
import { HoursForm, type FormDraft } from './hoursForm';
import { withTip } from './tooltip';

type Host = Endpoint<DashboardProtocol['toView'], DashboardProtocol['toHost']>;

/** The <details> a person opened (data tables, months, events), kept across reloads. */
export interface ClientPageState {
  open: string[];
  form?: FormDraft;
}

export const HEALTH: Record<HealthView, { glyph: string; label: string }> = {
  ok: { glyph: '✓', label: 'Healthy' },
  breach: { glyph: '✗', label: 'Threshold breached' },
  'no-runs': { glyph: '–', label: 'No runs yet' },
};

export const DRIFT: Record<DriftStatusView, { glyph: string; label: string }> = {
  improving: { glyph: '↑', label: 'improving' },
  stable: { glyph: '→', label: 'stable' },
  declining: { glyph: '↓', label: 'declining' },
  'insufficient-data': { glyph: '…', label: 'insufficient data' },
};

const DAY_S = 86_400;

/**
 * One client: header, next actions, a card per eval set (score and pass rate, latency, drift, the
 * data as a table), the timeline's events, hours this month with the log-hours form, and recent
 * runs. New data (a sync, a logged entry) redraws everything except the form, which keeps what
 * is being typed.
 */
export class ClientPage {
  readonly element: HTMLElement;
  private readonly header = h('header', { class: 'page-header' });
  private readonly actions = h('section', { class: 'card actions', attrs: { 'aria-labelledby': 'actions-title' } });
  private readonly sets = h('section', { class: 'sets', attrs: { 'aria-labelledby': 'sets-title' } });
  private readonly timeline = h('section', { class: 'card timeline', attrs: { 'aria-labelledby': 'timeline-title' } });
  private readonly hoursSummary = h('div', { class: 'hours-summary' });
  private readonly runs = h('section', { class: 'card runs', attrs: { 'aria-labelledby': 'runs-title' } });
  private readonly review = h('section', { class: 'card review', attrs: { 'aria-labelledby': 'review-title' } });
  private readonly operations = h('section', { class: 'card operations', attrs: { 'aria-labelledby': 'operations-title' } });
  private readonly form: HoursForm;
  private charts: Chart[] = [];
  private view: DashboardView | undefined;
  private openDetails = new Set<string>();

  constructor(
    private readonly host: Host,
    private readonly save: () => void,
  ) {
    this.form = new HoursForm(host, save);
    const hoursCard = h(
      'section',
      { class: 'card hours', attrs: { 'aria-labelledby': 'hours-title' } },
      h('h2', { attrs: { id: 'hours-title' } }, 'Hours this month'),
      this.hoursSummary,
      h('h3', { attrs: { id: 'log-hours-title' } }, 'Log hours'),
      this.form.element,
    );
    this.element = h(
      'div',
      { class: 'page client-page' },
      this.header,
      h('div', { class: 'columns' }, h('div', { class: 'main-col' }, this.actions, this.sets, this.timeline), h('div', { class: 'side-col' }, hoursCard, this.operations, this.review, this.runs)),
    );
  }

  get clientId(): string | undefined {
    return this.view?.client.id;
  }

  get state(): ClientPageState {
    return { open: [...this.openDetails], form: this.form.draft };
  }

  show(view: DashboardView, saved: ClientPageState | undefined): void {
    const first = this.view?.client.id !== view.client.id;
    this.view = view;
    if (first) this.openDetails = new Set(saved?.open ?? []);
    this.form.update(view);
    if (first) this.form.restore(saved?.form);
    this.render();
  }

  /** The theme changed: the charts read their colours again. */
  rebuildCharts(): void {
    this.buildCharts(readPalette());
  }

  private buildCharts(palette: Palette): void {
    for (const c of this.charts) c.build(palette);
    // Which colours the canvases were drawn with (tests check a theme change is picked up).
    this.element.dataset.palette = [palette.blue, palette.green, palette.grid, palette.background].join(' ');
  }

  private render(): void {
    const view = this.view!;
    const focused = focusKey();
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.renderHeader(view);
    this.renderActions(view);
    this.renderSets(view);
    this.renderTimeline(view);
    this.renderHours(view);
    this.renderRuns(view);
    renderMonthLines(this.operations, 'operations-title', 'Operations', view.operations);
    renderMonthLines(this.review, 'review-title', 'Production review', view.review);
    this.buildCharts(readPalette());
    if (focused) restoreFocus(this.element, focused);
  }

  // -------------------------------------------------------------------------------------------

  private renderHeader(v: DashboardView): void {
    const models = [...new Set(v.sets.map((s) => s.latest && `${s.latest.modelName}${s.latest.modelDigest ? ` (${shortDigest(s.latest.modelDigest)})` : ''}`).filter(Boolean))];
    const thresholds = [
      v.thresholds?.passRate !== undefined ? `pass rate ≥ ${percent(v.thresholds.passRate)}` : '',
      v.thresholds?.latencyP95Ms !== undefined ? `p95 ≤ ${ms(v.thresholds.latencyP95Ms)}` : '',
    ].filter(Boolean);
    replace(
      this.header,
      h(
        'div',
        { class: 'title-row' },
        h('h1', { class: 'client-name' }, v.client.name),
        healthBadges(v.health, v.breaches.map((b) => breachLine(b.evalSetName, b.breach))),
      ),
      h(
        'div',
        { class: 'subtitle muted' },
        [models.length ? `Model ${models.join(', ')}` : '', thresholds.length ? `thresholds: ${thresholds.join(', ')}` : '', `updated ${dateTime(v.now)}`].filter(Boolean).join(' · '),
      ),
    );
  }

  private renderActions(v: DashboardView): void {
    replace(
      this.actions,
      h('h2', { attrs: { id: 'actions-title' } }, 'Next actions'),
      v.actions.length
        ? h('ul', { class: 'action-list' }, ...v.actions.map((a) => this.action(a)))
        : h('p', { class: 'muted nothing' }, `Nothing needs doing: every set ran in the last ${STALE_DAYS} days, none is declining or breaching, and the hours are under ${HOURS_WARNING * 100}% of the retainer.`),
    );
  }

  private action(a: NextAction): HTMLElement {
    const button = (label: string, key: string, onClick: () => void) => h('vscode-button', { attrs: { secondary: true, 'data-action': key, 'data-key': `action:${key}:${a.label}` }, on: { click: onClick } }, label);
    const buttons: Child[] = [];
    switch (a.kind) {
      case 'run':
        buttons.push(button(a.label, 'run', () => this.host.notify('runSet', { evalSetId: a.evalSetId })));
        break;
      case 'investigate':
        buttons.push(button('Compare', 'compare', () => this.host.notify('compareRuns', { baseRunId: a.baseRunId, headRunId: a.headRunId })));
        break;
      case 'breach':
        buttons.push(button('Open run', 'open-breach', () => this.host.notify('openRun', { runId: a.runId })));
        break;
      case 'report':
        buttons.push(button('Generate report', 'generate-report', () => this.host.notify('generateReport', { month: a.month })));
        break;
      case 'hours':
        buttons.push(button('Open change log', 'open-changelog', () => this.host.notify('openChangelog', {})));
        break;
    }
    const severity = a.kind === 'breach' || (a.kind === 'hours' && a.severity === 'over') ? 'error' : a.kind === 'investigate' || a.kind === 'hours' ? 'warning' : 'info';
    return h('li', { class: `action action-${a.kind} severity-${severity}`, attrs: { 'data-kind': a.kind } }, h('div', { class: 'action-text' }, h('strong', null, a.kind === 'run' ? a.detail : a.label), a.kind === 'run' ? null : h('div', { class: 'muted' }, a.detail)), h('div', { class: 'action-buttons' }, ...buttons));
  }

  // -------------------------------------------------------------------------------------------
  // Eval sets and their charts

  private renderSets(v: DashboardView): void {
    const range = xRange(v);
    const markers = v.events.map((e): Marker => ({ at: epochSeconds(e.at), event: e, text: eventText(e) }));
    replace(
      this.sets,
      h('h2', { attrs: { id: 'sets-title' } }, 'Eval sets'),
      v.sets.length ? null : h('p', { class: 'muted' }, 'This client has no eval sets yet.'),
      ...v.sets.map((s) => this.setCard(v, s, range, markers)),
    );
  }

  private setCard(v: DashboardView, s: SetView, range: [number, number], markers: Marker[]): HTMLElement {
    const drift = DRIFT[s.drift.status];
    const latest = s.latest;
    const stats = latest
      ? `${runFigures(latest)} · p95 ${ms(latest.latencyP95Ms)} · last run ${ago(s.lastRunAt ?? latest.startedAt, v.now)}`
      : s.lastRunAt
        ? `No complete run; last run ${ago(s.lastRunAt, v.now)}`
        : 'Never run';
    // A newer outage or interrupted run is said beside the last score, never taken for it.
    const stopped = s.stopped && `${describeStoppedRun(s.stopped)} in the run of ${dateTime(s.stopped.startedAt)}, not counted`;
    const head = h(
      'div',
      { class: 'set-head' },
      h('h3', { class: 'set-name' }, s.name, s.caseCount !== undefined ? h('span', { class: 'muted count' }, ` · ${plural(s.caseCount, 'case')}`) : null, s.inWorkspace ? null : h('span', { class: 'muted' }, ' · (eval set file removed)')),
      withTip(h('span', { class: `badge drift drift-${s.drift.status}`, attrs: { tabindex: 0, 'data-status': s.drift.status } }, `${drift.glyph} ${drift.label}`), s.drift.method),
      s.inWorkspace ? h('vscode-button', { attrs: { secondary: true, 'data-action': 'run-set', 'data-key': `run:${s.evalSetId}` }, on: { click: () => this.host.notify('runSet', { evalSetId: s.evalSetId }) } }, 'Run') : null,
    );
    const body: Child[] = [head, h('div', { class: 'set-stats muted' }, stats), stopped ? h('div', { class: 'set-stopped', attrs: { 'data-run': s.stopped!.runId } }, stopped) : null];
    if (s.series.length) {
      const xs = s.series.map((p) => epochSeconds(p.startedAt));
      const open = (i: number) => this.host.notify('openRun', { runId: s.series[i].runId });
      const onMarker = (list: Marker[]) => this.openEvent(list);
      const quality = new Chart({
        label: `${s.name}: pass rate and score`,
        summary: qualitySummary(s, v),
        height: 190,
        xRange: range,
        xs,
        series: [
          { label: 'Pass rate', values: s.series.map((p) => p.passRate), color: 'green', format: percent },
          { label: 'Score', values: s.series.map((p) => p.score), color: 'blue', format: score },
          ...(v.thresholds?.passRate !== undefined ? [{ label: 'Pass-rate threshold', values: s.series.map(() => v.thresholds!.passRate!), color: 'red' as keyof Palette, format: percent, dash: [6, 4], width: 1, points: false }] : []),
        ],
        yRange: (values) => [Math.max(0, Math.min(0.5, Math.floor((Math.min(...values) - 0.05) * 10) / 10)), 1],
        yFormat: (y) => y.toFixed(1),
        markers,
        onMarker,
        describePoint: (i) => pointText(s.name, s.series[i]),
        onPoint: open,
      });
      this.charts.push(quality);
      body.push(h('div', { class: 'chart-title muted' }, 'Pass rate and score'), quality.element);
      if (s.series.some((p) => p.latencyP50Ms !== undefined || p.latencyP95Ms !== undefined)) {
        const latency = new Chart({
          label: `${s.name}: latency p50 and p95`,
          summary: latencySummary(s),
          height: 130,
          xRange: range,
          xs,
          series: [
            { label: 'p50', values: s.series.map((p) => p.latencyP50Ms ?? null), color: 'blue', format: ms },
            { label: 'p95', values: s.series.map((p) => p.latencyP95Ms ?? null), color: 'orange', format: ms },
            ...(v.thresholds?.latencyP95Ms !== undefined ? [{ label: 'p95 threshold', values: s.series.map(() => v.thresholds!.latencyP95Ms!), color: 'red' as keyof Palette, format: ms, dash: [6, 4], width: 1, points: false }] : []),
          ],
          yRange: (values) => [0, Math.max(100, Math.ceil((Math.max(...values) * 1.1) / 500) * 500)],
          yFormat: (y) => (y >= 1000 ? `${(y / 1000).toFixed(1)} s` : `${Math.round(y)} ms`),
          markers,
          onMarker,
          describePoint: (i) => pointText(s.name, s.series[i]),
          onPoint: open,
        });
        this.charts.push(latency);
        body.push(h('div', { class: 'chart-title muted' }, 'Latency'), latency.element);
      }
      body.push(this.details(`data:${s.evalSetId}`, `Data table (${plural(s.series.length, 'run')})`, () => this.dataTable(s)));
    } else {
      body.push(h('p', { class: 'muted' }, 'No complete run of this set yet: run it to start its history.'));
    }
    return h('article', { class: 'card set-card', attrs: { 'data-set': s.evalSetId, 'aria-label': `Eval set ${s.name}` } }, ...body);
  }

  private dataTable(s: SetView): HTMLElement {
    const rows = [...s.series].reverse();
    return h(
      'table',
      { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, `${s.name}: every complete run, newest first`),
      h('thead', null, h('tr', null, ...['Run', 'Pass rate', 'Passed', 'Score', 'p50', 'p95', 'Model', 'Breaches'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
      h(
        'tbody',
        null,
        ...rows.map((p) =>
          h(
            'tr',
            { class: p.breaches.length ? 'breach' : undefined },
            h('th', { attrs: { scope: 'row' } }, this.runLink(p.runId, dateTime(p.startedAt))),
            h('td', { class: 'num' }, percent(p.passRate)),
            h('td', { class: 'num' }, `${p.passed}/${p.total}`),
            h('td', { class: 'num' }, score(p.score)),
            h('td', { class: 'num' }, ms(p.latencyP50Ms)),
            h('td', { class: 'num' }, ms(p.latencyP95Ms)),
            h('td', null, `${p.modelName}${p.modelDigest ? ` ${shortDigest(p.modelDigest)}` : ''}`),
            h('td', null, p.breaches.map((b) => b.message).join('; ') || '—'),
          ),
        ),
      ),
    );
  }

  private openEvent(markers: Marker[]): void {
    const entry = markers.find((m) => m.event.kind === 'changelog')?.event;
    if (entry?.kind === 'changelog') return this.host.notify('openChangelog', { line: entry.line });
    for (const m of markers) {
      if (m.event.kind !== 'changelog') return this.host.notify('openRun', { runId: m.event.runId });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Timeline

  private renderTimeline(v: DashboardView): void {
    const legend = h(
      'ul',
      { class: 'legend', attrs: { 'aria-label': 'Markers' } },
      ...(['changelog', 'systemPrompt', 'model'] as const).map((k) => h('li', null, h('span', { class: `marker-glyph marker-${k}`, attrs: { 'aria-hidden': 'true' } }, MARKER_STYLE[k].glyph), ` ${MARKER_STYLE[k].name}`)),
    );
    const counts = (['changelog', 'systemPrompt', 'model'] as const).map((k) => [k, v.events.filter((e) => e.kind === k).length] as const);
    replace(
      this.timeline,
      h('h2', { attrs: { id: 'timeline-title' } }, 'Timeline'),
      legend,
      h('p', { class: 'muted' }, `${plural(counts[0][1], 'change-log entry', 'change-log entries')}, ${plural(counts[1][1], 'system prompt change')}, ${plural(counts[2][1], 'model change')}. Hover or focus a marker below a chart to see what changed; activate it to open the entry or the run.`),
      this.details('events', `All events (${v.events.length})`, () =>
        h(
          'ol',
          { class: 'event-list', attrs: { reversed: true } },
          ...[...v.events].reverse().map((e) =>
            h(
              'li',
              { class: `event event-${e.kind}` },
              h('span', { class: `marker-glyph marker-${e.kind}`, attrs: { 'aria-hidden': 'true' } }, MARKER_STYLE[e.kind].glyph),
              ' ',
              h('button', { class: 'link', attrs: { type: 'button', 'data-key': `event:${e.kind}@${e.at}` }, on: { click: () => this.openEvent([{ at: 0, event: e, text: '' }]) } }, eventText(e)),
            ),
          ),
        ),
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Hours

  private renderHours(v: DashboardView): void {
    const m = v.hours.thisMonth;
    const included = m.included;
    const over = included === undefined ? 0 : Math.max(0, m.overage ?? m.total - included);
    const scale = included === undefined ? Math.max(m.total, 1) : Math.max(included, m.total) || 1;
    const usedWithin = included === undefined ? m.total : Math.min(m.total, included);
    const used = h('div', { class: 'hours-used' });
    used.style.width = `${(usedWithin / scale) * 100}%`;
    const overBar = h('div', { class: 'hours-over' });
    overBar.style.left = `${(usedWithin / scale) * 100}%`;
    overBar.style.width = `${(over / scale) * 100}%`;
    const mark = included !== undefined && included > 0 ? h('div', { class: 'hours-included-mark', attrs: { 'aria-hidden': 'true' } }) : null;
    if (mark) mark.style.left = `${(included! / scale) * 100}%`;
    const status = hoursStatus(m.total, included, m.overage);
    const text = hoursText(m, v);
    const bar = h(
      'div',
      {
        class: `hours-bar state-${status}`,
        attrs: {
          role: 'meter',
          'aria-label': `Hours in ${monthName(m.month)}`,
          'aria-valuemin': 0,
          'aria-valuemax': included ?? scale,
          'aria-valuenow': m.total,
          'aria-valuetext': text,
          'data-total': m.total,
          'data-included': included,
        },
      },
      used,
      overBar,
      mark,
    );
    const categories = Object.entries(m.byCategory).filter(([, h]) => h > 0);
    replace(
      this.hoursSummary,
      h('div', { class: 'hours-figure' }, h('span', { class: 'big' }, m.unread ? '—' : `${hours(m.total)} h`), included !== undefined ? ` of ${hours(included)} h included · ${monthName(m.month)}` : ` logged · ${monthName(m.month)} (no retainer in client.yaml)`),
      bar,
      h('p', { class: `hours-text state-${status}` }, text),
      m.unread ? null : categories.length ? h('ul', { class: 'by-category', attrs: { 'aria-label': 'By category' } }, ...categories.map(([c, x]) => h('li', null, h('span', { class: 'muted' }, c), ` ${hours(x)} h`))) : h('p', { class: 'muted' }, 'No hours logged this month yet.'),
      this.details('months', 'Earlier months', () => monthsTable(v.hours.months)),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Recent runs

  private renderRuns(v: DashboardView): void {
    replace(
      this.runs,
      h('h2', { attrs: { id: 'runs-title' } }, 'Recent runs'),
      v.recentRuns.length
        ? h(
            'table',
            { class: 'runs-table' },
            h('thead', null, h('tr', null, ...['Run', 'Set', 'Status', 'Pass rate', 'Score'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
            h(
              'tbody',
              null,
              ...v.recentRuns.map((r) =>
                h(
                  'tr',
                  { class: r.breaches.length ? 'breach' : undefined, attrs: { 'data-run': r.runId } },
                  h('th', { attrs: { scope: 'row' } }, this.runLink(r.runId, dateTime(r.startedAt))),
                  h('td', null, r.evalSetName),
                  h('td', null, r.breaches.length ? withTip(h('span', { class: 'breach-flag', attrs: { tabindex: 0 } }, `⚠ ${r.status}`), r.breaches.map((b) => b.message)) : runStatus(r)),
                  h('td', { class: 'num' }, `${percent(r.passRate)} (${r.passed}/${r.total})`),
                  h('td', { class: 'num' }, score(r.score)),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No runs yet.'),
    );
  }

  private runLink(runId: string, label: string): HTMLElement {
    return h('button', { class: 'link', attrs: { type: 'button', 'data-key': `run-link:${runId}`, title: `Open ${runId} in the results view` }, on: { click: () => this.host.notify('openRun', { runId }) } }, label);
  }

  /** A <details> whose content is built when first opened, and whose open state is kept. */
  private details(key: string, summary: string, content: () => HTMLElement): HTMLElement {
    const el = h('details', { class: 'more', attrs: { 'data-details': key } }, h('summary', { attrs: { 'data-key': `details:${key}` } }, summary));
    const fill = () => {
      if (el.open && el.childElementCount === 1) el.append(content());
    };
    el.addEventListener('toggle', () => {
      if (el.open) this.openDetails.add(key);
      else this.openDetails.delete(key);
      fill();
      this.save();
    });
    el.open = this.openDetails.has(key);
    fill();
    return el;
  }
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * The health badge, or one badge per breach saying which set, which threshold and by how much
 * (identical "Threshold breached" badges said nothing). The overview uses it too.
 */
export function healthBadges(health: HealthView, breaches: readonly string[]): HTMLElement {
  const { glyph, label } = HEALTH[health];
  const tip = health === 'ok' ? 'Every eval set’s latest run meets the thresholds.' : health === 'breach' ? label : 'No complete run of any eval set yet.';
  const badges =
    health === 'breach' && breaches.length
      ? breaches.map((line) => h('span', { class: 'badge health health-breach' }, `${glyph} ${line}`))
      : [withTip(h('span', { class: `badge health health-${health}`, attrs: { tabindex: 0 } }, `${glyph} ${label}`), tip)];
  return h('span', { class: 'health-badges' }, ...badges);
}

/** What a marker's tooltip says. */
export function eventText(e: TimelineEventView): string {
  switch (e.kind) {
    case 'changelog':
      return `${e.date} · ${e.category} · ${hours(e.hours)} h · ${e.title}`;
    case 'systemPrompt':
      return `${day(e.at)}: system prompt changed (${e.from.slice(0, 8)} → ${e.to.slice(0, 8)})`;
    case 'model':
      return e.from.name === e.to.name
        ? `${day(e.at)}: model digest changed (${e.to.name} ${shortDigest(e.from.digest) || '?'} → ${shortDigest(e.to.digest) || '?'})`
        : `${day(e.at)}: model changed (${e.from.name} → ${e.to.name})`;
  }
}

function pointText(set: string, p: SeriesPointView): string {
  const breaches = p.breaches.length ? `; ${p.breaches.map((b) => b.message).join('; ')}` : '';
  return `${set}, ${dateTime(p.startedAt)}: ${runFigures(p)}, p95 latency ${ms(p.latencyP95Ms)}${breaches}.`;
}

function qualitySummary(s: SetView, v: DashboardView): string {
  const first = s.series[0];
  const last = s.series[s.series.length - 1];
  const lowest = s.series.reduce((a, b) => (b.passRate < a.passRate ? b : a));
  const breaching = v.thresholds?.passRate !== undefined ? s.series.filter((p) => p.passRate < v.thresholds!.passRate!).length : 0;
  return [
    `${plural(s.series.length, 'run')} from ${day(first.startedAt)} to ${day(last.startedAt)}.`,
    `Latest: ${runFigures(last)}.`,
    `Lowest pass rate ${percent(lowest.passRate)} on ${day(lowest.startedAt)}.`,
    breaching ? `${plural(breaching, 'run')} below the ${percent(v.thresholds!.passRate!)} threshold.` : '',
    `Drift: ${DRIFT[s.drift.status].label}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

function latencySummary(s: SetView): string {
  const p95 = s.series.map((p) => p.latencyP95Ms).filter((x): x is number => x !== undefined);
  const last = s.series[s.series.length - 1];
  return `Latest p50 ${ms(last.latencyP50Ms)}, p95 ${ms(last.latencyP95Ms)}.${p95.length ? ` Highest p95 ${ms(Math.max(...p95))}.` : ''}`;
}

export function hoursText(m: MonthHoursView, v: Pick<DashboardView, 'retainer'>): string {
  if (m.unread) return `Hours not known: ${m.unread}. Logging hours below starts the count.`;
  if (m.included === undefined) return `${hours(m.total)} h logged this month.`;
  const over = Math.max(0, m.overage ?? m.total - m.included);
  if (over > 0) {
    const rate = v.retainer?.hourlyRate !== undefined ? ` at ${money(v.retainer.hourlyRate, m.currency)}/h` : '';
    const value = m.overageValue !== undefined ? `: ${money(m.overageValue, m.currency)}${rate}` : '';
    return `${hours(m.total)} h of ${hours(m.included)} h included · over by ${hours(over)} h${value}`;
  }
  const left = m.remaining ?? m.included - m.total;
  return `${hours(m.total)} h of ${hours(m.included)} h included · ${hours(left)} h left${hoursStatus(m.total, m.included, m.overage) === 'warning' ? ' (hours nearly used)' : ''}`;
}

function monthsTable(months: readonly MonthHoursView[]): HTMLElement {
  return h(
    'table',
    { class: 'data-table months' },
    h('thead', null, h('tr', null, ...['Month', 'Hours', 'Included', 'Over', 'Value'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    h(
      'tbody',
      null,
      ...[...months].reverse().map((m) =>
        h(
          'tr',
          { class: (m.overage ?? 0) > 0 ? 'over' : undefined },
          h('th', { attrs: { scope: 'row' } }, monthName(m.month)),
          h('td', { class: 'num' }, m.unread ? withTip(h('span', { attrs: { tabindex: 0 } }, 'not known'), m.unread) : `${hours(m.total)} h`),
          h('td', { class: 'num' }, m.included === undefined ? '—' : `${hours(m.included)} h`),
          h('td', { class: 'num' }, m.overage ? `${hours(m.overage)} h` : '—'),
          h('td', { class: 'num' }, m.overageValue ? money(m.overageValue, m.currency) : '—'),
        ),
      ),
    ),
  );
}

/** One time axis for every chart of the client, so markers line up: first run or event to today. */
function xRange(v: DashboardView): [number, number] {
  const times = [...v.sets.flatMap((s) => s.series.map((p) => epochSeconds(p.startedAt))), ...v.events.map((e) => epochSeconds(e.at))];
  const now = Date.parse(v.now) / 1000;
  if (!times.length) return [now - 30 * DAY_S, now + DAY_S];
  return [Math.min(...times) - 3 * DAY_S, Math.max(now, ...times) + 2 * DAY_S];
}

// ---------------------------------------------------------------------------------------------
// Focus across redraws

function focusKey(): string | undefined {
  let el: Element | null = document.activeElement;
  while (el && !(el as HTMLElement).dataset?.key) el = el.parentElement;
  return (el as HTMLElement | null)?.dataset.key;
}

function restoreFocus(root: HTMLElement, key: string): void {
  const el = root.querySelector(`[data-key="${CSS.escape(key)}"]`) as HTMLElement | null;
  el?.focus({ preventScroll: true });
}

/** A recent run's status as it is: "outage: 9 of 16 errored", "complete (some cases)", "candidate · complete". */
function runStatus(r: RecentRunView): string {
  const status = describeStoppedRun(r) ?? `${r.status}${r.partial ? ' (some cases)' : ''}`;
  return r.purpose === 'production' ? status : `${r.purpose} · ${status}`;
}

/** A side card of sentences about a month (operations, the production review); hidden when there are none. */
function renderMonthLines(card: HTMLElement, titleId: string, title: string, v: DashboardView['review']): void {
  card.hidden = !v;
  if (v) replace(card, h('h2', { attrs: { id: titleId } }, `${title} ${v.month}`), h('ul', null, ...v.lines.map((l) => h('li', null, l))));
}
