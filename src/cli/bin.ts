// `upkeep`, the package's bin (dist/cli.js): the CLI's bundle (dist/cli-main.js, from main.ts)
// required with V8's code cache (codeCache.ts), so a start compiles almost nothing.
import * as path from 'path';
import * as v8 from 'v8';
import { requireWithCodeCache } from './codeCache';

// sql.js's WebAssembly (the history index of validate, status and report) compiled by Liftoff
// alone: V8 would compile it again in the background with its optimising compiler, about 120 ms
// of CPU that a process of a second never earns back. Set before the bundle is compiled, so the
// code cache is written and read under the same flags.
v8.setFlagsFromString('--liftoff-only');

(requireWithCodeCache(path.join(__dirname, 'cli-main.js')) as { runCli: () => void }).runCli();
