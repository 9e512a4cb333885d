import { existsSync } from 'fs';
import * as path from 'path';

/**
 * Requires a bundle that esbuild.js builds apart (dist/report.js, dist/sql.js) so that the bundles
 * which may need it do not carry or compile it until it is used. It is looked for beside the
 * running bundle (dist/: the extension, the runner, the CLI) or, when running from tsc's out/
 * (tests, benches), in the repository's dist/. The path is computed at run time, so esbuild
 * leaves this require alone and the bundles stay apart.
 */
export function requireBesideBundle<T>(file: string, what: string, bundleDir: string = __dirname): T {
  const candidates = [path.join(bundleDir, file), path.resolve(__dirname, '..', '..', '..', '..', 'dist', file)];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`${what} (${file}) is not next to ${bundleDir}: build with 'node esbuild.js'.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(found) as T;
}
