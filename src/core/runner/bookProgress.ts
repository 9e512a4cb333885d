/**
 * How far a run of a book of clients is, in cases, with a total that counts only what will
 * actually run: a set that is skipped (its server down, its model missing), stopped early (the
 * server went away) or cancelled leaves the total with the cases it did not run, so the progress
 * ends at 100% instead of stopping short. Run Every Client's notification reads it.
 */
export class BookProgress<K> {
  private readonly totals: Map<K, number>;
  private readonly done = new Map<K, number>();
  private reported = 0;

  /** Each job (a set of a client) with its number of cases. */
  constructor(jobs: Iterable<readonly [K, number]>) {
    this.totals = new Map(jobs);
  }

  /** `done` of the job's cases have finished (as its run reports them). */
  casesDone(job: K, done: number): void {
    this.done.set(job, Math.min(done, this.totals.get(job) ?? 0));
  }

  /** The job ended, however: what it did not run will not run. */
  settled(job: K): void {
    this.totals.set(job, this.done.get(job) ?? 0);
  }

  /** Cases done and cases that will have run, over the given jobs (all by default). */
  count(jobs: Iterable<K> = this.totals.keys()): { done: number; total: number } {
    let done = 0;
    let total = 0;
    for (const job of jobs) {
      done += this.done.get(job) ?? 0;
      total += this.totals.get(job) ?? 0;
    }
    return { done, total };
  }

  /** Percentage points gained since the last call: VS Code's progress adds up increments and never goes back. */
  increment(): number {
    const { done, total } = this.count();
    const now = total === 0 ? 100 : (100 * done) / total;
    const gained = Math.max(0, now - this.reported);
    this.reported += gained;
    return gained;
  }
}
