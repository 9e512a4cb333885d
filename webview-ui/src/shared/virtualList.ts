/**
 * A list that keeps only the rows in view in the DOM, so a run of 2,000 cases scrolls like one of
 * 20. Collapsed rows have one fixed height, which makes a row's position arithmetic; an expanded
 * row (a case with its outputs and diffs) is as tall as its content, measured by a ResizeObserver,
 * and only those few rows add to the arithmetic. Rows are absolutely positioned inside a spacer
 * as tall as the whole list; scrolling re-renders at most once a frame.
 *
 * Keyboard (tree pattern): ↑/↓ move, PageUp/PageDown by a screen, Home/End, Enter/Space toggle,
 * → expands, ← collapses. One row is tabbable (roving tabindex) and it stays in the DOM while it
 * has focus, even when scrolled away, so focus is never lost.
 */
export interface RowRenderer<T> {
  key(item: T): string;
  /** The collapsed row's content (exactly `rowHeight` tall). */
  row(item: T): HTMLElement;
  /** What an expanded row shows below its header. */
  detail(item: T): HTMLElement;
  /** The row's accessible name. */
  label(item: T): string;
}

export interface ListState {
  expanded: string[];
  focused?: string;
  scrollTop: number;
}

const OVERSCAN = 8;
/** Until an expanded row is measured, it is assumed this much taller than a collapsed one. */
const UNMEASURED_EXTRA = 240;

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private items: T[] = [];
  private positions = new Map<string, number>();
  private readonly expanded = new Set<string>();
  /** Measured full height of expanded rows. */
  private readonly heights = new Map<string, number>();
  private readonly rendered = new Map<string, HTMLElement>();
  private focused: string | undefined;
  private frame = 0;
  private readonly observer: ResizeObserver;
  /** Expanded rows, focus or scroll changed: time to save the state. */
  onStateChange: () => void = () => {};

  constructor(
    private readonly renderer: RowRenderer<T>,
    private readonly rowHeight: number,
    label: string,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'vlist';
    this.element.setAttribute('role', 'tree');
    this.element.setAttribute('aria-label', label);
    this.element.style.setProperty('--row-height', `${rowHeight}px`);
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.element.append(this.spacer);

    this.element.addEventListener('scroll', () => {
      this.schedule();
      this.onStateChange();
    });
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.observer = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        const key = el.dataset.key!;
        if (!this.expanded.has(key)) continue;
        const height = el.offsetHeight;
        if (height > 0 && this.heights.get(key) !== height) {
          this.heights.set(key, height);
          changed = true;
        }
      }
      if (changed) this.schedule();
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** New rows (a filter changed, or new data): expanded and focused rows are kept by key. */
  setItems(items: T[]): void {
    this.items = items;
    this.positions = new Map(items.map((item, i) => [this.renderer.key(item), i]));
    this.clearRows();
    this.render();
  }

  /** Forgets expansion, focus and measurements (another run is shown). */
  reset(state?: ListState): void {
    this.expanded.clear();
    this.heights.clear();
    for (const key of state?.expanded ?? []) this.expanded.add(key);
    this.focused = state?.focused;
    this.clearRows();
    this.element.scrollTop = state?.scrollTop ?? 0;
  }

  get state(): ListState {
    return { expanded: [...this.expanded], focused: this.focused, scrollTop: this.element.scrollTop };
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** Rows in the DOM now (a measure of the virtualisation). */
  get renderedCount(): number {
    return this.rendered.size;
  }

  /** Expands a row, scrolls it to the top and focuses it. */
  reveal(key: string): void {
    const index = this.positions.get(key);
    if (index === undefined) return;
    this.expanded.add(key);
    this.focused = key;
    this.rebuild(key);
    this.element.scrollTop = this.offsetOf(index);
    this.render();
    this.rendered.get(key)?.focus({ preventScroll: true });
    this.onStateChange();
  }

  toggle(key: string, open = !this.expanded.has(key)): void {
    if (open === this.expanded.has(key)) return;
    if (open) this.expanded.add(key);
    else this.expanded.delete(key);
    this.rebuild(key);
    this.render();
    this.onStateChange();
  }

  /** Redraws one row (its data or expansion changed). */
  rebuild(key: string): void {
    const el = this.rendered.get(key);
    if (!el) return;
    const hadFocus = el.contains(document.activeElement);
    this.observer.unobserve(el);
    el.remove();
    this.rendered.delete(key);
    this.render();
    if (hadFocus) this.rendered.get(key)?.focus({ preventScroll: true });
  }

  // -------------------------------------------------------------------------------------------
  // Layout

  /** Expanded rows in the current items, by position, with how much taller than collapsed each is. */
  private extras(): [number, number][] {
    const out: [number, number][] = [];
    for (const key of this.expanded) {
      const index = this.positions.get(key);
      if (index === undefined) continue;
      const height = this.heights.get(key);
      out.push([index, height === undefined ? UNMEASURED_EXTRA : Math.max(0, height - this.rowHeight)]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  private offsetOf(index: number, extras = this.extras()): number {
    let offset = index * this.rowHeight;
    for (const [i, extra] of extras) if (i < index) offset += extra;
    return offset;
  }

  private indexAt(y: number, extras: [number, number][]): number {
    let added = 0;
    for (const [i, extra] of extras) {
      const top = i * this.rowHeight + added;
      if (y < top) break;
      if (y < top + this.rowHeight + extra) return i;
      added += extra;
    }
    return Math.max(0, Math.min(this.items.length - 1, Math.floor((y - added) / this.rowHeight)));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private clearRows(): void {
    for (const el of this.rendered.values()) {
      this.observer.unobserve(el);
      el.remove();
    }
    this.rendered.clear();
  }

  private render(): void {
    const extras = this.extras();
    const total = this.offsetOf(this.items.length, extras);
    this.spacer.style.height = `${total}px`;
    if (this.items.length === 0) return this.clearRows();

    const top = this.element.scrollTop;
    const bottom = top + (this.element.clientHeight || 600);
    const first = Math.max(0, this.indexAt(top, extras) - OVERSCAN);
    const last = Math.min(this.items.length - 1, this.indexAt(bottom, extras) + OVERSCAN);
    const wanted = new Set<number>();
    for (let i = first; i <= last; i++) wanted.add(i);
    const focusedIndex = this.focused === undefined ? undefined : this.positions.get(this.focused);
    if (focusedIndex !== undefined) wanted.add(focusedIndex);

    for (const [key, el] of this.rendered) {
      const index = this.positions.get(key);
      if (index === undefined || !wanted.has(index)) {
        this.observer.unobserve(el);
        el.remove();
        this.rendered.delete(key);
      }
    }
    // The tabbable row: the focused one, else the first in view.
    const tabbable = focusedIndex ?? first;
    for (const index of wanted) {
      const item = this.items[index];
      const key = this.renderer.key(item);
      const el = this.rendered.get(key) ?? this.createRow(item, key);
      el.style.transform = `translateY(${this.offsetOf(index, extras)}px)`;
      el.setAttribute('aria-posinset', String(index + 1));
      el.setAttribute('aria-setsize', String(this.items.length));
      el.tabIndex = index === tabbable ? 0 : -1;
    }
  }

  private createRow(item: T, key: string): HTMLElement {
    const expanded = this.expanded.has(key);
    const el = document.createElement('div');
    el.className = expanded ? 'vrow expanded' : 'vrow';
    el.dataset.key = key;
    el.setAttribute('role', 'treeitem');
    el.setAttribute('aria-level', '1');
    el.setAttribute('aria-expanded', String(expanded));
    el.setAttribute('aria-label', this.renderer.label(item));
    const head = this.renderer.row(item);
    head.classList.add('vrow-head');
    el.append(head);
    if (expanded) {
      const detail = this.renderer.detail(item);
      detail.classList.add('vrow-detail');
      el.append(detail);
      this.observer.observe(el);
    }
    this.spacer.append(el);
    this.rendered.set(key, el);
    return el;
  }

  // -------------------------------------------------------------------------------------------
  // Mouse and keyboard

  private onClick(e: MouseEvent): void {
    const head = (e.target as Element).closest('.vrow-head');
    const row = head?.parentElement;
    if (!row?.dataset.key) return;
    this.focused = row.dataset.key;
    row.focus({ preventScroll: true });
    this.toggle(row.dataset.key);
  }

  private onKey(e: KeyboardEvent): void {
    const row = e.target as HTMLElement;
    // Keys pressed on buttons or text inside an expanded row are theirs.
    if (!row.classList?.contains('vrow') || !row.dataset.key) return;
    const key = row.dataset.key;
    const index = this.positions.get(key);
    if (index === undefined) return;
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.focusIndex(Math.max(0, Math.min(this.items.length - 1, moves[e.key])));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.toggle(key);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      this.toggle(key, e.key === 'ArrowRight');
    }
  }

  private focusIndex(index: number): void {
    const key = this.renderer.key(this.items[index]);
    this.focused = key;
    // Bring the row's header into view, then render and focus it.
    const top = this.offsetOf(index);
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + this.rowHeight > this.element.scrollTop + this.element.clientHeight) this.element.scrollTop = top + this.rowHeight - this.element.clientHeight;
    this.render();
    this.rendered.get(key)?.focus({ preventScroll: true });
    this.onStateChange();
  }
}
