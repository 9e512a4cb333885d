// `upkeep`, the package's bin (dist/cli.js): the CLI's bundle (dist/cli-main.js, from main.ts)
// required with V8's code cache (codeCache.ts), so a start compiles almost nothing.
import * as path from 'path';
import { requireWithCodeCache } from './codeCache';

(requireWithCodeCache(path.join(__dirname, 'cli-main.js')) as { runCli: () => void }).runCli();
