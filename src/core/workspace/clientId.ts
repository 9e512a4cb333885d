import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toPosix } from './paths';
import { WORKSPACE_FILE } from './workspaceSettings';

/** What marks the folder one opens in VS Code: the workspace's settings, its repository, its editor settings. */
const WORKSPACE_MARKERS = [WORKSPACE_FILE, '.git', '.vscode'];

/**
 * A client's id: its folder relative to its workspace, with forward slashes
 * (`clients/acme-dental`). Run records, comparison records and the history index key on it, so it
 * must not depend on how the client was reached: VS Code (the folder it opened) and the CLI
 * (`upkeep run clients/acme-dental`, `upkeep report .`, `upkeep status clients`) all come here.
 *
 * The workspace is the nearest folder at or above the client that holds `upkeep.yaml`, `.git` or
 * `.vscode`, below the user's home folder (whose `.vscode` holds VS Code's own extensions, on
 * nearly every machine); when none does, `scanned` (the folder that was opened or given), and a
 * client that is that folder itself is its folder's name.
 */
export async function clientIdOf(dir: string, scanned: string, home = os.homedir()): Promise<string> {
  const root = (await markedWorkspaceOf(dir, home)) ?? (isInside(dir, scanned) ? scanned : dir);
  return toPosix(path.relative(root, dir)) || path.basename(dir);
}

async function markedWorkspaceOf(dir: string, home: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); at !== path.resolve(home); at = path.dirname(at)) {
    const marks = await Promise.all(WORKSPACE_MARKERS.map((m) => fs.stat(path.join(at, m)).then(() => true, () => false)));
    if (marks.some(Boolean)) return at;
    if (path.dirname(at) === at) return undefined;
  }
  return undefined;
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
