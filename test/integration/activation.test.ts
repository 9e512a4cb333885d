import * as assert from 'assert';
import * as vscode from 'vscode';
import { upkeep } from './helpers';

/** Runs first (files run in name order), before any command has run an eval set. */
describe('Activation', () => {
  it('loads the tree and problems from the features bundle, but not the runner bundle', async () => {
    const { ctx } = await upkeep();
    assert.ok(ctx.workspace.clients.length >= 3, 'the workspace loaded');
    const loaded = Object.keys(require.cache).filter((m) => /[\\/]dist[\\/](extension|features|runner)\.js$/.test(m));
    assert.ok(loaded.some((m) => m.endsWith('extension.js')), `extension bundle not in the module cache: ${loaded}`);
    assert.ok(loaded.some((m) => m.endsWith('features.js')), `features bundle not in the module cache: ${loaded}`);
    assert.ok(!loaded.some((m) => m.endsWith('runner.js')), 'the runner bundle was loaded during activation');
    assert.ok(vscode.extensions.getExtension('upkeep.upkeep')?.isActive);
  });

  it('the API is no thenable, so awaiting it never starts the features by asking for `then`', async () => {
    const api = await upkeep();
    assert.strictEqual((api as unknown as { then?: unknown }).then, undefined);
  });
});
