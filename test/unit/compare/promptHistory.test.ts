import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promptVersionFile, promptVersions } from '../../../src/core/compare/promptHistory';
import { loadClient } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree } from '../helpers/tempDir';
import { sha256 } from '../../../src/core/runner/runEvalSet';
import type { RunRecord } from '../../../src/core/store/runRecord';
import { makeRecord, type RecordSpec } from '../history/fixtures';

/** A record whose prompt is `text` (its hash computed as the runner does). */
function withPrompt(text: string, spec: RecordSpec): { file: string; record: RunRecord } {
  const record = makeRecord(spec);
  record.systemPrompt = { sha256: sha256(text), text };
  return { file: `/runs/${record.id}.json`, record };
}

describe('prompt history', () => {
  const OLD = 'Be kind.';
  const FIXED = 'Safety first. Be kind.';
  const records = [
    withPrompt(OLD, { at: '2026-09-01T00:00:00.000Z', cases: { total: 4, passed: 2 } }),
    withPrompt(OLD, { at: '2026-09-08T00:00:00.000Z', cases: { total: 4, passed: 3 } }),
    withPrompt(FIXED, { at: '2026-10-08T00:00:00.000Z', cases: { total: 4, passed: 4 } }),
    withPrompt(FIXED, { at: '2026-10-15T00:00:00.000Z', set: 'safety', cases: { total: 4, passed: 3 } }),
    // Not versions production ran with: a candidate's prompt, a cancelled run, a run of selected cases.
    withPrompt('Tried once.', { at: '2026-10-20T00:00:00.000Z', purpose: 'candidate' }),
    withPrompt('Stopped.', { at: '2026-10-21T00:00:00.000Z', status: 'cancelled' }),
    withPrompt('One case.', { at: '2026-10-22T00:00:00.000Z', selectedCases: ['c0'] }),
  ];

  it("lists every prompt production's scored runs used, newest first, with the runs and score range of each", () => {
    const versions = promptVersions(records, FIXED);
    assert.deepStrictEqual(
      versions.map((v) => ({ text: v.text, runs: v.runs.map((r) => `${r.evalSet} ${r.startedAt.slice(0, 10)}`), scores: v.scores, working: v.working })),
      [
        { text: FIXED, runs: ['safety 2026-10-15', 'Front desk 2026-10-08'], scores: { min: 0.75, max: 1 }, working: true },
        { text: OLD, runs: ['Front desk 2026-09-08', 'Front desk 2026-09-01'], scores: { min: 0.5, max: 0.75 }, working: false },
      ],
    );
    assert.strictEqual(versions[0].sha256, sha256(FIXED));
    assert.strictEqual(versions[0].runs[0].file, '/runs/2026-10-15T00-00-00Z-safety.json');
  });

  it('puts the working file first, with no runs, when it differs from every prompt production ran', () => {
    const versions = promptVersions(records, 'Holiday hours. Safety first. Be kind.');
    assert.deepStrictEqual(versions.map((v) => [v.text, v.runs.length, v.working, v.scores]), [
      ['Holiday hours. Safety first. Be kind.', 0, true, undefined],
      [FIXED, 2, false, { min: 0.75, max: 1 }],
      [OLD, 2, false, { min: 0.5, max: 0.75 }],
    ]);
  });

  it('marks an older version as the working file after it was restored, without listing it twice', () => {
    const versions = promptVersions(records, OLD);
    assert.deepStrictEqual(versions.map((v) => [v.text, v.working]), [[FIXED, false], [OLD, true]]);
  });

  it('is empty with no production run and no prompt file', () => {
    assert.deepStrictEqual(promptVersions([records[4]], undefined), []);
  });

  it('writes a version as prompts/<hash>.md in the client folder, once, for a candidate to name', async () => {
    const dir = await tempTree({ 'acme/client.yaml': 'name: Acme\nmodel:\n  name: acme:v1\n', 'acme/system-prompt.md': FIXED });
    try {
      const client = (await loadClient(dir, path.join(dir, 'acme'))).client;
      const version = { sha256: sha256(OLD), text: OLD };
      const file = await promptVersionFile(client, version);
      assert.strictEqual(file, `prompts/${sha256(OLD).slice(0, 12)}.md`);
      assert.strictEqual(await fs.readFile(path.join(dir, 'acme', file), 'utf8'), OLD);
      assert.strictEqual(await promptVersionFile(client, version), file, 'the same text, the same file');
    } finally {
      await removeTree(dir);
    }
  });
});
