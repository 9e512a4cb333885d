/**
 * Runs `worker` over `items` with at most `concurrency` at once, in order of the items. Stops
 * taking new items once `shouldStop` says so (cancelled, or the server went away); items already
 * started finish or fail on their own.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++];
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
