/**
 * How a book of clients runs at once without piling onto one server: the items of one server
 * run one after another, each set already sending the configured number of cases at once, and
 * the items of different servers run side by side. A server therefore never sees more requests
 * from Upkeep than a single run sends, however many clients it serves, while clients on other
 * servers do not wait for it.
 */
export async function runPerServer<T>(items: readonly T[], serverOf: (item: T) => string, worker: (item: T) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = serverOf(item);
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
  }
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const item of lane) {
        if (shouldStop()) return;
        await worker(item);
      }
    }),
  );
}
