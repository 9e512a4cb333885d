import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { upkeepCli } from '../helpers/cli';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('upkeep --version and help (CLI)', () => {
  it("prints the package's version", async () => {
    const out = await upkeepCli(['--version']);
    assert.strictEqual(out.code, 0);
    assert.strictEqual(out.stdout, `upkeep ${pkg.version}\n`);
  });

  it('help <command> prints that command alone; an unknown one is exit 2 with the usage', async () => {
    const out = await upkeepCli(['help', 'report']);
    assert.strictEqual(out.code, 0);
    assert.match(out.stdout, /^usage: upkeep report <dir> \[--month YYYY-MM\]/);
    assert.ok(!out.stdout.includes('validate <dir>'), 'only the report command');
    const bad = await upkeepCli(['help', 'reprot']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /unknown command 'reprot'/);
    assert.match((await upkeepCli(['help'])).stdout, /commands:\n {2}run <clientDir\|workspaceDir>/);
  });
});
