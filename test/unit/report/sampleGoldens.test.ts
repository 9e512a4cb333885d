import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryIndex } from '../../../src/core/history';
import { generateReport } from '../../../src/core/report/generate';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { pdfText } from '../helpers/pdfText';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');
const NOW = new Date('2026-12-01T09:00:00Z');


/** Golden figures of the sample workspace's reports, in the Markdown, the HTML and the PDF alike. */
describe('monthly report: the sample workspace in all three formats', () => {
  let root: string;
  const made = new Map<string, { md: string; html: string; pdf: string }>();
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-goldens-'));
    await fs.cp(SAMPLE, root, { recursive: true });
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  /** One client-month's three renderings, made once. */
  async function report(slug: string, month: string): Promise<{ md: string; html: string; pdf: string }> {
    const key = `${slug} ${month}`;
    if (!made.has(key)) {
      const { clients } = await loadWorkspace([root]);
      const index = await HistoryIndex.open();
      try {
        await index.sync(clients);
        const { files } = await generateReport(index, clients.find((c) => c.dir === path.join(root, 'clients', slug))!, month, { now: NOW, timeZone: 'UTC' });
        made.set(key, { md: await fs.readFile(files.md!, 'utf8'), html: await fs.readFile(files.html!, 'utf8'), pdf: await pdfText(files.pdf!) });
      } finally {
        index.close();
      }
    }
    return made.get(key)!;
  }

  it("every report carries the agency's branding from the workspace's upkeep.yaml: its name, logo, accent colour and contact line", async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('acme-dental', '2026-10');
    const contact = 'Harrow Lane Studio · retainers@harrowlane.example · +61 7 5550 0142';
    assert.match(md, /^Prepared 2026-12-01 by Harrow Lane Studio\.$/m);
    assert.ok(md.includes(`_${contact}_`), md);
    assert.match(html, /<img class="logo" alt="Harrow Lane Studio" src="data:image\/svg\+xml;base64,/);
    assert.ok(html.includes('#1f6f5c'), 'the accent colour');
    assert.ok(html.includes(contact));
    assert.ok(pdf.includes('Harrow Lane Studio') && pdf.includes(contact), pdf);
  });

  it('the retraining rule\'s checks read as checked or triggered, each with its reason, in all three formats', async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('acme-dental', '2026-10');
    const line = 'Checked — No set is declining.';
    assert.ok(md.includes(`- ${line}`), md);
    assert.ok(html.includes(`<li>${line}</li>`));
    assert.ok(pdf.includes(line), pdf);
  });

  it("Fernhill October 2026: the health section's incidents by severity, the outage's times against the critical SLA, uptime against the target", async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('fernhill-outfitters', '2026-10');
    const uptime = 'Uptime 99.55% against a 99.5% target (met), 3 h 20 min down in 1 outage.';
    const section = md.slice(md.indexOf('## Uptime and incidents'), md.indexOf("## Engineer's notes"));
    assert.ok(section.includes(uptime), section);
    assert.ok(section.includes('| severity | incidents | SLA met | acknowledged in (target) | resolved in (target) |'), section);
    assert.ok(section.includes('| critical | 1 | 1 of 1 | 13 min (30 min) | 2 h 6 min (4 h) |'), section);
    assert.ok(html.includes(`<p class="muted">${uptime}</p>`));
    assert.ok(html.includes('<tr><td>critical</td><td>1</td><td>1 of 1</td><td>13 min (30 min)</td><td>2 h 6 min (4 h)</td></tr>'));
    assert.ok(pdf.includes('severity incidents SLA met acknowledged in (target) resolved in (target)'), pdf);
    assert.ok(pdf.includes('critical 1 1 of 1 13 min (30 min) 2 h 6 min (4 h)'), pdf);
  });

  it("Northwind August 2026: the retraining section reads the v1 to v2 comparison, its per-set figures, decision and rule, and the change log's retrain entry", async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('northwind-legal', '2026-08');
    const headline = 'Candidate compared: 12 Aug: northwind-intake:v2 against northwind-intake:v1 (production): promote.';
    const row = ['Intake classification', '8', '2', '20', '0', 'p = 0.11', '+0.040 (−0.016 to +0.096)', 'promote'];
    const promoted = 'Promoted: the change log\'s retrain entry of 12 Aug, “northwind-intake v1 → v2”.';
    const rule = 'Per set: Promote when the candidate meets every threshold production meets and the lower bound of the 95% interval of the score difference is above −0.02';
    const retraining = md.slice(md.indexOf('## Retraining'), md.indexOf('## Quality by eval set'));
    assert.ok(retraining.includes(`**${headline}**`), retraining);
    assert.ok(retraining.includes(`| ${row.join(' | ')} |`), retraining);
    assert.ok(retraining.includes(`- ${promoted}`), retraining);
    assert.ok(retraining.includes(rule), retraining);
    assert.ok(html.includes(`<h3>${headline}</h3>`));
    assert.ok(html.includes(`<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`));
    assert.ok(html.includes(promoted.replace("'", '&#39;')));
    assert.ok(html.includes(rule));
    assert.ok(pdf.includes(headline), pdf);
    assert.ok(pdf.includes(row.join(' ')), pdf);
    assert.ok(pdf.includes(promoted.replace(' → ', ' to ')), pdf);
    assert.ok(pdf.includes(rule), pdf);
  });

  it('a month without comparisons reads as before: Northwind September has no comparison in its retraining section', async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('northwind-legal', '2026-09');
    for (const text of [md, html, pdf]) assert.ok(!text.includes('Candidate compared'));
  });

  it('a month without health checks or incidents keeps the "not monitored yet" line and no table', async function () {
    this.timeout(30_000);
    const { md, html, pdf } = await report('acme-dental', '2026-10');
    for (const text of [md, html, pdf]) {
      assert.ok(text.includes('Uptime and incidents: not monitored yet.'));
      assert.ok(!text.includes('acknowledged in (target)'));
    }
  });
});
