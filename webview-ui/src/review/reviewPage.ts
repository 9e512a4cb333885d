import { FLAG_REASONS, type FlagReason } from '../../../src/core/review/reasons';
import type { ReviewItem, ReviewProtocol, ReviewView } from '../../../src/protocol/review';
import type { Endpoint } from '../../../src/protocol/rpc';
import { h, replace } from '../shared/dom';

const REASON_WORDS: Record<FlagReason, string> = { wrong: 'wrong', outdated: 'outdated', unsafe: 'unsafe', tone: 'tone', 'coverage-gap': 'coverage gap' };
export const KEYS = 'a accept · f flag (then 1–5 why) · n note · p promote to eval case · j/k or ↓/↑ next/previous · l list · e end review';

/**
 * One answer at a time (or the list): the question, the answer, its automatic grade; a verdict
 * is saved by the host before the page moves on. Every key works without the mouse.
 */
export class ReviewPage {
  readonly element = h('main', { class: 'review', attrs: { tabindex: '-1' } });
  private view: ReviewView | undefined;
  private index = 0;
  listMode = false;
  private flagging = false;
  private status = h('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });

  constructor(
    private readonly endpoint: Endpoint<ReviewProtocol['toView'], ReviewProtocol['toHost']>,
    private readonly changed: () => void,
  ) {
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  get currentId(): string | undefined {
    return this.view?.items[this.index]?.id;
  }

  show(view: ReviewView, current: string | undefined, list: boolean): void {
    this.view = view;
    this.listMode = list;
    const saved = current === undefined ? -1 : view.items.findIndex((i) => i.id === current);
    this.index = saved >= 0 ? saved : Math.max(0, view.items.findIndex((i) => !i.verdict));
    this.render();
    // Keys work at once, without a click into the page.
    this.element.focus();
  }

  private get item(): ReviewItem | undefined {
    return this.view?.items[this.index];
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const reviewed = view.items.filter((i) => i.verdict).length;
    const flagged = view.items.filter((i) => i.verdict?.verdict === 'flag').length;
    const progress = h('p', { class: 'progress', attrs: { 'data-reviewed': reviewed } }, `${reviewed} of ${view.items.length} reviewed · ${flagged} flagged`);
    const bar = h('progress', { attrs: { max: view.items.length, value: reviewed, 'aria-label': 'Reviewed' } });
    const header = h('header', null, h('h1', null, `${view.client} · production review ${view.month}`), progress, bar, h('p', { class: 'muted keys' }, KEYS));
    replace(this.element, header, this.listMode ? this.list(view) : this.one(), this.status, h('p', { class: 'muted method' }, `Seed ${view.seed}. ${view.method}`));
    this.changed();
  }

  private one(): HTMLElement {
    const item = this.item;
    if (!item) return h('p', null, 'The sample is empty.');
    const grade = item.grade
      ? h('div', { class: `grade grade-${item.grade.status}` }, `Automatic grade: ${item.grade.status} (${item.grade.score.toFixed(2)})`, item.grade.reasons.length ? h('ul', null, ...item.grade.reasons.map((r) => h('li', null, r))) : null)
      : h('div', { class: 'grade muted' }, 'Not graded automatically');
    const verdict = item.verdict
      ? h('p', { class: `verdict verdict-${item.verdict.verdict}` }, item.verdict.verdict === 'accept' ? 'Accepted' : `Flagged: ${REASON_WORDS[item.verdict.reason!]}`, item.verdict.note ? ` — ${item.verdict.note}` : '')
      : h('p', { class: 'verdict muted' }, 'No verdict yet');
    const note = h('textarea', { class: 'note', attrs: { rows: 2, 'aria-label': 'Note (Ctrl+Enter saves, Escape leaves)', placeholder: 'n: a note on this answer' } });
    note.value = item.verdict?.note ?? '';
    note.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.saveNote(note.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.element.focus();
      }
      e.stopPropagation();
    });
    const reasons = this.flagging
      ? h('div', { class: 'reasons', attrs: { role: 'group', 'aria-label': 'Why flag it' } }, ...FLAG_REASONS.map((r, i) => h('button', { attrs: { type: 'button', 'data-reason': r }, on: { click: () => void this.flag(r) } }, `${i + 1} ${REASON_WORDS[r]}`)))
      : null;
    return h(
      'section',
      { class: 'item', attrs: { 'data-item': item.id, 'aria-label': `Answer ${this.index + 1} of ${this.view!.items.length}` } },
      h('p', { class: 'muted' }, `${this.index + 1} / ${this.view!.items.length} · ${item.id} · ${item.timestamp}${item.stratum !== undefined ? ` · ${item.stratum}` : ''}${item.flaggedInLog ? ' · flagged in the log' : ''}`),
      h('h2', null, 'Question'),
      h('pre', { class: 'input' }, item.input),
      h('h2', null, 'Answer'),
      h('pre', { class: 'output' }, item.output),
      grade,
      verdict,
      reasons,
      note,
      item.promotedTo ? h('p', { class: 'promoted' }, `Promoted to ${item.promotedTo}`) : null,
      h(
        'div',
        { class: 'actions' },
        h('button', { attrs: { type: 'button' }, on: { click: () => void this.accept() } }, 'Accept (a)'),
        h('button', { attrs: { type: 'button' }, on: { click: () => this.startFlag() } }, 'Flag (f)'),
        h('button', { attrs: { type: 'button' }, on: { click: () => void this.promote() } }, 'Promote (p)'),
        h('button', { attrs: { type: 'button' }, on: { click: () => this.endpoint.notify('finish', {}) } }, 'End review (e)'),
      ),
    );
  }

