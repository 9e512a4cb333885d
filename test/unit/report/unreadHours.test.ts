// Hours that cannot be read are no figure in the report a client is sent: never "0 h of 2
// included", always the reason, in the Markdown, the HTML, the PDF and the agency summary.

import * as assert from 'assert';
import { promises as fs } from 'fs';
import { HistoryIndex } from '../../../src/core/history';
import { agencySummary, renderAgencySummary } from '../../../src/core/report/agencySummary';
import { generateReport } from '../../../src/core/report/generate';
import { pdfText } from '../helpers/pdfText';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, writeClient } from '../history/fixtures';

describe('monthly report: hours that cannot be read', () => {
  let root: string;
  beforeEach(async () => (root = await tempTree({})));
  afterEach(() => removeTree(root));

  async function made(changelog?: string) {
    await writeClient(root, 'acme', { records: [{ at: '2026-10-05T09:00:00.000Z', cases: { a: true } }], ...(changelog !== undefined ? { changelog } : {}) });
    const [client] = await clientsOf(root);
    const index = await HistoryIndex.open();
    try {
      await index.sync([client]);
      const { report, files } = await generateReport(index, client, '2026-10', { now: new Date('2026-11-02T09:00:00Z'), timeZone: 'UTC' });
      return { report, md: await fs.readFile(files.md!, 'utf8'), html: await fs.readFile(files.html!, 'utf8'), pdf: await pdfText(files.pdf!) };
    } finally {
      index.close();
    }
  }

  it('a client without a change log: "not known" and why, in every format, with no hours table', async () => {
    const r = await made();
    assert.strictEqual(r.report.hours.month.unread, 'no change log was read');
    for (const [format, text] of Object.entries({ md: r.md, html: r.html, pdf: r.pdf })) {
      assert.match(text, /Hours: (<strong>)?not known: no change log was read/, format);
      assert.doesNotMatch(text, /0 h of 2 included|h left/, `${format}: no figure`);
    }
    assert.doesNotMatch(r.md, /\| \*\*total\*\* \|/, 'no hours table');
    const summary = renderAgencySummary('2026-10', 'October 2026', agencySummary([r.report]));
    assert.match(summary, /\| not known \(no change log was read\) \/ 2 h \| – \|/);
  });

  it('the months before the change log began are "not known" among the earlier months, the month itself a figure', async () => {
    const r = await made('# Log\n\n## 2026-09-14 · prompt · 1.5 h · Tone\n');
    assert.strictEqual(r.report.hours.month.unread, undefined);
    assert.match(r.md, /0 h of 2 included · 2 h left/);
    const earlier = 'Earlier months: 2026-05 not known · 2026-06 not known · 2026-07 not known · 2026-08 not known · 2026-09 1.5 h.';
    for (const [format, text] of Object.entries({ md: r.md, html: r.html, pdf: r.pdf })) assert.ok(text.includes(earlier), `${format}: ${earlier}`);
  });
});
