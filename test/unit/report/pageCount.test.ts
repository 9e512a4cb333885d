import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryIndex } from '../../../src/core/history';
import { generateReport } from '../../../src/core/report/generate';
import { NOTES_END, NOTES_START } from '../../../src/core/report/notes';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { writeRecord } from '../history/fixtures';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');
const NOW = new Date('2026-12-01T09:00:00Z');

/** Pages of a PDF as pdfkit writes them: one `/Type /Page` object each (the tree is `/Pages`). */
export function pdfPages(bytes: Buffer): number {
  return (bytes.toString('latin1').match(/\/Type \/Page(?![a-z])/g) ?? []).length;
}

/**
 * The PDF is one or two A4 pages for the busiest month a client has: three eval sets with
 * breaches, fixes, anomalies and hours, incidents, a comparison, a production review and notes;
 * and so is every client-month the sample workspace ships.
 */
describe('monthly report PDF: one to two A4 pages', () => {
  const roots: string[] = [];
  /** A copy of the sample workspace to write reports into. */
  async function sampleCopy(): Promise<string> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-pages-'));
    roots.push(root);
    await fs.cp(SAMPLE, root, { recursive: true });
    return root;
  }
  after(() => Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true }))));

  async function pages(root: string, slug: string, month: string): Promise<number> {
    const { clients } = await loadWorkspace([root]);
    const client = clients.find((c) => c.dir === path.join(root, 'clients', slug))!;
    const index = await HistoryIndex.open();
    try {
      await index.sync(clients);
      const { files } = await generateReport(index, client, month, { now: NOW, timeZone: 'UTC', formats: ['pdf'] });
      return pdfPages(await fs.readFile(files.pdf!));
    } finally {
      index.close();
    }
  }

  it('a busy month: Fernhill October with a third set breaching, three incidents, a comparison and notes, on at most 2 pages', async function () {
    this.timeout(60_000);
    const root = await sampleCopy();
    await busyMonth(path.join(root, 'clients', 'fernhill-outfitters'));
    const n = await pages(root, 'fernhill-outfitters', '2026-10');
    assert.ok(n >= 1 && n <= 2, `${n} pages`);
  });

  it('every client-month of the sample workspace, on at most 2 pages', async function () {
    this.timeout(120_000);
    const root = await sampleCopy();
    const over: string[] = [];
    for (const slug of await fs.readdir(path.join(SAMPLE, 'clients'))) {
      const months = new Set((await fs.readdir(path.join(SAMPLE, 'clients', slug, 'runs'))).filter((f) => /^\d{4}-\d{2}-/.test(f)).map((f) => f.slice(0, 7)));
      for (const month of [...months].sort()) {
        const n = await pages(root, slug, month);
        if (n > 2) over.push(`${slug} ${month}: ${n} pages`);
      }
    }
    assert.deepStrictEqual(over, []);
  });
});

/** Adds to Fernhill's October what a busier month has: a third eval set, more incidents, a comparison, notes. */
async function busyMonth(dir: string): Promise<void> {
  await fs.writeFile(path.join(dir, 'evals', 'gift-cards.yaml'), 'name: Gift cards\ncases:\n  - id: c0\n    input: Can I return a gift card?\n    assert: [{ type: icontains, value: gift }]\n');
  const weekly = ['2026-08-03', '2026-08-17', '2026-08-31', '2026-09-14', '2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];
  for (const [i, day] of weekly.entries()) {
    const passed = day >= '2026-10-01' ? [15, 13, 12, 17][i - 5] : 18;
    await writeRecord(dir, { at: `${day}T01:00:00.000Z`, set: 'gift-cards', clientId: 'clients/fernhill-outfitters', model: 'fernhill-returns:v1', cases: { total: 20, passed }, latencyMs: day === '2026-10-19' ? 2400 : 400 });
  }
  const incident = (file: string, title: string, severity: string, opened: string, acknowledged: string, resolved: string) =>
    fs.writeFile(path.join(dir, 'incidents', file), `---\ntitle: ${title}\nseverity: ${severity}\nopened: ${opened}\nacknowledged: ${acknowledged}\nresolved: ${resolved}\n---\n\n# ${title}\n`);
  await incident('2026-10-09-gift-card-answers-wrong.md', 'Gift card answers wrong', 'high', '2026-10-09T15:00:00.000Z', '2026-10-09T18:30:00.000Z', '2026-10-10T09:00:00.000Z');
  await incident('2026-10-22-slow-answers.md', 'Slow answers at lunch', 'medium', '2026-10-22T19:00:00.000Z', '2026-10-22T20:00:00.000Z', '2026-10-23T02:00:00.000Z');
  await fs.appendFile(
    path.join(dir, 'CHANGELOG.md'),
    '\n## 2026-10-10 · prompt · 1.5 h · Gift cards: say they are final sale\n\nThe prompt now says gift cards cannot be returned.\n' +
      '\n## 2026-10-23 · infra · 0.75 h · Keep the model loaded over lunch\n\nkeepAlive raised.\n',
  );
  const northwind = path.join(SAMPLE, 'clients', 'northwind-legal', 'comparisons');
  const [comparison] = await fs.readdir(northwind);
  const record = JSON.parse(await fs.readFile(path.join(northwind, comparison), 'utf8')) as { client: { id: string; name: string }; createdAt: string; id: string };
  record.client = { id: 'clients/fernhill-outfitters', name: 'Fernhill Outfitters' };
  record.createdAt = '2026-10-28T01:00:00.000Z';
  record.id = '2026-10-28T01-00-00Z-fernhill-returns-v2';
  await fs.mkdir(path.join(dir, 'comparisons'), { recursive: true });
  await fs.writeFile(path.join(dir, 'comparisons', `${record.id}.json`), JSON.stringify(record, null, 2));
  await fs.mkdir(path.join(dir, 'reports'), { recursive: true });
  const notes =
    'Marcus asked for the gift-card wording to be reviewed with the store managers before the holidays. ' +
    'The disk alert fired once on 29 October (82%) and was cleared by the journal cap. ' +
    'Next month: try fernhill-returns:v2 against the returns set again with the holiday cases added, and review the Canada shipping answers.';
  await fs.writeFile(path.join(dir, 'reports', '2026-10.md'), `${NOTES_START}\n${notes}\n${NOTES_END}\n`);
}
