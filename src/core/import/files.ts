import * as path from 'path';
import { readRegularFile } from '../workspace/paths';

/**
 * A file a promptfoo config names (`file://…`), relative to the config as promptfoo reads it. The
 * config is the engineer's own input, not a client folder, so only the regular-file rule applies:
 * a pipe or a device is never read.
 */
export async function readTextRelative(configDir: string, written: string): Promise<{ ok: true; text: string; path: string } | { ok: false; reason: string }> {
  const file = path.resolve(configDir, written);
  const read = await readRegularFile(file);
  return read.ok ? { ok: true, text: read.text, path: file } : { ok: false, reason: read.missing ? `${written} does not exist` : `${written}: ${read.reason}` };
}
