import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';

/** Writes through a temporary file renamed over the target, so a reader never sees half a file. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
