import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { HistoryIndex } from '../../../src/core/history';
import { generateReport } from '../../../src/core/report/generate';
import { NOTES_END, NOTES_START } from '../../../src/core/report/notes';
import { removeTree, tempTree } from '../helpers/tempDir';
import { clientsOf, MANIFEST, writeClient } from '../history/fixtures';

const HOSTILE = '<img src=x onerror=alert(1)>';
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('monthly report HTML and PDF', () => {
  let root: string;
  let files: { md?: string; html?: string; pdf?: string };
  before(async () => {
    root = await tempTree({});
    const manifest = `${MANIFEST('acme')}report:\n  agencyName: Harrow Lane Studio\n  logo: logo.png\n  accentColor: "#7a3e9d"\n  contact: "Questions: ops@harrow.example"\n`;
    const dir = await writeClient(root, 'acme', {
      manifest,
      changelog: `# Log\n\n## 2026-10-10 · prompt · 1 h · </style><script>alert(1)</script>\n`,
      records: [
        { at: '2026-09-28T09:00:00.000Z', cases: { [HOSTILE]: false, b: true } },
        { at: '2026-10-05T09:00:00.000Z', cases: { [HOSTILE]: true, b: true } },
        { at: '2026-10-20T09:00:00.000Z', cases: { [HOSTILE]: true, b: true } },
      ],
    });
    await fs.writeFile(path.join(dir, 'logo.png'), Buffer.from(PIXEL_PNG, 'base64'));
    await fs.mkdir(path.join(dir, 'reports'));
    await fs.writeFile(path.join(dir, 'reports', '2026-10.md'), `${NOTES_START}\nNote: ${HOSTILE}\n${NOTES_END}\n`);
    const [client] = await clientsOf(root);
    const index = await HistoryIndex.open();
    try {
      await index.sync([client]);
      const generated = await generateReport(index, client, '2026-10', { now: new Date('2026-11-02T09:00:00Z'), timeZone: 'UTC' });
      assert.deepStrictEqual(generated.warnings, []);
      files = generated.files;
    } finally {
      index.close();
    }
  });
  after(() => removeTree(root));

  it('HTML: self-contained (no script, no request, its own CSP), print-ready, every file and model text escaped', async () => {
    const html = await fs.readFile(files.html!, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img src=x/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; passes again'), 'the case id is text');
    assert.ok(html.includes('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'the change-log title is text');
    assert.ok(html.includes('Note: &lt;img src=x onerror=alert(1)&gt;'), "the engineer's notes are text");
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:|\/\/)|url\(|@import/i, 'nothing fetched');
    assert.match(html, /<img class="logo" alt="Harrow Lane Studio" src="data:image\/png;base64,iVBOR/);
    assert.match(html, /@page \{ margin: 14mm; \}/);
    assert.match(html, /<svg[^>]*>[\s\S]*<\/svg>/, 'the trend chart is inline SVG');
    assert.match(html, /#7a3e9d/);
    assert.match(html, /Questions: ops@harrow\.example/);
  });

  it('PDF: fonts embedded, charts as vectors, text selectable, one to two pages', async () => {
    const bytes = await fs.readFile(files.pdf!);
    const raw = bytes.toString('latin1');
    assert.match(raw, /\/FontFile2/, 'a TrueType font program is embedded');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Roboto/, 'Roboto, subset and embedded');
    const count = (re: RegExp) => (raw.match(re) ?? []).length;
    assert.strictEqual(count(/\/Subtype \/Image/g) - count(/\/SMask \d+ 0 R/g), 1, 'the logo (and its alpha mask) is the only image: the charts are vector paths');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    assert.ok(totalPages >= 1 && totalPages <= 2, `${totalPages} pages`);
    const flat = text.replace(/\s*\n\s*/g, ' ');
    assert.ok(flat.includes(`Front desk: ${HOSTILE} passes again`), 'model and file text is text in the PDF too');
    assert.ok(flat.includes('Prepared 2026-11-02 by Harrow Lane Studio'));
    assert.match(flat, /May Jun Jul Aug Sep Oct Nov/, 'the chart axis is text, drawn as vectors');
  });
});
