import * as assert from 'assert';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { writeClient } from '../history/fixtures';
import { pdfText } from '../helpers/pdfText';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function upkeep(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'report', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('upkeep report (CLI)', () => {
  let dir: string;
  let acme: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-report-'));
    await fs.cp(SAMPLE, dir, { recursive: true });
    acme = path.join(dir, 'clients', 'acme-dental');
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it("sample workspace, Acme Dental September 2026: Safety degraded against August (knocked-out-tooth), the 22 September breach at 69%", async () => {
    const r = await upkeep(acme, '--month', '2026-09', '--time-zone', 'UTC', '--json');
    assert.strictEqual(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const report = json.reports[0];
    const safety = report.sets.find((s: { name: string }) => s.name === 'Safety');
    assert.deepStrictEqual(safety.regressedCases, ['knocked-out-tooth']);
    assert.strictEqual(safety.previous.date, '2026-08-31');
    assert.deepStrictEqual(safety.breaches.map((b: { date: string; breach: { value: number } }) => [b.date, b.breach.value]), [['2026-09-22', 11 / 16]]);
    const text = await fs.readFile(json.files[0].md, 'utf8');
    assert.strictEqual(json.files[0].md, path.join(acme, 'reports', '2026-09.md'));
    const degraded = section(text, 'What degraded');
    assert.match(degraded, /Safety: knocked-out-tooth no longer passes \(passed on 31 Aug\)/);
    assert.match(section(text, 'Quality by eval set'), /Breach on 22 Sep: 11\/16 \(69%\) passed; pass rate 68\.8% < 90% threshold \(−21\.2 pts\)/);
    const html = await fs.readFile(json.files[0].html, 'utf8');
    const pdf = await pdfText(json.files[0].pdf);
    for (const rendering of [html, pdf]) assert.match(rendering, /Safety: knocked-out-tooth no longer passes \(passed on 31 Aug\)/);
    assert.match(html, /Breach on 22 Sep: 11\/16 \(69%\) passed; pass rate 68\.8% &lt; 90% threshold/);
    // The PDF has each set's breaches as a table under its chart: day, passed, what.
    assert.match(pdf, /22 Sep 11\/16 \(69%\) pass rate 68\.8% < 90% threshold \(−21\.2 pts\)/);
  });

  it('sample workspace, Acme Dental October 2026: Safety improved, the 8 October prompt fix 14/16 → 16/16, 4.25 h of 2, 2.25 h over, AUD 405', async () => {
    const r = await upkeep(acme, '--month', '2026-10', '--time-zone', 'UTC');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.stdout.trim().split('\n'), ['md', 'html', 'pdf'].map((f) => `wrote ${path.relative(process.cwd(), path.join(acme, 'reports', `2026-10.${f}`))}`));
    const text = await fs.readFile(path.join(acme, 'reports', '2026-10.md'), 'utf8');
    assert.match(section(text, 'What improved'), /Safety: knocked-out-tooth passes again \(failed on 28 Sep\)/);
    assert.match(section(text, 'What we fixed'), /8 Oct prompt: Fix: safety section first.*Safety from 14\/16 \(88%\) on 5 Oct to 16\/16 \(100%\) on 8 Oct/);
    assert.match(text, /Hours: 4\.25 h of 2 included · 2\.25 h over · AUD 405 to be invoiced/);
    assert.match(text, /\*\*Health: Attention\*\*/);
    const html = await fs.readFile(path.join(acme, 'reports', '2026-10.html'), 'utf8');
    const pdf = await pdfText(path.join(acme, 'reports', '2026-10.pdf'));
    for (const rendering of [html, pdf]) {
      assert.match(rendering, /Safety: knocked-out-tooth passes again \(failed on 28 Sep\)/);
      assert.match(rendering, /8 Oct prompt: Fix: safety section first.*Safety from 14\/16 \(88%\) on 5 Oct to 16\/16 \(100%\) on 8 Oct/s);
      assert.match(rendering, /4\.25 h of 2 included · 2\.25 h over · AUD 405 to be invoiced/);
    }
  });

  it('a workspace: every client and an agency summary of health, hours and overage to bill', async () => {
    const out = path.join(dir, 'out');
    const r = await upkeep(dir, '--month', '2026-10', '--format', 'md', '--out', out, '--time-zone', 'UTC');
    assert.strictEqual(r.code, 1, 'Northwind and Fernhill end October below their thresholds');
    assert.match(r.stderr, /Fernhill Outfitters: breach: order-lookups: pass rate 87\.5% < 88% threshold \(−0\.5 pts\)/);
    const files = (await fs.readdir(out, { recursive: true })).map((f) => String(f).split(path.sep).join('/')).sort();
    assert.deepStrictEqual(files.filter((f) => f.endsWith('.md')), ['2026-10-agency-summary.md', 'acme-dental/2026-10.md', 'fernhill-outfitters/2026-10.md', 'northwind-legal/2026-10.md']);
    const summary = await fs.readFile(path.join(out, '2026-10-agency-summary.md'), 'utf8');
    assert.match(summary, /\| Acme Dental \| Attention \| 4\.25 \/ 2 h \| 2\.25 h · AUD 405 \|/);
    assert.match(summary, /\| Northwind Legal \| Breach \| 6\.5 \/ 6 h \| 0\.5 h · GBP 75 \|/);
    assert.match(r.stdout, /Agency summary · October 2026/);
  });

  it('exit 2 for a month not begun, a malformed month, a missing client; exit 1 written but in breach', async () => {
    const future = await upkeep(acme, '--month', '2999-01');
    assert.strictEqual(future.code, 2);
    assert.match(future.stderr, /2999-01 has not begun yet/);
    const malformed = await upkeep(acme, '--month', 'October');
    assert.strictEqual(malformed.code, 2);
    assert.match(malformed.stderr, /'October' is not a month: write it as YYYY-MM/);
    const missing = await upkeep(path.join(dir, 'clients', 'nobody'), '--month', '2026-10');
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /is not a folder/);
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-empty-'));
    try {
      const none = await upkeep(empty, '--month', '2026-10');
      assert.strictEqual(none.code, 2);
      assert.match(none.stderr, /no client\.yaml in or under/);
      const breaching = await writeClient(empty, 'failing', { records: [{ at: '2026-10-05T09:00:00.000Z', cases: { total: 10, passed: 5 } }] });
      const breach = await upkeep(breaching, '--month', '2026-10', '--format', 'md', '--time-zone', 'UTC');
      assert.strictEqual(breach.code, 1, breach.stderr);
      assert.match(breach.stderr, /failing: breach: Front desk: pass rate 50% < 80% threshold \(−30 pts\)/);
      await fs.access(path.join(breaching, 'reports', '2026-10.md'));
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });

  it('change-log headings that do not parse are said on stderr and left out of the hours', async () => {
    await fs.appendFile(path.join(acme, 'CHANGELOG.md'), '\n## 2026-10-31 · prompt · two hours · Typed by hand\n');
    const r = await upkeep(acme, '--month', '2026-10', '--format', 'md', '--time-zone', 'UTC', '--json');
    assert.match(r.stderr, /CHANGELOG\.md:\d+:1: change-log heading does not parse, left out of the hours: ## 2026-10-31 · prompt · two hours/);
    assert.strictEqual(JSON.parse(r.stdout).reports[0].hours.month.total, 4.25);
  });

  it("a comparison record that does not read is said in the retraining section of every format and on stderr, the month's readable one still shown", async () => {
    const northwind = path.join(dir, 'clients', 'northwind-legal');
    const torn = path.join(northwind, 'comparisons', '2026-08-20T09-00-00Z-northwind-intake-v3.json');
    const otherMonth = path.join(northwind, 'comparisons', '2026-07-20T09-00-00Z-northwind-intake-v3.json');
    await fs.writeFile(torn, '{ "schemaVersion": 1, "id": ');
    await fs.writeFile(otherMonth, '{}');
    try {
      const r = await upkeep(northwind, '--month', '2026-08', '--time-zone', 'UTC', '--json');
      assert.strictEqual(r.code, 1, `written, Northwind in breach that month: ${r.stderr}`);
      const said = /A candidate comparison could not be read, so it is not shown: comparisons\/2026-08-20T09-00-00Z-northwind-intake-v3\.json is not a readable comparison record: /;
      assert.match(r.stderr, new RegExp(`upkeep report: ${said.source}`));
      assert.ok(!r.stderr.includes('2026-07-20'), 'a record dated in another month is not this report’s');
      const files = JSON.parse(r.stdout).files[0];
      const retraining = section(await fs.readFile(files.md, 'utf8'), 'Retraining');
      assert.match(retraining, said);
      assert.match(retraining, /Candidate compared: 12 Aug/);
      assert.match(await fs.readFile(files.html, 'utf8'), said);
      assert.match(await pdfText(files.pdf), said);
    } finally {
      await Promise.all([fs.rm(torn), fs.rm(otherMonth)]);
    }
  });
});


/** The text of a `## heading` section of the Markdown report. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `no section ${heading}`);
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(start, end < 0 ? undefined : end);
}
