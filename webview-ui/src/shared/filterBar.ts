import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { h } from './dom';

/**
 * A search box and a row of filter checkboxes. Checked filters combine with OR ("failed or
 * errored"); the search narrows what they let through. Nothing checked shows everything.
 */
export class FilterBar<F extends string> {
  readonly element: HTMLElement;
  private readonly search: VscodeTextfield;
  private readonly boxes = new Map<F, VscodeCheckbox>();
  private readonly summary: HTMLElement;
  private timer = 0;

  constructor(
    private readonly filters: readonly { id: F; label: string }[],
    placeholder: string,
    private readonly onChange: () => void,
  ) {
    this.search = h('vscode-textfield', {
      class: 'search',
      attrs: { placeholder, 'aria-label': placeholder, type: 'search' },
      on: {
        input: () => {
          // A keystroke filters after a short pause, not 2,000 rows per key.
          clearTimeout(this.timer);
          this.timer = window.setTimeout(() => this.onChange(), 120);
        },
      },
    });
    for (const f of filters) {
      const box = h('vscode-checkbox', { attrs: { 'data-filter': f.id }, on: { change: () => this.onChange() } });
      box.label = f.label;
      this.boxes.set(f.id, box);
    }
    this.summary = h('span', { class: 'filter-summary', attrs: { 'aria-live': 'polite' } });
    this.element = h('div', { class: 'toolbar', attrs: { role: 'search' } }, this.search, h('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Show only' } }, ...this.boxes.values()), this.summary);
  }

  get active(): Set<F> {
    return new Set([...this.boxes].filter(([, box]) => box.checked).map(([id]) => id));
  }

  get query(): string {
    return (this.search.value ?? '').trim().toLowerCase();
  }

  restore(active: readonly string[], query: string): void {
    for (const [id, box] of this.boxes) box.checked = active.includes(id);
    this.search.value = query;
  }

  setCounts(counts: Partial<Record<F, number>>): void {
    for (const f of this.filters) this.boxes.get(f.id)!.label = counts[f.id] === undefined ? f.label : `${f.label} (${counts[f.id]})`;
  }

  setSummary(shown: number, total: number, noun: string): void {
    this.summary.textContent = shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
  }

  /** Unchecks everything and clears the search (to reveal a row the filters hide). */
  clear(): void {
    this.restore([], '');
  }
}
