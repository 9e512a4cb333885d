import { promises as fs } from 'fs';
import * as path from 'path';

export const MANIFEST_FILE = 'client.yaml';

/** Folders never searched: dependencies, VCS data, Upkeep's own output. */
const SKIPPED = new Set(['node_modules', '.git', 'runs', 'reports', '.upkeep', 'out', 'dist']);
const MAX_DEPTH = 8;

/**
 * Every folder under `root` holding a `client.yaml`. A client folder is not searched further:
 * its subfolders are its own evals and runbooks, not other clients. Symlinked folders are not
 * followed, so a link cannot make the walk loop or leave the workspace.
 */
export async function findClientFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === MANIFEST_FILE)) {
      found.push(dir);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith('.'))
        .map((e) => walk(path.join(dir, e.name), depth + 1)),
    );
  };
  await walk(root, 0);
  return found.sort();
}
