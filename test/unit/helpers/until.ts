/**
 * Resolves once `check` holds, looking again every few milliseconds (timers, I/O and other
 * callbacks run in between). No limit of its own: mocha's test time-out is the bound.
 */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}
