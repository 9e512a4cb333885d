import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { HistoryIndex } from '../../../src/core/history';
import { generateReport } from '../../../src/core/report/generate';
import { md } from '../../../src/core/report/markdown';
import { extractNotes, NOTES_END, NOTES_START } from '../../../src/core/report/notes';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, writeClient, writeRecord } from '../history/fixtures';

describe('monthly report Markdown', () => {
  let root: string;
  beforeEach(async () => (root = await tempTree({})));
  afterEach(() => removeTree(root));

  async function generate(): Promise<string> {
    const [client] = await clientsOf(root);
    const index = await HistoryIndex.open();
    try {
      await index.sync([client]);
      const { files } = await generateReport(index, client, '2026-10', { formats: ['md'], now: new Date('2026-11-03T09:00:00Z'), timeZone: 'UTC' });
      return fs.readFile(files.md!, 'utf8');
    } finally {
      index.close();
    }
  }

  it("keeps the engineer's notes byte for byte when the report is regenerated, and rewrites the rest", async () => {
    const dir = await writeClient(root, 'acme', { records: [{ at: '2026-10-05T09:00:00.000Z', cases: { a: true, b: false } }] });
    const first = await generate();
    assert.match(first, /\| Front desk \| 1 \|/);
    assert.strictEqual(extractNotes(first), '\n\n');

    const notes = '\nPriya asked about *bookings* in 2027.  \n\n<!-- not a marker -->\n- call on Tuesday\n';
    const file = path.join(dir, 'reports', '2026-10.md');
    await fs.writeFile(file, first.replace(`${NOTES_START}\n\n${NOTES_END}`, `${NOTES_START}${notes}${NOTES_END}`));
    await writeRecord(dir, { at: '2026-10-20T09:00:00.000Z', cases: { a: true, b: true } });

    const second = await generate();
    assert.strictEqual(extractNotes(second), notes);
    assert.match(second, /\| Front desk \| 2 \|/, 'the figures are regenerated');
  });

  it('escapes Markdown in text that comes from files', () => {
    assert.strictEqual(md('Fix | the *table* <img src=x onerror=alert(1)> 3 < 4'), 'Fix \\| the \\*table\\* \\<img src=x onerror=alert(1)> 3 < 4');
  });
});
