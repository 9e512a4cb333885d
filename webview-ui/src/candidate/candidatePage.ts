import type { CasePair, SetComparison } from '../../../src/core/compare/types';
import type { CandidateProtocol, CandidateView } from '../../../src/protocol/candidate';
import type { ComparisonDetail } from '../../../src/protocol/results';
import type { Endpoint } from '../../../src/protocol/rpc';
import { formatP } from '../../../src/core/analysis/mcnemar';
import { h, replace } from '../shared/dom';
import { afterSide, beforeSide, granularityNote } from '../shared/diff';
import { FilterBar } from '../shared/filterBar';
import { percent, score, short, signed, time } from '../shared/format';
import { VirtualList, type ListState } from '../shared/virtualList';
import { badge, button, metric, pre } from '../shared/widgets';

export type PairFilter = 'win' | 'loss' | 'both-pass' | 'both-fail' | 'unpaired';

export interface CandidatePageState {
  key: string;
  setId: string;
  filters: PairFilter[];
  search: string;
  list: ListState;
}

type Host = Endpoint<CandidateProtocol['toView'], CandidateProtocol['toHost']>;

const ROW_HEIGHT = 32;

const OUTCOME: Record<PairFilter, { glyph: string; label: string; tone: string }> = {
  win: { glyph: '↑', label: 'win', tone: 'good' },
  loss: { glyph: '↓', label: 'loss', tone: 'bad' },
  'both-pass': { glyph: '✓', label: 'both pass', tone: '' },
  'both-fail': { glyph: '✗', label: 'both fail', tone: 'warn' },
  unpaired: { glyph: '·', label: 'not on both sides', tone: '' },
};

const DECISION = { promote: 'Promote', reject: 'Reject', inconclusive: 'Inconclusive' } as const;

/**
 * A candidate against production: the decision and its rule on top, each set's paired cases
 * below (filter by wins, losses, both fail), a case's two answers side by side with the word
 * diff, and what differed in the configuration.
 */
export class CandidatePage {
  readonly element: HTMLElement;
  private readonly header = h('header', { class: 'page-header' });
  private readonly setHeader = h('section', { class: 'set-figures' });
  private readonly bar: FilterBar<PairFilter>;
  private readonly list: VirtualList<CasePair>;
  private view: CandidateView | undefined;
  private set: SetComparison | undefined;
  private readonly details = new Map<string, Promise<ComparisonDetail>>();

  constructor(
    private readonly host: Host,
    private readonly save: () => void,
  ) {
    this.bar = new FilterBar<PairFilter>(
      [
        { id: 'win', label: 'Wins' },
        { id: 'loss', label: 'Losses' },
        { id: 'both-fail', label: 'Both fail' },
        { id: 'both-pass', label: 'Both pass' },
        { id: 'unpaired', label: 'Not paired' },
      ],
      'Search id or tag',
      () => this.applyFilters(),
    );
    this.list = new VirtualList<CasePair>(
      { key: (c) => c.id, label: (c) => `${c.id}: ${OUTCOME[c.outcome ?? 'unpaired'].label}`, row: (c) => this.row(c), detail: (c) => this.detail(c) },
      ROW_HEIGHT,
      'Paired cases',
    );
    this.list.onStateChange = save;
    this.element = h('div', { class: 'page candidate-page' }, this.header, this.setHeader, this.bar.element, this.list.element);
  }

  get state(): CandidatePageState | undefined {
    return this.view && this.set && { key: this.view.record.id, setId: this.set.evalSet.id, filters: [...this.bar.active], search: this.bar.query, list: this.list.state };
  }

  show(view: CandidateView, saved: CandidatePageState | undefined): void {
    this.view = view;
    const same = saved?.key === view.record.id;
    this.renderHeader(view);
    if (same && saved) this.bar.restore(saved.filters, saved.search);
    this.selectSet(view.record.sets.find((s) => same && s.evalSet.id === saved?.setId) ?? view.record.sets[0], same ? saved?.list : undefined);
  }

