import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { codeCacheDir, codeCacheName } from '../../../src/cli/codeCache';
import { removeTree, tempTree } from '../helpers/tempDir';

const CODE_CACHE = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'codeCache.js');

/** A module that uses what Node gives a CommonJS module, and its sibling. */
const MAIN = `const sibling = require('./sibling');
module.exports.describe = () => [require('path').basename(__filename), require('path').basename(__dirname), sibling.word, typeof exports].join(' ');
`;

describe('requireWithCodeCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempTree({ 'lib/main.js': MAIN, 'lib/sibling.js': "exports.word = 'beside';\n" });
  });
  afterEach(() => removeTree(dir));

  /** A process that requires <folder>/main.js with the cache in `cacheDir` and prints what it describes. */
  function requireInProcess(cacheDir: string, folder = 'lib') {
    const script = `process.stdout.write(require(${JSON.stringify(CODE_CACHE)}).requireWithCodeCache(${JSON.stringify(path.join(dir, folder, 'main.js'))}, ${JSON.stringify(cacheDir)}).describe())`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stderr, '');
    return r.stdout;
  }

  async function cacheFiles(cacheDir: string) {
    const names = (await fs.readdir(cacheDir)).sort();
    return Promise.all(names.map(async (name) => ({ name, ino: (await fs.stat(path.join(cacheDir, name))).ino, bytes: await fs.readFile(path.join(cacheDir, name)) })));
  }

  it('runs the module as require would; the first process writes its compiled code, the next compiles from it and writes nothing', async () => {
    const cacheDir = path.join(dir, 'cache', 'upkeep');
    assert.strictEqual(requireInProcess(cacheDir), 'main.js lib beside object');
    const written = await cacheFiles(cacheDir);
    const expected = codeCacheName(path.join(dir, 'lib', 'main.js'), await fs.readFile(path.join(dir, 'lib', 'main.js')));
    assert.deepStrictEqual(written.map((f) => f.name), [expected]);
    assert.ok(written[0].bytes.length > 0);
    assert.strictEqual(requireInProcess(cacheDir), 'main.js lib beside object');
    // V8 took the cache: a rejected one would have been written anew (renamed into place, a new inode).
    assert.deepStrictEqual(await cacheFiles(cacheDir), written);
  });

  it('a cache V8 rejects (damaged) is written anew; another content gets its own cache and the old one goes', async () => {
    const cacheDir = path.join(dir, 'cache');
    const source = path.join(dir, 'lib', 'main.js');
    await fs.mkdir(cacheDir);
    const name = codeCacheName(source, await fs.readFile(source));
    await fs.writeFile(path.join(cacheDir, name), 'not a code cache');
    assert.strictEqual(requireInProcess(cacheDir), 'main.js lib beside object');
    const [rewritten] = await cacheFiles(cacheDir);
    assert.strictEqual(rewritten.name, name);
    assert.notStrictEqual(rewritten.bytes.toString(), 'not a code cache');

    await fs.writeFile(source, MAIN.replace("' '", "'/'"));
    assert.strictEqual(requireInProcess(cacheDir), 'main.js/lib/beside/object');
    const names = (await cacheFiles(cacheDir)).map((f) => f.name);
    assert.deepStrictEqual(names, [codeCacheName(source, await fs.readFile(source))]);
    assert.notStrictEqual(names[0], name);
  });

  it('two copies of a file (another clone, a global install) keep a cache each', async () => {
    const cacheDir = path.join(dir, 'cache');
    await fs.cp(path.join(dir, 'lib'), path.join(dir, 'copy'), { recursive: true });
    await fs.writeFile(path.join(dir, 'copy', 'main.js'), MAIN.replace("' '", "'/'"));
    assert.strictEqual(requireInProcess(cacheDir), 'main.js lib beside object');
    assert.strictEqual(requireInProcess(cacheDir, 'copy'), 'main.js/copy/beside/object');
    const both = await cacheFiles(cacheDir);
    assert.strictEqual(requireInProcess(cacheDir), 'main.js lib beside object');
    assert.strictEqual(requireInProcess(cacheDir, 'copy'), 'main.js/copy/beside/object');
    const cacheOf = async (folder: string) => codeCacheName(path.join(dir, folder, 'main.js'), await fs.readFile(path.join(dir, folder, 'main.js')));
    assert.deepStrictEqual(both.map((f) => f.name), [await cacheOf('copy'), await cacheOf('lib')].sort());
    assert.deepStrictEqual(await cacheFiles(cacheDir), both, 'each run took its own cache');
  });

  it('a cache folder that cannot be made or written costs the cache only: the module runs, nothing is printed', async () => {
    const aFile = path.join(dir, 'lib', 'sibling.js');
    assert.strictEqual(requireInProcess(path.join(aFile, 'cache')), 'main.js lib beside object');
    assert.deepStrictEqual((await fs.readdir(path.join(dir, 'lib'))).sort(), ['main.js', 'sibling.js']);
  });

  it("the cache folder: UPKEEP_CACHE_DIR, else the platform's per-user cache", () => {
    assert.strictEqual(codeCacheDir({ UPKEEP_CACHE_DIR: '/tmp/c' }, 'linux', '/home/a'), '/tmp/c');
    assert.strictEqual(codeCacheDir({}, 'linux', '/home/a'), path.join('/home/a', '.cache', 'upkeep'));
    assert.strictEqual(codeCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/a'), path.join('/xdg', 'upkeep'));
    assert.strictEqual(codeCacheDir({}, 'darwin', '/Users/a'), path.join('/Users/a', 'Library', 'Caches', 'upkeep'));
    assert.strictEqual(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a'), path.join('C:\\Users\\a\\AppData\\Local', 'upkeep', 'Cache'));
  });
});
