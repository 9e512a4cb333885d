import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary folder with the given files written into it (paths relative, `/`-separated). */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-test-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, text);
  }
  return dir;
}

export async function removeTree(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export const VALID_MANIFEST = `name: Test Client
model:
  provider: ollama
  name: test-model:v1
retainer:
  includedHours: 2
`;
