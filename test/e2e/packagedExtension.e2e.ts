// The packaged extension, as a user gets it: `npm run package` builds upkeep-<version>.vsix,
// code-server's --install-extension installs it, and a plain workbench (no extension under
// development) activates it on the sample workspace.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { host, repoRoot, type Host } from './workbench';

describe('Packaged extension (e2e)', function () {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  after(async () => {
    await session?.close();
    // `npm run package` left a minified build in dist/: put the development build back.
    execFileSync(process.execPath, ['esbuild.js'], { cwd: repoRoot });
  });

  it('npm run package makes a .vsix that installs into VS Code and activates there', async function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
    fs.rmSync(vsix, { force: true });
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.js')], { cwd: repoRoot, stdio: 'pipe' });
    assert.ok(fs.existsSync(vsix), 'no .vsix was written');

    const workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
    session = await host.open({ folder: workspace, installVsix: vsix, viewport: { width: 1280, height: 800 } });
    const page = session.page;
    await host.openViewContainer(page, 'Upkeep', 60000);
    // No extension is under development in this workbench: only the installed .vsix can show this.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Northwind Legal' }).first().waitFor({ state: 'visible', timeout: 60000 });
  });
});
