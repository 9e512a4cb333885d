import type { CaseChangeView, ComparisonDetail, ComparisonRow, ComparisonView, ResultsProtocol, RunRef } from '../../../src/protocol/results';
import type { Endpoint } from '../../../src/protocol/rpc';
import { runFigures } from '../../../src/core/analysis/figures';
import { h, replace } from '../shared/dom';
import { FilterBar } from '../shared/filterBar';
import { VirtualList, type ListState } from '../shared/virtualList';
import { afterSide, beforeSide, granularityNote } from '../shared/diff';
import { percent, pointsChange, score, scoreChange, short, shownDifference, time } from '../shared/format';
import { badge, button, delta, metric, pre } from '../shared/widgets';

export type ComparisonFilter = 'fixed' | 'regressed' | 'unchanged' | 'new' | 'removed' | 'not-run';

export interface ComparisonPageState {
  key: string;
  filters: ComparisonFilter[];
  search: string;
  list: ListState;
}

type Host = Endpoint<ResultsProtocol['toView'], ResultsProtocol['toHost']>;

const ROW_HEIGHT = 32;

const CHANGE: Record<CaseChangeView, { glyph: string; label: string; tone: string }> = {
  fixed: { glyph: '↑', label: 'fixed', tone: 'good' },
  regressed: { glyph: '↓', label: 'regressed', tone: 'bad' },
  'unchanged-pass': { glyph: '✓', label: 'still passing', tone: '' },
  'unchanged-fail': { glyph: '✗', label: 'still failing', tone: 'warn' },
  new: { glyph: '+', label: 'new', tone: '' },
  removed: { glyph: '−', label: 'removed', tone: '' },
  'not-run': { glyph: '·', label: 'not run', tone: '' },
};

const CONFIG_LABEL: Record<ComparisonView['config'][number]['field'], string> = {
  provider: 'Provider',
  model: 'Model',
  digest: 'Model digest',
  options: 'Options',
  format: 'Output format',
  systemPrompt: 'System prompt (sha256)',
  judge: 'Judge',
};

/**
 * Two runs of one set: what got fixed, what regressed, whether that is more than noise (the
 * test is named), and what differed in how the runs were configured.
 */
export class ComparisonPage {
  readonly element: HTMLElement;
  private readonly header = h('header', { class: 'page-header' });
  private readonly bar: FilterBar<ComparisonFilter>;
  private readonly list: VirtualList<ComparisonRow>;
  private view: ComparisonView | undefined;
  private readonly details = new Map<string, Promise<ComparisonDetail>>();

  constructor(
    private readonly host: Host,
    private readonly save: () => void,
  ) {
    this.bar = new FilterBar<ComparisonFilter>(
      [
        { id: 'fixed', label: 'Fixed' },
        { id: 'regressed', label: 'Regressed' },
        { id: 'unchanged', label: 'Unchanged' },
        { id: 'new', label: 'New' },
        { id: 'removed', label: 'Removed' },
        { id: 'not-run', label: 'Not run' },
      ],
      'Search id or tag',
      () => this.applyFilters(),
    );
    this.list = new VirtualList<ComparisonRow>(
      { key: (c) => c.id, label: (c) => `${c.id}: ${CHANGE[c.change].label}`, row: (c) => this.row(c), detail: (c) => this.detail(c) },
      ROW_HEIGHT,
      'Cases compared',
    );
    this.list.onStateChange = save;
    this.element = h('div', { class: 'page comparison-page' }, this.header, this.bar.element, this.list.element);
  }

  get state(): ComparisonPageState | undefined {
    return this.view && { key: keyOf(this.view), filters: [...this.bar.active], search: this.bar.query, list: this.list.state };
  }

  show(view: ComparisonView, saved: ComparisonPageState | undefined): void {
    this.view = view;
    this.details.clear();
    this.renderHeader(view);
    if (saved) this.bar.restore(saved.filters, saved.search);
    const c = view.counts;
    this.bar.setCounts({ fixed: c.fixed, regressed: c.regressed, unchanged: c['unchanged-pass'] + c['unchanged-fail'], new: c.new, removed: c.removed, 'not-run': c['not-run'] ?? 0 });
    this.list.reset(saved?.key === keyOf(view) ? saved.list : undefined);
    this.applyFilters();
  }

