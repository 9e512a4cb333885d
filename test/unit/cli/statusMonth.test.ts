import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addMonths } from '../../../src/core/analysis/hours';
import { monthEndIn } from '../../../src/core/report/calendar';
import { monthOf } from '../../../src/core/workspace/changelog';
import { upkeepCli } from '../helpers/cli';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample-workspace');

interface StatusJson {
  month: string;
  monthLabel: string;
  asOf?: string;
  clients: { name: string; health: string; lastRunAt?: string; hours: { month: string; used: number | null; included?: number; unread?: string }; operations: { monitored: boolean; uptime?: number; incidents?: number; note: string } }[];
}

// The sample's history runs from May to November 2026: October is a past month with runs after it.
describe('upkeep status --month (CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-month-'));
    await fs.cp(SAMPLE, dir, { recursive: true });
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  const json = async (month: string) => {
    const r = await upkeepCli(['status', dir, '--month', month, '--json']);
    return { ...r, status: JSON.parse(r.stdout) as StatusJson };
  };

  it("gives a past month's hours, uptime and incidents, the month's report's own figures, and the rest as at its end", async () => {
    const { code, stderr, status } = await json('2026-10');
    assert.strictEqual(code, 1, `October ends with clients in breach: ${stderr}`);
    assert.deepStrictEqual([status.month, status.monthLabel], ['2026-10', 'October 2026']);
    assert.strictEqual(status.asOf, new Date(2026, 10, 1).toISOString(), "the month's end on this clock");

    const report = await upkeepCli(['report', dir, '--month', '2026-10', '--format', 'md', '--json']);
    const reports = (JSON.parse(report.stdout) as { reports: { client: { name: string }; hours: { month: { total: number; included?: number } }; health: { operations?: { note: string } } }[] }).reports;
    for (const c of status.clients) {
      const r = reports.find((x) => x.client.name === c.name)!;
      assert.strictEqual(c.hours.month, '2026-10');
      assert.strictEqual(c.hours.used, r.hours.month.total, `${c.name}: the report's hours`);
      assert.ok(c.lastRunAt! < status.asOf!, `${c.name}: no run after October is its last run (${c.lastRunAt})`);
    }
    assert.strictEqual(status.clients.find((c) => c.name === 'Acme Dental')!.hours.used, 4.25);
    const fernhill = status.clients.find((c) => c.name === 'Fernhill Outfitters')!;
    assert.strictEqual(fernhill.operations.incidents, 1, "October's incident");
    assert.match(fernhill.operations.note, /^Uptime 99\.\d+% against a 99\.5% target \(met\), 3 h 20 min down in 1 outage\. 1 incident/);

    const now = await upkeepCli(['status', dir, '--json']);
    const current = JSON.parse(now.stdout) as StatusJson;
    assert.strictEqual(current.month, monthOf(new Date()));
    assert.strictEqual(current.asOf, undefined, 'this month is seen from now');
    assert.ok(current.clients.some((c) => c.lastRunAt! > status.asOf!), 'the sample has runs after October');
  });

  it('--time-zone reads the month on that clock: its end is that zone\'s midnight; a zone Intl does not know is exit 2', async () => {
    for (const [zone, end] of [['Pacific/Kiritimati', '2026-10-31T10:00:00.000Z'], ['UTC', '2026-11-01T00:00:00.000Z']]) {
      const r = await upkeepCli(['status', dir, '--month', '2026-10', '--time-zone', zone, '--json']);
      const status = JSON.parse(r.stdout) as StatusJson;
      assert.strictEqual(status.asOf, end, zone);
      for (const c of status.clients) assert.ok(c.lastRunAt === undefined || c.lastRunAt < end, `${zone}: ${c.name}'s last run ${c.lastRunAt} is before October ended there`);
    }
    const bad = await upkeepCli(['status', dir, '--time-zone', 'Mars/Olympus']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /'Mars\/Olympus' is not a time zone Intl knows/);
  });

  it("a month's end in a zone is its next first midnight there, daylight saving included", () => {
    assert.strictEqual(monthEndIn('2026-10', 'Pacific/Kiritimati').toISOString(), '2026-10-31T10:00:00.000Z', 'UTC+14');
    assert.strictEqual(monthEndIn('2026-10', 'Pacific/Pago_Pago').toISOString(), '2026-11-01T11:00:00.000Z', 'UTC−11');
    assert.strictEqual(monthEndIn('2026-10', 'America/New_York').toISOString(), '2026-11-01T04:00:00.000Z', 'still summer time at that midnight: the clocks go back at 2:00 that day');
    assert.strictEqual(monthEndIn('2026-10', 'Australia/Sydney').toISOString(), '2026-10-31T13:00:00.000Z', 'summer time since 4 October: UTC+11');
    assert.strictEqual(monthEndIn('2026-03', 'Europe/London').toISOString(), '2026-03-31T23:00:00.000Z', 'summer time since 29 March');
    assert.strictEqual(monthEndIn('2026-12', 'UTC').toISOString(), '2027-01-01T00:00:00.000Z', 'into the next year');
    assert.strictEqual(monthEndIn('2026-10').getTime(), new Date(2026, 10, 1).getTime(), "no zone: the machine's clock");
  });

  it('says which month the table shows, and which columns are its end', async () => {
    const r = await upkeepCli(['status', dir, '--month', '2026-10']);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^October 2026: hours, uptime and incidents of the month; health, last run and drift as they stood at its end$/);
    assert.match(lines[1], /^client +health +last run +drift +hours October 2026$/);
    assert.match(lines.find((l) => l.startsWith('Acme Dental '))!, / 2026-10-\d\d \d\d:\d\d .* 4\.25 \/ 2 h \(\+2\.25 over\)$/);
    assert.match((await upkeepCli(['status', dir])).stdout.split('\n')[0], /^client +health +last run +drift +hours this month$/);
  });

  it('refuses a month not begun yet or malformed, with the words and exit code of upkeep report --month', async () => {
    const next = addMonths(monthOf(new Date()), 1);
    for (const month of [next, '2026-13', '11-2026', '2026-1']) {
      const r = await upkeepCli(['status', dir, '--month', month]);
      assert.strictEqual(r.code, 2, month);
      assert.strictEqual(r.stdout, '');
      const why = r.stderr.replace(/^upkeep status: /, '');
      assert.match(why, month === next ? /has not begun yet \(today is / : /is not a month/);
      const report = await upkeepCli(['report', dir, '--month', month, '--format', 'md']);
      assert.strictEqual(report.code, 2);
      assert.strictEqual(report.stderr, `upkeep report: ${why}`, 'one parser says it');
    }
  });

  it('a month before anything was recorded has no figures rather than 0 hours, and says nothing is recorded', async () => {
    const { code, stderr, status } = await json('2026-03');
    assert.strictEqual(code, 0, stderr);
    for (const c of status.clients) {
      assert.strictEqual(c.hours.used, null, `${c.name}: no hours figure`);
      assert.match(c.hours.unread!, /^before the change log's first entry \(2026-05-0\d\)$/);
      assert.strictEqual(c.lastRunAt, undefined);
      assert.strictEqual(c.health, 'no-runs');
    }
    assert.match(stderr, /nothing is recorded for March 2026 in any client/);
    const text = await upkeepCli(['status', dir, '--month', '2026-03']);
    const acme = text.stdout.split('\n').findIndex((l) => l.startsWith('Acme Dental '));
    assert.match(text.stdout.split('\n')[acme], / -$/);
    assert.strictEqual(text.stdout.split('\n')[acme + 1], "  Hours: no figure, before the change log's first entry (2026-05-04).");
  });

  it("prints each change-log heading that does not parse at its line, since its hours are in no month's figure", async () => {
    const lone = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-heading-'));
    try {
      const client = path.join(lone, 'acme-dental');
      await fs.cp(path.join(SAMPLE, 'clients', 'acme-dental'), client, { recursive: true });
      const changelog = path.join(client, 'CHANGELOG.md');
      const text = await fs.readFile(changelog, 'utf8');
      await fs.writeFile(changelog, `${text.trimEnd()}\n\n## 2026-10-31 · reveiw · 2 h · Late October review\n`);
      const line = text.trimEnd().split('\n').length + 2;
      const r = await upkeepCli(['status', lone, '--month', '2026-10', '--json']);
      assert.match(r.stderr, new RegExp(`acme-dental/CHANGELOG\\.md:${line}:1: change-log heading does not parse, left out of the hours: ## 2026-10-31 · reveiw · 2 h`));
      assert.strictEqual((JSON.parse(r.stdout) as StatusJson).clients[0].hours.used, 4.25, 'the entries that parse');
    } finally {
      await fs.rm(lone, { recursive: true, force: true });
    }
  });

  it('a client whose change log cannot be read has no hours figure, never 0', async () => {
    const lone = await fs.mkdtemp(path.join(os.tmpdir(), 'upkeep-status-nolog-'));
    try {
      await fs.cp(path.join(SAMPLE, 'clients', 'acme-dental'), path.join(lone, 'acme-dental'), { recursive: true });
      await fs.rm(path.join(lone, 'acme-dental', 'CHANGELOG.md'));
      const r = await upkeepCli(['status', lone, '--month', '2026-10', '--json']);
      const [acme] = (JSON.parse(r.stdout) as StatusJson).clients;
      assert.deepStrictEqual([acme.hours.used, acme.hours.unread], [null, 'no change log was read']);
      assert.match(acme.lastRunAt!, /^2026-10-/, 'the runs still count');
    } finally {
      await fs.rm(lone, { recursive: true, force: true });
    }
  });
});
