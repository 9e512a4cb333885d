import type { CaseDetail, CaseRow, ResultsProtocol, RunView } from '../../../src/protocol/results';
import type { Endpoint } from '../../../src/protocol/rpc';
import { runFigures } from '../../../src/core/analysis/figures';
import { h, replace, type Child } from '../shared/dom';
import { badge, button, delta, metric, pre } from '../shared/widgets';
import { FilterBar } from '../shared/filterBar';
import { VirtualList, type ListState } from '../shared/virtualList';
import { afterSide, beforeSide, granularityNote } from '../shared/diff';
import { ms, percent, points, score, short, signed, STATUS_GLYPH, time } from '../shared/format';

export type RunFilter = 'failed' | 'errored' | 'changed' | 'flaky';

export interface RunPageState {
  runId: string;
  filters: RunFilter[];
  search: string;
  list: ListState;
}

type Host = Endpoint<ResultsProtocol['toView'], ResultsProtocol['toHost']>;

/** Two lines: status, id, badges, tags, score, latency; then the assertions with their reasons (failing first). */
export const CASE_ROW_HEIGHT = 48;

/**
 * One run: a header with its numbers, a filter bar, and a virtual list of its cases. Expanding a
 * case asks the extension for its detail (outputs and word diffs), once per case.
 */
export class RunPage {
  readonly element: HTMLElement;
  private readonly header = h('header', { class: 'page-header' });
  private readonly bar: FilterBar<RunFilter>;
  private readonly list: VirtualList<CaseRow>;
  private run: RunView | undefined;
  private readonly details = new Map<string, Promise<CaseDetail>>();
  private readonly haystacks = new WeakMap<CaseRow, string>();

  constructor(
    private readonly host: Host,
    private readonly save: () => void,
  ) {
    this.bar = new FilterBar<RunFilter>(
      [
        { id: 'failed', label: 'Failed' },
        { id: 'errored', label: 'Errored' },
        { id: 'changed', label: 'Changed' },
        { id: 'flaky', label: 'Flaky' },
      ],
      'Search id, tag, input, output or expected',
      () => this.applyFilters(),
    );
    this.list = new VirtualList<CaseRow>(
      { key: (c) => c.id, label: (c) => `${c.id}: ${c.status}, score ${score(c.score)}`, row: (c) => this.row(c), detail: (c) => this.detail(c) },
      CASE_ROW_HEIGHT,
      'Cases',
    );
    this.list.onStateChange = save;
    this.element = h('div', { class: 'page run-page' }, this.header, this.bar.element, this.list.element);
  }

  get state(): RunPageState | undefined {
    return this.run && { runId: this.run.id, filters: [...this.bar.active], search: this.bar.query, list: this.list.state };
  }

  show(run: RunView, saved: RunPageState | undefined, reveal?: string): void {
    const same = saved?.runId === run.id;
    this.run = run;
    this.details.clear();
    this.renderHeader(run);
    if (saved) this.bar.restore(saved.filters, saved.search);
    this.bar.setCounts({
      failed: run.summary.failed,
      errored: run.summary.errored,
      changed: run.cases.filter(isChanged).length,
      flaky: run.summary.flaky,
    });
    this.list.reset(same ? saved.list : undefined);
    this.applyFilters();
    if (reveal) this.reveal(reveal);
  }

  reveal(caseId: string): void {
    if (!this.list.has(caseId)) {
      this.bar.clear();
      this.applyFilters();
    }
    this.list.reveal(caseId);
  }

  private applyFilters(): void {
    const run = this.run;
    if (!run) return;
    const active = this.bar.active;
    const query = this.bar.query;
    const rows = run.cases.filter((c) => {
      if (active.size && !((active.has('failed') && c.status === 'failed') || (active.has('errored') && c.status === 'errored') || (active.has('changed') && isChanged(c)) || (active.has('flaky') && c.flaky))) return false;
      return !query || this.haystack(c).includes(query);
    });
    this.bar.setSummary(rows.length, run.cases.length, run.cases.length === 1 ? 'case' : 'cases');
    this.list.setItems(rows);
    this.save();
  }

  private haystack(c: CaseRow): string {
    let text = this.haystacks.get(c);
    if (text === undefined) {
      text = [c.id, ...c.tags, c.input, c.output, c.expected ?? ''].join('\n').toLowerCase();
      this.haystacks.set(c, text);
    }
    return text;
  }

  // -------------------------------------------------------------------------------------------
  // Header

