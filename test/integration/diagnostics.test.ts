import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { diagnosticsOf, upkeep, waitFor, workspaceDir } from './helpers';

/** A new client folder written into the workspace copy, so each test owns its files. */
async function writeClient(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(workspaceDir(), 'clients', name);
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return dir;
}

const MANIFEST = 'name: Test Co\nmodel:\n  name: test:v1\n';

describe('Diagnostics', () => {
  it('shows a malformed client.yaml at its line and column, clears it when fixed, and keeps the rest loaded', async () => {
    const { ctx } = await upkeep();
    const dir = await writeClient('broken-manifest', { 'client.yaml': 'name: Broken Co\nmodel:\n  name: broken:v1\n  temprature: 0.2\n', 'system-prompt.md': 'x' });
    const file = path.join(dir, 'client.yaml');
    const [d] = await waitFor('a diagnostic on the broken client.yaml', () => diagnosticsOf(file).length > 0 && diagnosticsOf(file));
    assert.match(d.message, /Unknown property 'temprature'/);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.character], [3, 2, 12]);
    assert.ok(ctx.workspace.clients.some((c) => c.name === 'Acme Dental' && c.manifest), 'the other clients still load');
    assert.ok(ctx.workspace.clients.some((c) => c.id === 'clients/broken-manifest' && !c.manifest), 'the broken client is listed');

    await fs.writeFile(file, MANIFEST.replace('Test Co', 'Fixed Co'));
    await waitFor('the diagnostic to clear', () => diagnosticsOf(file).length === 0);
    await waitFor('the fixed client to load', () => ctx.workspace.clients.find((c) => c.name === 'Fixed Co'));
  });

  it('shows a malformed upkeep.yaml at its line and column, and every client inherits its report: block once fixed', async () => {
    const { ctx } = await upkeep();
    const file = path.join(workspaceDir(), 'upkeep.yaml');
    try {
      await fs.writeFile(file, 'report:\n  agencyName: Harbour AI\n  accentColor: teal\n');
      const [d] = await waitFor('a diagnostic on upkeep.yaml', () => diagnosticsOf(file).length > 0 && diagnosticsOf(file));
      assert.match(d.message, /#rrggbb/);
      assert.deepStrictEqual([d.range.start.line, d.range.start.character], [2, 15]);
      assert.strictEqual(ctx.client('clients/acme-dental')?.workspace, undefined);

      await fs.writeFile(file, 'report:\n  agencyName: Harbour AI\n  accentColor: "#114477"\n');
      await waitFor('the diagnostic to clear', () => diagnosticsOf(file).length === 0);
      await waitFor('Acme Dental to inherit the branding', () => ctx.client('clients/acme-dental')?.workspace?.report?.agencyName === 'Harbour AI');
    } finally {
      await fs.rm(file, { force: true });
      await waitFor('the branding to go with the file', () => ctx.client('clients/acme-dental')?.workspace === undefined);
    }
  });

  it('points at the second case of a duplicated case id', async () => {
    const evalText = 'name: Dups\ncases:\n  - id: same\n    input: one\n  - id: other\n    input: two\n  - id: same\n    input: three\n';
    const dir = await writeClient('duplicate-ids', { 'client.yaml': MANIFEST, 'system-prompt.md': 'x', 'evals/dups.yaml': evalText });
    const file = path.join(dir, 'evals', 'dups.yaml');
    const [d] = await waitFor('a duplicate-id diagnostic', () => diagnosticsOf(file).length > 0 && diagnosticsOf(file));
    assert.strictEqual(d.code, 'duplicate-case-id');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [6, 4]);
  });

  it('refuses a manifest path pointing outside the client folder', async () => {
    const dir = await writeClient('escape', { 'client.yaml': MANIFEST + 'systemPrompt: ../../etc/passwd\n' });
    const file = path.join(dir, 'client.yaml');
    const [d] = await waitFor('a path diagnostic', () => diagnosticsOf(file).length > 0 && diagnosticsOf(file));
    assert.match(d.message, /points outside the client folder/);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [3, 14]);
    const { ctx } = await upkeep();
    assert.strictEqual(ctx.client('clients/escape')?.systemPromptFile, undefined);
  });

  it('shows a run record that cannot be read as a warning on that file, not as a client with no runs', async () => {
    const { ctx } = await upkeep();
    const dir = await writeClient('torn-record', { 'client.yaml': MANIFEST, 'system-prompt.md': 'x', 'runs/2026-11-01T10-00-00Z-intake.json': '{"version": 1, "id": "torn' });
    const file = path.join(dir, 'runs', '2026-11-01T10-00-00Z-intake.json');
    try {
      await ctx.reload();
      const [d] = await waitFor('a diagnostic on the torn record', () => diagnosticsOf(file).length > 0 && diagnosticsOf(file));
      assert.strictEqual(d.code, 'run-record');
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d.message, /^This run record cannot be read \(.+\), so its run is left out of scores, trends and reports\. Restore it from git or delete it\.$/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await ctx.reload();
    }
  });
});
