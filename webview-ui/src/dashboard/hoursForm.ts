import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { CATEGORY_HELP, CHANGELOG_CATEGORIES, entryProblem, type DashboardProtocol, type DashboardView, type EntryField } from '../../../src/protocol/dashboard';
import type { Endpoint } from '../../../src/protocol/rpc';
import { h } from '../shared/dom';
import { dateTime, score } from './format';

type Host = Endpoint<DashboardProtocol['toView'], DashboardProtocol['toHost']>;

/** What the form holds, kept across the panel being hidden. */
export interface FormDraft {
  clientId: string;
  date: string;
  category: string;
  hours: string;
  title: string;
  description: string;
  runId: string;
}

/**
 * "Log hours": date (today by default), category, hours, title, description and optionally one of
 * the client's recent runs. Checked here with the change-log writer's rules before it is sent
 * (entryProblem), and again by the extension, which appends the entry and sends the dashboard
 * again. Enter in any one-line field submits; Ctrl+Enter (⌘+Enter) in the description too.
 */
export class HoursForm {
  readonly element: HTMLElement;
  private readonly date: VscodeTextfield;
  private readonly category: VscodeSingleSelect;
  private readonly hours: VscodeTextfield;
  private readonly title: VscodeTextfield;
  private readonly description: VscodeTextarea;
  private readonly run: VscodeSingleSelect;
  private readonly submitButton: VscodeButton;
  private readonly error: HTMLElement;
  private readonly status: HTMLElement;
  private clientId = '';
  private today = '';
  private busy = false;

  constructor(
    private readonly host: Host,
    private readonly changed: () => void,
  ) {
    // No `required` or min/max on the fields: the component would then mark an emptied field as
    // invalid by itself; entryProblem is the one judge, and it names what is wrong.
    this.date = h('vscode-textfield', { attrs: { id: 'lh-date', name: 'date', type: 'date' } });
    this.category = h(
      'vscode-single-select',
      { attrs: { id: 'lh-category', name: 'category' } },
      ...CHANGELOG_CATEGORIES.map((c) => h('vscode-option', { attrs: { value: c, description: CATEGORY_HELP[c] } }, c)),
    );
    this.hours = h('vscode-textfield', { attrs: { id: 'lh-hours', name: 'hours', type: 'number', step: 0.25, placeholder: 'hours' } });
    this.title = h('vscode-textfield', { attrs: { id: 'lh-title', name: 'title', placeholder: 'What was done (one line)', maxlength: 500 } });
    this.description = h('vscode-textarea', { attrs: { id: 'lh-description', name: 'description', rows: 3, placeholder: 'Details (Markdown, optional)' } });
    this.run = h('vscode-single-select', { attrs: { id: 'lh-run', name: 'run' } }, h('vscode-option', { attrs: { value: '' } }, 'No run'));
    this.submitButton = h('vscode-button', { attrs: { 'data-action': 'log-hours' }, on: { click: () => void this.submit() } }, 'Log hours');
    this.error = h('div', { class: 'form-error', attrs: { role: 'alert' } });
    this.status = h('div', { class: 'form-status', attrs: { role: 'status' } });

    const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
      h('div', { class: `field field-${id.replace(/^lh-/, '')}` }, h('vscode-label', { attrs: { for: id } }, label), control, hint ? h('div', { class: 'hint muted' }, hint) : null);

    this.element = h(
      'div',
      { class: 'hours-form', attrs: { role: 'form', 'aria-label': 'Log hours' }, on: { keydown: (e) => this.onKey(e as KeyboardEvent), input: () => this.edited(), change: () => this.edited() } },
      h('div', { class: 'form-row' }, field('lh-date', 'Date', this.date), field('lh-category', 'Category', this.category), field('lh-hours', 'Hours', this.hours)),
      field('lh-title', 'Title', this.title),
      field('lh-description', 'Description', this.description),
      field('lh-run', 'Run (optional)', this.run, 'Links the entry to one of the recent runs.'),
      h('div', { class: 'form-actions' }, this.submitButton, this.status),
      this.error,
    );
    this.category.value = 'review';
  }