  private selectSet(set: SetComparison | undefined, list?: ListState): void {
    this.set = set;
    this.details.clear();
    if (!set) {
      replace(this.setHeader, h('p', { class: 'muted' }, 'No set was compared.'));
      this.list.setItems([]);
      return;
    }
    for (const tab of this.header.querySelectorAll<HTMLElement>('[data-set]')) tab.setAttribute('aria-pressed', String(tab.dataset.set === set.evalSet.id));
    this.renderSet(set);
    const c = set.counts;
    this.bar.setCounts({ win: c.wins, loss: c.losses, 'both-pass': c.bothPass, 'both-fail': c.bothFail, unpaired: c.unpaired });
    this.list.reset(list);
    this.applyFilters();
  }

  private applyFilters(): void {
    const set = this.set;
    if (!set) return;
    const active = this.bar.active;
    const query = this.bar.query;
    const tags = this.view?.tags ?? {};
    const rows = set.pairs.filter((p) => {
      if (active.size && !active.has(p.outcome ?? 'unpaired')) return false;
      return !query || p.id.toLowerCase().includes(query) || (tags[p.id] ?? []).some((t) => t.toLowerCase().includes(query));
    });
    this.bar.setSummary(rows.length, set.pairs.length, set.pairs.length === 1 ? 'case' : 'cases');
    this.list.setItems(rows);
    this.save();
  }

