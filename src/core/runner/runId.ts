import { slugify } from '../workspace/scaffold';

/**
 * `2026-11-23T10-15-02Z-front-desk`: sortable by time (so a folder listing is the history),
 * readable, safe on every file system. The journal claims it when the run starts, taking `-2`,
 * `-3`, … when another run of the set started in the same second (see RunJournal.open).
 */
export function makeRunId(startedAt: Date, setName: string): string {
  const stamp = startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  return `${stamp}-${slugify(setName) || 'set'}`;
}
