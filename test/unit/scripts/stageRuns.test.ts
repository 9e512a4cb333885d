import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { removeStageRuns } from '../../../scripts/sampleHistory/stageRuns';
import { writeClient } from '../history/fixtures';
import { removeTree, tempTree } from '../helpers/tempDir';

describe('sample history: a stage removes only the runs it writes', () => {
  let dir: string;
  afterEach(() => removeTree(dir));

  it('history takes the production runs (and those from before purposes), and leaves the candidate and sample runs', async () => {
    dir = await tempTree({});
    const client = await writeClient(dir, 'acme', {
      records: [
        { at: '2026-06-01T00:30:00.000Z', purpose: null },
        { at: '2026-08-10T00:30:00.000Z' },
        { at: '2026-08-12T00:10:00.000Z', purpose: 'candidate' },
        { at: '2026-10-30T16:05:00.000Z', set: 'sample', purpose: 'sample' },
      ],
    });
    await fs.writeFile(path.join(client, 'runs', 'notes.txt'), 'kept');
    const names = () => fs.readdir(path.join(client, 'runs')).then((n) => n.sort());

    assert.strictEqual(await removeStageRuns(client, 'production'), 2);
    assert.deepStrictEqual(await names(), ['2026-08-12T00-10-00Z-front-desk.json', '2026-10-30T16-05-00Z-sample.json', 'notes.txt']);
    assert.strictEqual(await removeStageRuns(client, 'candidate'), 1);
    assert.strictEqual(await removeStageRuns(client, 'sample'), 1);
    assert.deepStrictEqual(await names(), ['notes.txt']);
  });
});