  private renderHeader(v: CandidateView): void {
    const r = v.record;
    const d = r.decision;
    const promptChanged = r.config.some((c) => c.field === 'systemPrompt');
    replace(
      this.header,
      h('div', { class: 'title-row' }, h('h1', null, `Candidate · ${r.candidate.model}`), h('span', { class: 'subtitle' }, `${r.client.name} · ${time(r.createdAt)}${r.status === 'cancelled' ? ' · cancelled' : ''}`)),
      h(
        'section',
        { class: `decision decision-${d.outcome}`, attrs: { 'aria-label': 'Decision', 'data-decision': d.outcome } },
        h('strong', { class: 'decision-outcome' }, DECISION[d.outcome]),
        h('ul', { class: 'reasons' }, ...d.reasons.map((x) => h('li', null, x))),
        h('p', { class: 'rule muted' }, `Rule: ${d.rule}`),
        h(
          'div',
          { class: 'actions' },
          v.canPromote && d.outcome !== 'reject' && button('Promote Candidate', () => this.host.notify('promote', {}), 'promote'),
          v.canPromote && d.outcome === 'reject' && button('Promote anyway…', () => this.host.notify('promote', {}), 'promote', true),
          button('Open comparison record', () => this.host.notify('openRecord', {}), 'open-record', true),
        ),
      ),
      h(
        'section',
        { class: 'config' },
        h('h2', null, 'Configuration'),
        h(
          'table',
          null,
          h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'What differed'), h('th', { attrs: { scope: 'col' } }, 'Production'), h('th', { attrs: { scope: 'col' } }, 'Candidate'))),
          h('tbody', null, ...r.config.map((c) => h('tr', { attrs: { 'data-field': c.field } }, h('th', { attrs: { scope: 'row' } }, c.field), h('td', null, c.production), h('td', null, c.candidate)))),
        ),
        promptChanged && r.sets[0] && h('div', { class: 'actions' }, button('Show prompt diff', () => this.host.notify('showPromptDiff', { setId: r.sets[0].evalSet.id }), 'prompt-diff', true)),
      ),
      r.sets.length > 1 &&
        h(
          'nav',
          { class: 'set-tabs', attrs: { 'aria-label': 'Eval sets' } },
          ...r.sets.map((s) => h('vscode-button', { attrs: { secondary: true, 'data-set': s.evalSet.id, 'aria-pressed': 'false' }, on: { click: () => this.selectSet(s) } }, `${s.evalSet.name}: ${DECISION[s.decision.outcome]}`)),
        ),
    );
  }

  private renderSet(s: SetComparison): void {
    const c = s.counts;
    const lat = (x: number | undefined) => (x === undefined ? 'unknown' : `${signed(x, 0)} ms`);
    replace(
      this.setHeader,
      h('h2', null, s.evalSet.name, ' ', badge(DECISION[s.decision.outcome], s.decision.outcome === 'promote' ? 'good' : s.decision.outcome === 'reject' ? 'bad' : 'warn')),
      s.reusedProduction && h('p', { class: 'muted reused' }, s.reusedProduction),
      h(
        'dl',
        { class: 'metrics' },
        metric('Wins / losses', `${c.wins} / ${c.losses}`),
        metric('Both pass / both fail', `${c.bothPass} / ${c.bothFail}`),
        metric('Pass rate', `${percent(s.production.passRate)} → ${percent(s.candidate.passRate)}`),
        metric('Score difference', `${signed(s.interval.mean, 3)} (95% ${signed(s.interval.low, 3)} to ${signed(s.interval.high, 3)})`),
        metric('McNemar', `${formatP(s.mcnemar.pValue)} · mid-p ${formatP(s.mcnemar.midPValue).replace('p = ', '')}`),
        metric('Latency p50 / p95', `${lat(s.deltas.latencyP50Ms)} / ${lat(s.deltas.latencyP95Ms)}`),
        metric('Tokens', `${signed(s.deltas.promptTokens, 0)} prompt · ${signed(s.deltas.completionTokens, 0)} completion`),
        s.candidateErrored > 0 && metric('Errored (candidate)', `${s.candidateErrored}`),
      ),
      h('p', { class: 'muted method' }, `Tests: ${s.mcnemar.method}; ${s.interval.method}.`),
      h(
        'div',
        { class: 'runs actions' },
        button(`Production run · ${short(s.production.digest)}`, () => this.host.notify('showRun', { setId: s.evalSet.id, which: 'production' }), 'show-production', true),
        button(`Candidate run · ${short(s.candidate.digest)}`, () => this.host.notify('showRun', { setId: s.evalSet.id, which: 'candidate' }), 'show-candidate', true),
      ),
    );
  }

  private row(p: CasePair): HTMLElement {
    const o = OUTCOME[p.outcome ?? 'unpaired'];
    const tags = this.view?.tags[p.id] ?? [];
    return h(
      'div',
      { class: `case outcome-${p.outcome ?? 'unpaired'}` },
      h(
        'div',
        { class: 'line1' },
        h('span', { class: `glyph ${o.tone}`, attrs: { 'aria-hidden': 'true' } }, o.glyph),
        h('span', { class: 'case-id' }, p.id),
        badge(o.label, o.tone),
        p.candidate?.status === 'errored' ? badge('candidate errored', 'bad') : '',
        p.outputChanged ? badge('answer changed') : '',
        h('span', { class: 'fill' }),
        h('span', { class: 'tags' }, ...tags.map((t) => h('span', { class: 'tag' }, t))),
        h('span', { class: 'num', attrs: { title: 'score: production → candidate' } }, `${score(p.production?.score)} → ${score(p.candidate?.score)}`),
      ),
    );
  }

  private detail(p: CasePair): HTMLElement {
    const set = this.set!;
    const el = h('div', { class: 'detail', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'muted' }, 'Loading…'));
    let pending = this.details.get(p.id);
    if (!pending) {
      pending = this.host.request('caseDetail', { setId: set.evalSet.id, caseId: p.id });
      this.details.set(p.id, pending);
      pending.catch(() => this.details.delete(p.id));
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
            h('section', null, h('h3', null, `Production · ${set.production.model}`), d.base === undefined ? missing('production') : pre(d.diff ? beforeSide(d.diff) : d.base, 'production')),
            h('section', null, h('h3', null, `Candidate · ${set.candidate.model}`), d.head === undefined ? missing('candidate') : pre(afterSide(d.head, { diff: d.diff, class: 'diff-added', title: "Not in production's answer" }), 'candidate')),
          ),
          h('p', { class: 'legend' }, h('del', { class: 'diff-removed' }, 'struck'), ' only in production · ', h('ins', { class: 'diff-added' }, 'highlighted'), ' only in the candidate', granularityNote(d.diff) ? ` · ${granularityNote(d.diff)}` : ''),
          h('div', { class: 'actions' }, d.diff && button('Open in diff editor: production ↔ candidate', () => this.host.notify('openDiff', { setId: set.evalSet.id, caseId: p.id }), 'diff-candidate', true)),
        );
      },
      (e: Error) => replace(el, h('p', { class: 'error' }, `Could not load this case: ${e.message}`)),
    );
    return el;
  }
}
