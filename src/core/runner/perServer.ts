/**
 * How a book of clients runs at once without piling onto one server: the items of one server
 * run one after another, each set already sending the configured number of cases at once, and
 * the items of different servers run side by side. A server therefore never sees more requests
 * from Upkeep than a single run sends, however many clients it serves, while clients on other
 * servers do not wait for it. An item that asks two servers (a client whose judge is elsewhere)
 * joins their lanes into one: run beside another client of the judge's server, its grading
 * requests would be on top of that client's.
 */
/** `serversOf` gives at least one server an item. */
export async function runPerServer<T>(items: readonly T[], serversOf: (item: T) => readonly string[], worker: (item: T) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  await Promise.all(
    lanesOf(items, serversOf).map(async (lane) => {
      for (const item of lane) {
        if (shouldStop()) return;
        await worker(item);
      }
    }),
  );
}

/** The items grouped so that no two groups share a server, each group in the items' order. */
function lanesOf<T>(items: readonly T[], serversOf: (item: T) => readonly string[]): T[][] {
  // Union-find over servers: every server an item asks is joined with its first.
  const parent = new Map<string, string>();
  const root = (s: string): string => {
    if (!parent.has(s)) parent.set(s, s);
    let r = s;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(s, r);
    return r;
  };
  const firsts = items.map((item) => {
    const [first, ...rest] = serversOf(item);
    for (const other of rest) parent.set(root(other), root(first));
    return first;
  });
  const lanes = new Map<string, T[]>();
  items.forEach((item, i) => {
    const key = root(firsts[i]);
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
  });
  return [...lanes.values()];
}
