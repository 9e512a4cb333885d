// Requiring a CommonJS file with V8's code cache, for the CLI's start-up.
//
// Why: V8 compiling the 1.2 MB CLI bundle was about 22 ms of every `upkeep` process, before its
// first line ran, and the functions it then compiled lazily as they were first called were more.
// Node 20 has no module.enableCompileCache, so dist/cli.js compiles the bundle with vm.Script and
// hands V8 the code it compiled the last time: written once, at the end of the first process that
// ran this bundle (so it holds the functions that process ran), into a per-user cache folder.
// The file is named after the bundle's path and content, V8's version and the architecture, so a
// rebuilt bundle or another Node never meets a stale cache (V8 checks it again; one it rejects is
// written anew), and a new content removes that bundle's older caches. A folder that cannot be
// written costs the cache, never the command.

import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** UPKEEP_CACHE_DIR, else the platform's per-user cache folder. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.UPKEEP_CACHE_DIR) return env.UPKEEP_CACHE_DIR;
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'upkeep', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'upkeep');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'upkeep');
}

/** The cache file of `file` whose content is `bytes`: `<name>-<sha1 of its path>-<sha1 of the content>-<V8>-<arch>.v8cache`. */
export function codeCacheName(file: string, bytes: Uint8Array): string {
  const digest = createHash('sha1').update(bytes).digest('hex').slice(0, 20);
  return `${cachePrefix(file)}${digest}-${process.versions.v8}-${process.arch}.v8cache`;
}

/** A file's caches of every content: a rebuilt bundle replaces its own, never another copy's (a second clone, a global install). */
function cachePrefix(file: string): string {
  return `${path.basename(file, '.js')}-${createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 8)}-`;
}

/** `require(file)`, compiled from the code cache in `cacheDir`, or into it when it had none for this content or V8 rejected it. */
export function requireWithCodeCache(file: string, cacheDir = codeCacheDir()): unknown {
  const bytes = fs.readFileSync(file);
  const name = codeCacheName(file, bytes);
  const cachedData = readIfThere(path.join(cacheDir, name));
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => writeCodeCache(script, cacheDir, name, cachePrefix(file)));
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
  return loaded.exports;
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes the code V8 has compiled so far as `name`, renamed into place (two processes at once each
 * write a whole file), and removes the same file's caches of other contents.
 */
function writeCodeCache(script: vm.Script, dir: string, name: string, prefix: string): void {
  const temporary = path.join(dir, `${name}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, path.join(dir, name));
    for (const other of fs.readdirSync(dir)) {
      if (other !== name && other.startsWith(prefix) && other.endsWith('.v8cache')) removeQuietly(path.join(dir, other));
    }
  } catch {
    removeQuietly(temporary);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // the folder went away or cannot be written: nothing of ours is left in it
  }
}
