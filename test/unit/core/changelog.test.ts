import * as assert from 'assert';
import { hoursForMonth } from '../../../src/core/analysis/hours';
import { formatEntryHeading, monthOf, parseChangelog } from '../../../src/core/workspace/changelog';

const LOG = `# Change log — Acme

## 2026-11-20 · review · 1.5 h · Monthly review
Ran the front-desk set: 0.91 → 0.93.

## 2026-11-02 | prompt | 0.75h | Refund wording
Changed the refund paragraph.

\`\`\`
## 2026-01-01 · inside a code block · is not a heading
\`\`\`

## 2026-10-31 - incident - 2 h - Model down - restarted
Ollama was down.
`;

describe('parseChangelog', () => {
  it('reads entries in every accepted separator form, with their bodies', () => {
    const { changelog, problems } = parseChangelog('CHANGELOG.md', LOG);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      changelog.entries.map((e) => [e.date, e.category, e.hours, e.title, e.line]),
      [
        ['2026-11-20', 'review', 1.5, 'Monthly review', 3],
        ['2026-11-02', 'prompt', 0.75, 'Refund wording', 6],
        ['2026-10-31', 'incident', 2, 'Model down - restarted', 13],
      ],
    );
    assert.strictEqual(changelog.entries[0].body, 'Ran the front-desk set: 0.91 → 0.93.');
    assert.match(changelog.entries[1].body, /inside a code block/);
  });

  it('reports headings that do not parse at the offending part and keeps them', () => {
    const text = '## 2026-11-31 · review · 1 h · x\n## 2026-11-03 · meeting · 1 h · x\n## 2026-11-03 · review · an hour · x\n## Unreleased\n';
    const { changelog, problems } = parseChangelog('CHANGELOG.md', text);
    assert.strictEqual(changelog.entries.length, 0);
    assert.deepStrictEqual(changelog.unparsed.map((u) => u.line), [1, 2, 3, 4]);
    assert.ok(problems.every((p) => p.severity === 'warning'));
    assert.match(problems[0].message, /'2026-11-31' is not a date/);
    assert.deepStrictEqual([problems[1].range.column, problems[1].range.endColumn], [17, 24]);
    assert.match(problems[1].message, /Unknown category 'meeting'/);
    assert.match(problems[2].message, /'an hour' is not a number of hours/);
    assert.deepStrictEqual([problems[3].range.column, problems[3].range.endColumn], [1, 14]);
  });

  it('counts the first entry of a file that starts with a byte-order mark', () => {
    const { changelog, problems } = parseChangelog('CHANGELOG.md', '\ufeff## 2026-11-02 · review · 2 h · Review\n');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-11').total, 2);
  });

  it('warns at a date out of order with the entries around it, or in the future, and still counts it', () => {
    const text = [
      '## 2026-11-20 · review · 1 h · a',
      '## 2026-11-10 · review · 1 h · b',
      '## 2026-01-12 · review · 2 h · typo for November',
      '## 2026-11-05 · review · 1 h · c',
      '## 2026-10-30 · review · 1 h · d',
    ].join('\n');
    const { changelog, problems } = parseChangelog('CHANGELOG.md', text, '2026-11-25');
    assert.deepStrictEqual(problems.map((p) => [p.severity, p.code, p.range.line, p.range.column, p.range.endColumn]), [['warning', 'changelog-date', 3, 4, 14]]);
    assert.strictEqual(
      problems[0].message,
      '2026-01-12 is out of order with the entries around it (2026-11-10 on line 2 and 2026-11-05 on line 4), which run newest first; check the date: its 2 h count in 2026-01.',
    );
    assert.strictEqual(changelog.entries.length, 5);
    const oldestFirst = parseChangelog('c.md', '## 2026-10-01 · review · 1 h · a\n## 2026-10-05 · review · 1 h · b\n## 2026-12-24 · review · 1 h · c\n', '2026-11-25').problems;
    assert.deepStrictEqual(oldestFirst.map((p) => [p.range.line, p.message]), [[3, '2026-12-24 is in the future (today is 2026-11-25); check the date: its 1 h count in 2026-12.']]);
    assert.deepStrictEqual(parseChangelog('c.md', LOG, '2026-11-25').problems, [], 'same-day entries and a consistent order are fine');
  });

  it('sums the hours of one month only, across month boundaries', () => {
    const { changelog } = parseChangelog('CHANGELOG.md', LOG);
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-11').total, 2.25);
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-10').total, 2);
    assert.strictEqual(hoursForMonth(changelog.entries, undefined, '2026-12').total, 0);
    assert.strictEqual(monthOf(new Date(2026, 0, 31, 23, 59)), '2026-01');
  });

  it('writes headings that it parses back', () => {
    const heading = formatEntryHeading({ date: '2026-11-23', category: 'prompt', hours: 1.333333, title: ' Tone\nfix ' });
    assert.strictEqual(heading, '## 2026-11-23 · prompt · 1.33 h · Tone fix');
    const { changelog } = parseChangelog('c.md', heading + '\n');
    assert.deepStrictEqual(changelog.entries.map((e) => e.hours), [1.33]);
  });
});
