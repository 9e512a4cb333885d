import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { hoursForMonth } from '../../../src/core/analysis/hours';
import { entryProblem, parseChangelog } from '../../../src/core/workspace/changelog';
import { logHours, validateEntry, withEntry, type NewEntry } from '../../../src/core/workspace/changelogWriter';
import { removeTree, tempTree } from '../helpers/tempDir';

const LOG = `# Change log — Acme

Hand-written intro that must survive.

## 2026-11-20 · review · 1 h · November review

Body of the November review.

## 2026-10-08 · prompt · 2.5 h · The fix
Body.
`;

const entry: NewEntry = { date: '2026-11-05', category: 'incident', hours: 1.25, title: 'Model down', description: 'Restarted Ollama.\nAll sets green.' };

describe('logging hours into CHANGELOG.md', () => {
  it('inserts the entry among the others by date and keeps every other line as it was', () => {
    const next = withEntry(LOG, entry, 'Acme');
    const { changelog, problems } = parseChangelog('c.md', next);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(changelog.entries.map((e) => e.date), ['2026-11-20', '2026-11-05', '2026-10-08']);
    assert.strictEqual(changelog.entries[1].body, 'Restarted Ollama.\nAll sets green.');
    assert.strictEqual(next.replace(/## 2026-11-05[\s\S]*?(?=## 2026-10-08)/, ''), LOG);
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-11').total, 2.25);
  });

  it('never turns free text into an entry: heading lines in a description are escaped, an open code block is closed', () => {
    const sneaky = { ...entry, title: 'Call\n## 2026-01-01 · review · 9 h · in the title', description: 'Notes\n## 2026-01-01 · review · 9 h · sneaky\n```\ncode left open' };
    const next = withEntry(LOG, sneaky, 'Acme\n## 2026-01-02 · review · 9 h · in the name');
    const { changelog, problems } = parseChangelog('c.md', next);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(changelog.entries.map((e) => [e.date, e.hours]), [['2026-11-20', 1], ['2026-11-05', 1.25], ['2026-10-08', 2.5]], 'the entry after the description still parses');
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-01').total, 0);
    assert.match(changelog.entries[1].body, /^Notes\n\\## 2026-01-01 · review · 9 h · sneaky\n```\ncode left open\n```$/);
    const fresh = parseChangelog('c.md', withEntry('', sneaky, 'Acme\n## 2026-01-02 · review · 9 h · in the name')).changelog;
    assert.deepStrictEqual(fresh.entries.map((e) => e.date), ['2026-11-05']);
  });

  it('puts the newest entry first and the oldest last', () => {
    const newest = parseChangelog('c.md', withEntry(LOG, { ...entry, date: '2026-11-23' }, 'Acme')).changelog.entries;
    assert.strictEqual(newest[0].date, '2026-11-23');
    const oldest = parseChangelog('c.md', withEntry(LOG, { ...entry, date: '2026-01-02' }, 'Acme')).changelog.entries;
    assert.strictEqual(oldest.at(-1)?.date, '2026-01-02');
  });

  it('links a run and starts a missing change log with a title', async () => {
    const dir = await tempTree({});
    try {
      const file = path.join(dir, 'CHANGELOG.md');
      await logHours(file, { ...entry, runLink: { label: 'Front desk run', path: 'runs/2026-11-05T00-30-00Z-front-desk.json' } }, 'Acme');
      const text = await fs.readFile(file, 'utf8');
      assert.match(text, /^# Change log — Acme\n\n## 2026-11-05 · incident · 1.25 h · Model down\n/);
      assert.match(text, /Run: \[Front desk run\]\(runs\/2026-11-05T00-30-00Z-front-desk\.json\)/);
      assert.deepStrictEqual(await fs.readdir(dir), ['CHANGELOG.md']);
    } finally {
      await removeTree(dir);
    }
  });

  it('refuses entries that would not parse back', () => {
    assert.match(validateEntry({ ...entry, date: '2026-02-30' }) ?? '', /not a calendar date/);
    assert.match(validateEntry({ ...entry, hours: 0 }) ?? '', /more than 0/);
    assert.match(validateEntry({ ...entry, category: 'meeting' as never }) ?? '', /category/);
    assert.match(validateEntry({ ...entry, title: '  ' }) ?? '', /title/);
    assert.throws(() => withEntry(LOG, { ...entry, hours: 30 }, 'Acme'), /at most 24/);
  });

  it('names the field that is wrong, for the dashboard form (leap days, bounds, spaces)', () => {
    const cases: [Partial<NewEntry>, string | undefined][] = [
      [{}, 'date'],
      [{ date: '2026-11-23', category: 'review', hours: 1, title: 'ok' }, undefined],
      [{ date: '2026-11-23', category: 'review', hours: 1, title: ' ' }, 'title'],
      [{ date: '2026-11-23', category: 'review', hours: 24, title: 'x' }, undefined],
      [{ date: '2026-11-23', category: 'review', hours: 24.01, title: 'x' }, 'hours'],
      [{ date: '2026-11-23', category: 'review', hours: -1, title: 'x' }, 'hours'],
      [{ date: '2026-11-23', category: 'review', hours: Number.NaN, title: 'x' }, 'hours'],
      [{ date: '2026-11-23', category: 'review', hours: Number.POSITIVE_INFINITY, title: 'x' }, 'hours'],
      [{ date: '2026-11-23', category: 'Review' as NewEntry['category'], hours: 1, title: 'x' }, 'category'],
      [{ date: '2026-13-01', category: 'review', hours: 1, title: 'x' }, 'date'],
      [{ date: '2024-02-29', category: 'review', hours: 1, title: 'x' }, undefined],
      [{ date: '2025-02-29', category: 'review', hours: 1, title: 'x' }, 'date'],
      [{ date: '2026-1-1', category: 'review', hours: 1, title: 'x' }, 'date'],
      [{ date: ' 2026-11-23', category: 'review', hours: 1, title: 'x' }, 'date'],
      [{ date: '2026-11-23', category: 'other', hours: 0.01, title: 'x' }, undefined],
    ];
    for (const [input, field] of cases) {
      assert.strictEqual(entryProblem(input)?.field, field, JSON.stringify(input));
      assert.strictEqual(validateEntry(input), entryProblem(input)?.message);
    }
  });
});