  private list(view: ReviewView): HTMLElement {
    return h(
      'ol',
      { class: 'list' },
      ...view.items.map((item, i) =>
        h(
          'li',
          { class: i === this.index ? 'current' : undefined, attrs: { 'data-item': item.id } },
          h('button', { attrs: { type: 'button' }, on: { click: () => this.go(i, false) } }, `${item.verdict ? (item.verdict.verdict === 'accept' ? '✓' : '⚑') : '·'} ${item.grade ? item.grade.status : ''} ${item.input.slice(0, 120)}`),
        ),
      ),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const handled = this.key(e.key);
    if (handled) e.preventDefault();
  }

  private key(key: string): boolean {
    if (this.flagging && /^[1-5]$/.test(key)) {
      void this.flag(FLAG_REASONS[Number(key) - 1]);
      return true;
    }
    switch (key) {
      case 'a':
        void this.accept();
        return true;
      case 'f':
        this.startFlag();
        return true;
      case 'n':
        (this.element.querySelector('textarea.note') as HTMLTextAreaElement | null)?.focus();
        return true;
      case 'p':
        void this.promote();
        return true;
      case 'j':
      case 'ArrowDown':
      case 'ArrowRight':
        this.go(this.index + 1, false);
        return true;
      case 'k':
      case 'ArrowUp':
      case 'ArrowLeft':
        this.go(this.index - 1, false);
        return true;
      case 'l':
        this.listMode = !this.listMode;
        this.render();
        return true;
      case 'e':
        this.endpoint.notify('finish', {});
        return true;
      case 'Escape':
        this.flagging = false;
        this.render();
        return true;
      default:
        return false;
    }
  }

  private go(index: number, unreviewedFirst: boolean): void {
    const items = this.view?.items ?? [];
    let next = Math.max(0, Math.min(items.length - 1, index));
    if (unreviewedFirst) {
      const open = items.findIndex((it, i) => i >= index && !it.verdict);
      const earlier = items.findIndex((it) => !it.verdict);
      next = open >= 0 ? open : earlier >= 0 ? earlier : Math.min(items.length - 1, index);
    }
    this.index = next;
    this.flagging = false;
    this.render();
    this.element.focus();
  }

  private startFlag(): void {
    this.flagging = true;
    this.render();
    (this.element.querySelector('.reasons button') as HTMLButtonElement | null)?.focus();
  }

  private async accept(): Promise<void> {
    await this.save({ verdict: 'accept' });
  }

  private async flag(reason: FlagReason): Promise<void> {
    this.flagging = false;
    await this.save({ verdict: 'flag', reason });
  }

  private async saveNote(note: string): Promise<void> {
    const item = this.item;
    if (!item?.verdict) {
      this.say('Give a verdict first (a or f); the note is saved with it.');
      return;
    }
    await this.save({ ...item.verdict, note }, false);
  }

  private async save(v: { verdict: 'accept' | 'flag'; reason?: FlagReason; note?: string }, advance = true): Promise<void> {
    const item = this.item;
    if (!item) return;
    const noteField = this.element.querySelector('textarea.note') as HTMLTextAreaElement | null;
    const note = v.note ?? (noteField?.value.trim() || undefined);
    try {
      const { reviewed, total } = await this.endpoint.request('verdict', { item: item.id, verdict: v.verdict, ...(v.reason ? { reason: v.reason } : {}), ...(note ? { note } : {}) });
      item.verdict = { verdict: v.verdict, ...(v.reason ? { reason: v.reason } : {}), ...(note ? { note } : {}) };
      this.say(`Saved: ${v.verdict === 'accept' ? 'accepted' : `flagged (${REASON_WORDS[v.reason!]})`}. ${reviewed} of ${total} reviewed.`);
      if (advance) this.go(this.index + 1, true);
      else this.render();
    } catch (e) {
      this.say(`Not saved: ${(e as Error).message}`);
    }
  }

  /** A small form: the eval set, the case id, the corrected expected answer, the tags. */
  private async promote(): Promise<void> {
    const item = this.item;
    const view = this.view;
    if (!item || !view) return;
    if (view.evalSets.length === 0) return this.say('The client has no eval set that loads to promote into.');
    const expected = h('textarea', { attrs: { rows: 4, 'aria-label': 'Expected answer (corrected)' } });
    expected.value = item.output;
    const suggestion = await this.endpoint.request('suggestCase', { item: item.id, expected: item.output });
    const caseId = h('input', { attrs: { type: 'text', 'aria-label': 'Case id', value: suggestion.caseId } });
    const set = h('select', { attrs: { 'aria-label': 'Eval set' } }, ...view.evalSets.map((s) => h('option', { attrs: { value: s.id } }, s.name)));
    const tags = h('input', { attrs: { type: 'text', 'aria-label': 'Tags, comma-separated', value: ['production', ...(item.stratum ? [item.stratum] : [])].join(', ') } });
    const submit = async () => {
      const result = await this.endpoint.request('promote', { item: item.id, setId: set.value, caseId: caseId.value.trim(), expected: expected.value, tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean) });
      this.say(result.message);
      if (result.ok) {
        item.promotedTo = `${view.evalSets.find((s) => s.id === set.value)?.name} / ${caseId.value.trim()}`;
        this.render();
        this.element.focus();
      }
    };
    const form = h(
      'form',
      { class: 'promote', attrs: { 'aria-label': 'Promote to eval case' }, on: { submit: (e) => (e.preventDefault(), void submit()) } },
      h('label', null, 'Eval set ', set),
      h('label', null, 'Case id ', caseId),
      h('label', null, 'Expected answer ', expected),
      h('label', null, 'Tags ', tags),
      h('p', { class: 'muted' }, `Suggested assertions: ${suggestion.assert.join(', ') || 'none'}. Ctrl+Enter adds the case, Escape cancels.`),
      h('button', { attrs: { type: 'submit' } }, 'Add the case'),
    );
    form.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void submit();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.render();
        this.element.focus();
      }
    });
    this.element.querySelector('.actions')?.replaceWith(form);
    set.focus();
  }

  private say(text: string): void {
    this.status.textContent = text;
  }
}
