import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { stripBom } from '../util/bom';

export type Contained = { ok: true; path: string } | { ok: false; reason: string };

/**
 * The path rule: every path written in a client file (client.yaml, eval sets, anything later) is
 * resolved against the client folder, and anything that ends up outside it is refused: `../`
 * escapes, absolute paths and symlinks pointing out. A client folder is data from a repository,
 * and reading outside it would leak files into run records and reports.
 */
export async function resolveInside(clientDir: string, written: string, folder = 'the client folder'): Promise<Contained> {
  if (path.isAbsolute(written) || /^[a-zA-Z]:[\\/]/.test(written) || written.startsWith('\\\\')) {
    return { ok: false, reason: `'${written}' is an absolute path; paths are relative to ${folder}` };
  }
  const target = path.resolve(clientDir, written);
  if (!isWithin(clientDir, target)) {
    return { ok: false, reason: `'${written}' points outside ${folder}` };
  }
  return checkRealPath(clientDir, target, written, folder);
}

/** Follows symlinks: the real location must still be inside the real client folder. */
export async function checkRealPath(clientDir: string, target: string, shown: string, folder = 'the client folder'): Promise<Contained> {
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    return { ok: true, path: target }; // a missing file is the caller's problem to report, not an escape
  }
  const realDir = await fs.realpath(clientDir).catch(() => clientDir);
  if (!isWithin(realDir, real)) {
    return { ok: false, reason: `'${shown}' is a link to '${real}', outside ${folder}; it is not read` };
  }
  return { ok: true, path: target };
}

export type ReadText = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/**
 * Reads a file Upkeep was pointed at, only if it is a regular file: a named pipe or a device (a
 * symlink to one, say) would block the read forever. The file is opened without blocking and
 * checked before a byte is read; a UTF-8 byte-order mark is dropped, as editors do.
 */
export async function readRegularFile(file: string): Promise<ReadText> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: code === 'ENOENT' ? 'it does not exist' : (e as Error).message };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, missing: false, reason: `it is ${kindOf(info)}, not a regular file, so it is not read` };
    return { ok: true, text: stripBom(await handle.readFile('utf8')) };
  } catch (e) {
    return { ok: false, missing: false, reason: (e as Error).message };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The path rule and the regular-file rule together: what a reader of `written` (a `file://` value, say) calls. */
export async function readInside(clientDir: string, written: string): Promise<ReadText & { path?: string }> {
  const inside = await resolveInside(clientDir, written);
  if (!inside.ok) return { ok: false, missing: false, reason: inside.reason };
  return { ...(await readRegularFile(inside.path)), path: inside.path };
}

function kindOf(info: import('fs').Stats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isDirectory()) return 'a folder';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

export function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