  private renderHeader(run: RunView): void {
    const s = run.summary;
    const other = run.comparedWith;
    const otherName = other?.kind === 'baseline' ? 'baseline' : 'previous run';
    const versus = `vs ${otherName}${other?.sharedCasesOnly ? ', on the cases both ran' : ''}`;
    const isBaseline = run.baseline?.runId === run.id;
    replace(
      this.header,
      h('div', { class: 'title-row' }, h('h1', null, run.evalSet.name), h('span', { class: 'subtitle' }, `${run.client.name} · ${run.id}`)),
      h(
        'dl',
        { class: 'metrics' },
        metric('Pass rate', `${percent(s.passRate)} (${s.passed}/${s.total})`, other && delta(other.passRateDelta, points(other.passRateDelta), versus)),
        metric('Score', score(s.score), other && delta(other.scoreDelta, signed(other.scoreDelta), versus)),
        metric('Latency p50 / p95', `${ms(s.latencyP50Ms)} / ${ms(s.latencyP95Ms)}`),
        metric('Model', run.model.name, h('span', { class: 'hash', attrs: { title: run.model.digest ?? 'digest not recorded' } }, short(run.model.digest))),
        metric('Prompt', h('span', { class: 'hash', attrs: { title: `sha256 ${run.promptHash}` } }, short(run.promptHash))),
        metric('Status', run.status, run.stopReason && h('span', { class: 'muted' }, run.stopReason)),
        metric('Started', time(run.startedAt)),
      ),
      h(
        'p',
        { class: 'compared' },
        other
          ? [`Compared with the ${otherName}: ${time(other.startedAt)}, ${runFigures(other)}, ${other.model}`, other.kind === 'baseline' && run.baseline ? ` (pinned ${time(run.baseline.pinnedAt)}${run.baseline.note ? `: ${run.baseline.note}` : ''})` : ''].join('')
          : isBaseline
            ? 'This run is the pinned baseline of its set, and there is no earlier run to compare it with.'
            : 'No earlier run of this set to compare with.',
        isBaseline && other ? ' This run is the pinned baseline.' : '',
      ),
      h(
        'div',
        { class: 'actions' },
        other && button(`Compare with ${otherName}`, () => this.host.notify('compare', {}), 'compare'),
        other && button('Show prompt diff', () => this.host.notify('showPromptDiff', {}), 'prompt-diff', true),
        isBaseline ? button('Unpin baseline', () => this.host.notify('unpinBaseline', {}), 'unpin', true) : button('Pin as baseline', () => this.host.notify('pinBaseline', {}), 'pin', true),
        button('Open record', () => this.host.notify('openRecord', { which: 'run' }), 'open-record', true),
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Rows

  private row(c: CaseRow): HTMLElement {
    const badges: Child[] = [];
    if (c.change === 'fixed') badges.push(badge('fixed', 'good'));
    else if (c.change === 'regressed') badges.push(badge('regressed', 'bad'));
    else if (c.change === 'new') badges.push(badge('new'));
    else if (c.outputChanged) badges.push(badge('output changed'));
    if (c.flaky) badges.push(badge('flaky', 'warn'));
    if (c.truncated) badges.push(badge('cut at token limit', 'warn'));
    if (c.outputCut) badges.push(badge(`answer cut: kept ${c.outputCut.kept.toLocaleString('en')} of ${c.outputCut.total.toLocaleString('en')} characters`, 'warn'));
    if (c.attempts > 1) badges.push(badge(`×${c.attempts} · ${percent(c.passRate)}`));
    const reasons: Child[] = c.error
      ? [h('span', { class: 'a-fail' }, `⚠ ${c.error}`)]
      : [...c.assertions].sort((a, b) => Number(a.pass) - Number(b.pass)).map((a) => h('span', { class: a.pass ? 'a-pass' : 'a-fail' }, `${a.pass ? '✓' : '✗'} ${a.type}`, a.reason ? `: ${a.reason}` : ''));
    return h(
      'div',
      { class: `case status-${c.status}` },
      h(
        'div',
        { class: 'line1' },
        h('span', { class: `glyph ${c.status}`, attrs: { title: c.status, 'aria-hidden': 'true' } }, STATUS_GLYPH[c.status]),
        h('span', { class: 'case-id' }, c.id),
        ...badges,
        h('span', { class: 'fill' }),
        h('span', { class: 'tags' }, ...c.tags.map((t) => h('span', { class: 'tag' }, t))),
        h('span', { class: 'num', attrs: { title: 'score' } }, score(c.score)),
        h('span', { class: 'num latency', attrs: { title: latencyTitle(c) } }, ms(c.latencyMs)),
      ),
      h('div', { class: 'line2' }, ...reasons),
    );
  }

  private detail(c: CaseRow): HTMLElement {
    const el = h('div', { class: 'detail', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'muted' }, 'Loading…'));
    const run = this.run!;
    let pending = this.details.get(c.id);
    if (!pending) {
      pending = this.host.request('caseDetail', { runId: run.id, caseId: c.id });
      this.details.set(c.id, pending);
      // A failure is shown, then forgotten, so expanding again asks again.
      pending.catch(() => this.details.delete(c.id));
    }
    pending.then(
      (d) => {
        el.removeAttribute('aria-busy');
        replace(el, ...this.detailContent(c, d, run));
      },
      (e: Error) => replace(el, h('p', { class: 'error' }, `Could not load this case: ${e.message}`)),
    );
    return el;
  }

  private detailContent(c: CaseRow, d: CaseDetail, run: RunView): Child[] {
    const other = run.comparedWith;
    const otherName = other?.kind === 'baseline' ? 'Baseline' : 'Previous run';
    const expectedBox = d.expected === undefined ? h('p', { class: 'muted' }, 'This case has no expected output.') : pre(d.expectedDiff ? beforeSide(d.expectedDiff) : d.expected, 'expected');
    const outputBox = c.error && !d.output ? h('p', { class: 'error' }, `No output: ${c.error}`) : pre(afterSide(d.output, { diff: d.expectedDiff, class: 'diff-added', title: 'Not in the expected output' }, { diff: d.previous?.diff, class: 'diff-changed', title: `New since the ${otherName.toLowerCase()}` }), 'output');
    const previousBox = d.previous
      ? pre(beforeSide(d.previous.diff), 'previous')
      : h('p', { class: 'muted' }, other ? `Not in the ${otherName.toLowerCase()}.` : 'No earlier run to compare with.');
    const notes = [granularityNote(d.expectedDiff), granularityNote(d.previous?.diff)].filter(Boolean);
    return [
      h('section', { class: 'input' }, h('h3', null, 'Input'), pre(d.input, 'input')),
      h(
        'div',
        { class: 'columns' },
        h('section', null, h('h3', null, 'Expected'), expectedBox),
        h('section', null, h('h3', null, 'Output'), outputBox),
        h(
          'section',
          null,
          h('h3', null, otherName, d.previous ? h('span', { class: 'muted' }, ` · ${d.previous.status}, ${score(d.previous.score)}`) : ''),
          previousBox,
        ),
      ),
      h(
        'p',
        { class: 'legend' },
        h('del', { class: 'diff-removed' }, 'struck'),
        ' not in the output · ',
        h('ins', { class: 'diff-added' }, 'highlighted'),
        ' not in the expected output · ',
        h('ins', { class: 'diff-changed' }, 'underlined'),
        ` new since the ${otherName.toLowerCase()}`,
        notes.length ? ` · ${notes.join('; ')}` : '',
      ),
      h(
        'div',
        { class: 'actions' },
        d.expected !== undefined && button('Open in diff editor: expected ↔ output', () => this.host.notify('openDiff', { caseId: c.id, against: 'expected' }), 'diff-expected', true),
        d.previous && button(`Open in diff editor: ${otherName.toLowerCase()} ↔ output`, () => this.host.notify('openDiff', { caseId: c.id, against: 'previous' }), 'diff-previous', true),
      ),
      h(
        'section',
        { class: 'assertions' },
        h('h3', null, 'Assertions'),
        c.assertions.length
          ? h(
              'ul',
              null,
              ...c.assertions.map((a) =>
                h(
                  'li',
                  { class: a.pass ? 'a-pass' : 'a-fail' },
                  h('span', { class: 'glyph', attrs: { 'aria-label': a.pass ? 'passed' : 'failed' } }, a.pass ? '✓' : '✗'),
                  h('code', null, a.type),
                  ` ${score(a.score)}${a.weight !== 1 ? ` (weight ${a.weight})` : ''} — `,
                  a.reason,
                  a.error ? h('span', { class: 'error' }, ` (${a.error})`) : '',
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'No assertions.'),
      ),
      d.attempts.length > 1 &&
        h(
          'section',
          { class: 'attempts' },
          h('h3', null, `Attempts (${d.attempts.length})`),
          h('ol', null, ...d.attempts.map((a) => h('li', { class: a.pass ? 'a-pass' : 'a-fail' }, `${a.pass ? '✓' : '✗'} ${score(a.score)} · ${ms(a.latencyMs)} — `, a.error ? `error: ${a.error}` : a.output))),
        ),
    ];
  }
}

function isChanged(c: CaseRow): boolean {
  return c.change === 'fixed' || c.change === 'regressed' || c.change === 'new' || c.outputChanged === true;
}

/** "latency (measured by Upkeep) · first token 210 ms · server: total 1.2 s, load 0 ms, prompt 35 ms, generation 1.1 s". */
function latencyTitle(c: CaseRow): string {
  const t = c.serverTimings;
  const server = t && [['total', t.totalMs], ['load', t.loadMs], ['prompt', t.promptEvalMs], ['generation', t.evalMs]].filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${ms(v as number)}`);
  return [
    'latency (measured by Upkeep)',
    c.firstTokenMs !== undefined ? `first token ${ms(c.firstTokenMs)}` : '',
    server?.length ? `server: ${server.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
