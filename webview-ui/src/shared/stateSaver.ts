/**
 * A page's UI state kept in VS Code's webview state. A state of another version is ignored rather
 * than misread, and saving is throttled to one write per 200 ms because scrolling asks on every
 * frame.
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
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.store.setState(this.collect(this.saved()));
    }, 200);
  };
}