  /** New data for the shown client: the run choices, and a fresh form when the client changed. */
  update(view: DashboardView): void {
    const clientChanged = view.client.id !== this.clientId;
    const previousToday = this.today;
    this.clientId = view.client.id;
    this.today = view.today;
    const runId = clientChanged ? '' : this.run.value;
    this.run.replaceChildren(
      h('vscode-option', { attrs: { value: '' } }, 'No run'),
      ...view.recentRuns.map((r) =>
        h('vscode-option', { attrs: { value: r.runId, description: `${r.status}${r.partial ? ', some cases' : ''} · ${r.modelName}` } }, `${dateTime(r.startedAt)} · ${r.evalSetName} · ${score(r.score)}`),
      ),
    );
    this.run.value = view.recentRuns.some((r) => r.runId === runId) ? runId : '';
    if (clientChanged) {
      for (const f of [this.hours, this.title]) f.value = '';
      this.description.value = '';
      this.error.textContent = '';
      this.status.textContent = '';
    }
    // Today by default; a date the engineer chose stays.
    if (!this.date.value || this.date.value === previousToday) this.date.value = view.today;
  }

  get draft(): FormDraft {
    return {
      clientId: this.clientId,
      date: this.date.value,
      category: this.category.value,
      hours: this.hours.value,
      title: this.title.value,
      description: this.description.value,
      runId: this.run.value,
    };
  }

  /** Puts back what the form held before the panel was hidden (same client only). */
  restore(draft: FormDraft | undefined): void {
    if (!draft || draft.clientId !== this.clientId) return;
    this.date.value = draft.date || this.today;
    this.category.value = draft.category || 'review';
    this.hours.value = draft.hours;
    this.title.value = draft.title;
    this.description.value = draft.description;
    if (draft.runId) this.run.value = draft.runId;
  }

  private edited(): void {
    for (const f of Object.values(this.fields())) f.invalid = false;
    this.error.textContent = '';
    this.changed();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.isComposing) return;
    const tag = (e.target as Element).tagName.toLowerCase();
    if (tag === 'vscode-textfield' || (tag === 'vscode-textarea' && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      void this.submit();
    }
  }

  private fields(): Record<EntryField, VscodeTextfield | VscodeSingleSelect> {
    return { date: this.date, category: this.category, hours: this.hours, title: this.title, runId: this.run };
  }

  private fail(message: string, field: EntryField | undefined): void {
    this.error.textContent = message;
    this.status.textContent = '';
    if (field) {
      const control = this.fields()[field];
      control.invalid = true;
      control.focus();
    }
  }

  /** Checks, sends, and reports; the extension sends the updated dashboard before it answers. */
  async submit(): Promise<void> {
    if (this.busy || !this.clientId) return;
    const hoursText = this.hours.value.trim();
    const entry = {
      clientId: this.clientId,
      date: this.date.value.trim(),
      category: this.category.value,
      hours: hoursText === '' ? Number.NaN : Number(hoursText),
      title: this.title.value.trim(),
      description: this.description.value.trim() || undefined,
      runId: this.run.value || undefined,
    };
    const problem = entryProblem(entry);
    if (problem) return this.fail(problem.message, problem.field);
    this.busy = true;
    this.submitButton.disabled = true;
    this.error.textContent = '';
    this.status.textContent = 'Logging…';
    try {
      const result = await this.host.request('logHours', entry);
      if (!result.ok) return this.fail(result.error, result.field);
      this.status.textContent = result.message;
      for (const f of [this.hours, this.title]) f.value = '';
      this.description.value = '';
      this.run.value = '';
      // Focus moves only once the fields show their new values: a field left while it still shows
      // the old text fires 'change', which would put that text back.
      await Promise.all([this.hours.updateComplete, this.title.updateComplete, this.description.updateComplete]);
      this.hours.focus();
      this.changed();
    } catch (e) {
      this.fail(`The hours were not logged: ${e instanceof Error ? e.message : String(e)}`, undefined);
    } finally {
      this.busy = false;
      this.submitButton.disabled = false;
    }
  }
}