  private applyFilters(): void {
    const view = this.view;
    if (!view) return;
    const active = this.bar.active;
    const query = this.bar.query;
    const rows = view.cases.filter((c) => {
      const group: ComparisonFilter = c.change === 'unchanged-pass' || c.change === 'unchanged-fail' ? 'unchanged' : c.change;
      if (active.size && !active.has(group)) return false;
      return !query || c.id.toLowerCase().includes(query) || c.tags.some((t) => t.toLowerCase().includes(query));
    });
    this.bar.setSummary(rows.length, view.cases.length, view.cases.length === 1 ? 'case' : 'cases');
    this.list.setItems(rows);
    this.save();
  }

  private renderHeader(v: ComparisonView): void {
    const sig = v.significance;
    const promptChanged = v.config.some((d) => d.field === 'systemPrompt');
    replace(
      this.header,
      h('div', { class: 'title-row' }, h('h1', null, `Compare · ${v.evalSet.name}`), h('span', { class: 'subtitle' }, v.client.name)),
      h('div', { class: 'runs' }, runCard('Base', v.base, v.baseIsBaseline, () => this.host.notify('showRun', { which: 'base' })), h('span', { class: 'arrow', attrs: { 'aria-hidden': 'true' } }, '→'), runCard('Head', v.head, false, () => this.host.notify('showRun', { which: 'head' }))),
      h(
        'dl',
        { class: 'metrics' },
        // The moves between the figures as shown, so "0.99 → 0.95" reads −0.04.
        metric('Pass rate', `${percent(v.basis.basePassRate)} → ${percent(v.basis.headPassRate)}`, delta(shownDifference(v.basis.basePassRate, v.basis.headPassRate, 3), pointsChange(v.basis.basePassRate, v.basis.headPassRate), '')),
        metric('Score', `${score(v.basis.baseScore)} → ${score(v.basis.headScore)}`, delta(shownDifference(v.basis.baseScore, v.basis.headScore, 2), scoreChange(v.basis.baseScore, v.basis.headScore), '')),
        metric('Fixed / regressed', `${v.counts.fixed} / ${v.counts.regressed}`),
        v.basis.over === 'each-run' ? metric('New / removed', `${v.counts.new} / ${v.counts.removed}`) : metric('Not run', `${v.counts['not-run'] ?? 0}`),
      ),
      v.basis.over === 'shared-cases' &&
        h(
          'p',
          { class: 'basis muted' },
          `Score and pass rate are over the ${v.basis.sharedCases} case${v.basis.sharedCases === 1 ? '' : 's'} both runs have: ${partialReason(v)}.`,
        ),
      h(
        'section',
        { class: `verdict ${sig.significant ? 'significant' : 'noise'}`, attrs: { 'aria-label': 'Significance' } },
        h('strong', null, sig.significant ? 'More than noise. ' : 'Within noise. '),
        sig.verdict,
        h('span', { class: 'muted' }, ` Test: ${sig.test}.`),
      ),
      h(
        'section',
        { class: 'config' },
        h('h2', null, 'Configuration'),
        v.config.length === 0
          ? h('p', { class: 'muted' }, 'Same provider, model, digest, options, output format, system prompt and judge.')
          : h(
              'table',
              null,
              h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'What differed'), h('th', { attrs: { scope: 'col' } }, 'Base'), h('th', { attrs: { scope: 'col' } }, 'Head'))),
              h('tbody', null, ...v.config.map((d) => h('tr', { attrs: { 'data-field': d.field } }, h('th', { attrs: { scope: 'row' } }, CONFIG_LABEL[d.field]), h('td', null, d.base), h('td', null, d.head)))),
            ),
        promptChanged && h('div', { class: 'actions' }, button('Show prompt diff', () => this.host.notify('showPromptDiff', {}), 'prompt-diff', true)),
      ),
    );
  }

  private row(c: ComparisonRow): HTMLElement {
    const change = CHANGE[c.change];
    return h(
      'div',
      { class: `case change-${c.change}` },
      h(
        'div',
        { class: 'line1' },
        h('span', { class: `glyph ${change.tone}`, attrs: { 'aria-hidden': 'true' } }, change.glyph),
        h('span', { class: 'case-id' }, c.id),
        badge(change.label, change.tone),
        c.outputChanged ? badge('output changed') : '',
        h('span', { class: 'fill' }),
        h('span', { class: 'tags' }, ...c.tags.map((t) => h('span', { class: 'tag' }, t))),
        h('span', { class: 'num', attrs: { title: 'score: base → head' } }, `${score(c.baseScore)} → ${score(c.headScore)}`),
      ),
    );
  }

  private detail(c: ComparisonRow): HTMLElement {
    const view = this.view!;
    const el = h('div', { class: 'detail', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'muted' }, 'Loading…'));
    let pending = this.details.get(c.id);
    if (!pending) {
      pending = this.host.request('comparisonDetail', { headRunId: view.head.id, caseId: c.id });
      this.details.set(c.id, pending);
      pending.catch(() => this.details.delete(c.id));
    }
    pending.then(
      (d) => {
        el.removeAttribute('aria-busy');
        const missing = (which: string) => h('p', { class: 'muted' }, `Not in the ${which} run.`);
        replace(
          el,
          h(
            'div',
            { class: 'columns two' },
            h('section', null, h('h3', null, `Base · ${time(view.base.startedAt)}`), d.base === undefined ? missing('base') : pre(d.diff ? beforeSide(d.diff) : d.base, 'base')),
            h('section', null, h('h3', null, `Head · ${time(view.head.startedAt)}`), d.head === undefined ? missing('head') : pre(afterSide(d.head, { diff: d.diff, class: 'diff-added', title: 'Not in the base output' }), 'head')),
          ),
          h('p', { class: 'legend' }, h('del', { class: 'diff-removed' }, 'struck'), ' only in base · ', h('ins', { class: 'diff-added' }, 'highlighted'), ' only in head', granularityNote(d.diff) ? ` · ${granularityNote(d.diff)}` : ''),
          h(
            'div',
            { class: 'actions' },
            d.diff && button('Open in diff editor: base ↔ head', () => this.host.notify('openDiff', { caseId: c.id, against: 'base' }), 'diff-base', true),
            d.head !== undefined && button('Show in results', () => this.host.notify('showRun', { which: 'head', caseId: c.id }), 'show-head', true),
          ),
        );
      },
      (e: Error) => replace(el, h('p', { class: 'error' }, `Could not load this case: ${e.message}`)),
    );
    return el;
  }
}

function keyOf(v: ComparisonView): string {
  return `${v.base.id}→${v.head.id}`;
}

function runCard(role: string, run: RunRef, baseline: boolean, open: () => void): HTMLElement {
  return h(
    'div',
    { class: 'run-card' },
    h('div', { class: 'muted' }, role, baseline ? ' · pinned baseline' : ''),
    h('div', null, h('strong', null, time(run.startedAt)), ` · ${run.status}`),
    h('div', null, run.model, ' ', h('span', { class: 'hash', attrs: { title: run.digest ?? 'digest not recorded' } }, short(run.digest))),
    h('div', { class: 'muted' }, `${runFigures(run)}${run.partial ? ' · selected cases' : ''}`),
    button('Show results', open, `show-${role.toLowerCase()}`, true),
  );
}

/** Why a comparison is over the shared cases only: which run did not run the whole set, and how. */
function partialReason(v: ComparisonView): string {
  const why = (name: string, run: RunRef) =>
    run.partial ? `the ${name} run ran ${run.total} selected case${run.total === 1 ? '' : 's'}` : run.status !== 'complete' ? `the ${name} run was ${run.status}` : '';
  return [why('base', v.base), why('head', v.head)].filter(Boolean).join(' and ') || 'one run did not run the whole set';
}
