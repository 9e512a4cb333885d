import { promises as fs } from 'fs';
import { slugify } from '../workspace/scaffold';

/**
 * `2026-11-23T10-15-02Z-front-desk`: sortable by time (so a folder listing is the history),
 * readable, safe on every file system. A second run in the same second gets `-2`, `-3`, ….
 */
export async function makeRunId(runsDir: string, startedAt: Date, setName: string): Promise<string> {
  const stamp = startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const base = `${stamp}-${slugify(setName) || 'set'}`;
  const taken = new Set(await fs.readdir(runsDir).catch(() => [] as string[]));
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(`${id}.json`) && !taken.has(`.journal-${id}.jsonl`)) return id;
  }
}
