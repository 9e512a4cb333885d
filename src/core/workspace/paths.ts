import { promises as fs } from 'fs';
import * as path from 'path';

export type Contained = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolves a path written in a manifest against the client folder, refusing anything that ends
 * up outside it: `../` escapes, absolute paths and symlinks pointing out. A manifest is data
 * from a repository, and reading outside the folder would leak files into run records and reports.
 */
export async function resolveInside(clientDir: string, written: string): Promise<Contained> {
  if (path.isAbsolute(written) || /^[a-zA-Z]:[\\/]/.test(written)) {
    return { ok: false, reason: `'${written}' is an absolute path; paths in client.yaml are relative to the client folder` };
  }
  const target = path.resolve(clientDir, written);
  if (!isWithin(clientDir, target)) {
    return { ok: false, reason: `'${written}' points outside the client folder` };
  }
  return checkRealPath(clientDir, target, written);
}

/** Follows symlinks: the real location must still be inside the real client folder. */
export async function checkRealPath(clientDir: string, target: string, shown: string): Promise<Contained> {
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    return { ok: true, path: target }; // a missing file is the caller's problem to report, not an escape
  }
  const realDir = await fs.realpath(clientDir).catch(() => clientDir);
  if (!isWithin(realDir, real)) {
    return { ok: false, reason: `'${shown}' is a link to '${real}', outside the client folder; it is not read` };
  }
  return { ok: true, path: target };
}

export function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
