/**
 * A page's UI state kept in VS Code's webview state. A state of another version is ignored rather
 * than misread, and saving is throttled to one write per 200 ms because scrolling asks on every
 * frame.
 *
 * The document's `data-state-save` says "pending" from a change until it is written, then
 * "saved": the end-to-end tests wait on it before hiding a view, since on a loaded machine a fixed
 * wait can lose the race with the throttle. Nothing in the page reads it.
 */
export class StateSaver<S extends { version: number }> {
  private timer = 0;

  constructor(
    private readonly store: { getState(): S | undefined; setState(state: S): void },
    private readonly version: S['version'],
    /** The state to save now, given what was saved before. */
    private readonly collect: (before: S | undefined) => S,
  ) {}

  saved(): S | undefined {
    const state = this.store.getState();
    return state?.version === this.version ? state : undefined;
  }

  readonly save = (): void => {
    if (this.timer) return;
    document.documentElement.dataset.stateSave = 'pending';
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.store.setState(this.collect(this.saved()));
      document.documentElement.dataset.stateSave = 'saved';
    }, 200);
  };
}
