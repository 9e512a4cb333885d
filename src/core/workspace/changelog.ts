import { stripBom } from '../util/bom';
import { problem, type Problem, type SourceRange } from './problems';

export const CHANGELOG_CATEGORIES = ['review', 'prompt', 'retrain', 'incident', 'infra', 'report', 'other'] as const;
export type ChangelogCategory = (typeof CHANGELOG_CATEGORIES)[number];

/** What each category is for, shown wherever hours are logged. */
export const CATEGORY_HELP: Record<ChangelogCategory, string> = {
  review: 'Monthly check of the eval sets and live answers',
  prompt: 'A change to the system prompt',
  retrain: 'Training or fine-tuning a new model version',
  incident: 'Something broke and was fixed',
  infra: 'Servers, Ollama, deployment',
  report: 'Writing or sending the client report',
  other: 'Anything else',
};

/** The most one entry can log: a day. */
export const MAX_ENTRY_HOURS = 24;

export type EntryField = 'date' | 'category' | 'hours' | 'title';

/**
 * Why a new entry cannot be logged, naming the field, or undefined when it can: the rules that
 * make an entry parse back. One function for the Log Hours command, the dashboard's form (in the
 * webview, so this module reads no files) and the host that writes the entry.
 */
export function entryProblem(e: { date?: string; category?: string; hours?: number; title?: string }): { field: EntryField; message: string } | undefined {
  if (!e.date || !/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(Date.parse(`${e.date}T00:00:00Z`))) return { field: 'date', message: 'The date must be YYYY-MM-DD.' };
  if (new Date(`${e.date}T00:00:00Z`).toISOString().slice(0, 10) !== e.date) return { field: 'date', message: `${e.date} is not a calendar date.` };
  if (!e.category || !(CHANGELOG_CATEGORIES as readonly string[]).includes(e.category)) return { field: 'category', message: `The category must be one of ${CHANGELOG_CATEGORIES.join(', ')}.` };
  if (typeof e.hours !== 'number' || !Number.isFinite(e.hours) || e.hours <= 0 || e.hours > MAX_ENTRY_HOURS) return { field: 'hours', message: `Hours must be more than 0 and at most ${MAX_ENTRY_HOURS}.` };
  if (!e.title?.trim()) return { field: 'title', message: 'The entry needs a title.' };
  return undefined;
}

export interface ChangelogEntry {
  /** YYYY-MM-DD, a calendar date with no time zone: hours belong to the day the engineer wrote. */
  date: string;
  category: ChangelogCategory;
  hours: number;
  title: string;
  /** The free Markdown under the heading. */
  body: string;
  line: number;
}

/** A level-2 heading that does not parse as an entry: reported, and kept so nothing is lost. */
export interface UnparsedEntry {
  heading: string;
  line: number;
}

export interface Changelog {
  file: string;
  entries: ChangelogEntry[];
  unparsed: UnparsedEntry[];
}

// `·` is canonical; `|` and ` - ` are accepted for people typing by hand.
const SEPARATOR = /\s*[·|]\s*|\s+-\s+/g;

/**
 * Parses `CHANGELOG.md`. Each entry is `## YYYY-MM-DD · category · hours h · title` followed by
 * free Markdown. Headings that do not parse become warnings at the offending part of the line.
 */
export function parseChangelog(file: string, text: string, today: string = localDate(new Date())): { changelog: Changelog; problems: Problem[] } {
  // A byte-order mark (Notepad writes one) would hide the first heading and its hours.
  const lines = stripBom(text).split(/\r?\n/);
  const entries: ChangelogEntry[] = [];
  const unparsed: UnparsedEntry[] = [];
  const problems: Problem[] = [];
  let open: { entry: ChangelogEntry; bodyStart: number } | undefined;
  let inFence = false;

  const close = (end: number) => {
    if (open) open.entry.body = lines.slice(open.bodyStart, end).join('\n').trim();
    open = undefined;
  };

  lines.forEach((line, i) => {
    if (isFenceLine(line)) inFence = !inFence;
    if (inFence || !isHeadingLine(line)) return;
    close(i);
    const result = parseHeading(line, i + 1);
    if ('entry' in result) {
      entries.push(result.entry);
      open = { entry: result.entry, bodyStart: i + 1 };
    } else {
      unparsed.push({ heading: line, line: i + 1 });
      problems.push(problem(file, result.range, result.message, 'changelog-entry', 'warning'));
    }
  });
  close(lines.length);
  problems.push(...dateWarnings(file, entries, lines, today));
  return { changelog: { file, entries, unparsed }, problems };
}

/** A line the parser reads as an entry's heading (or as a heading that fails to be one). */
export function isHeadingLine(line: string): boolean {
  return /^##\s/.test(line);
}

/** A line that opens or closes a code block, inside which headings are not entries. */
export function isFenceLine(line: string): boolean {
  return /^\s*(```|~~~)/.test(line);
}

/**
 * Warnings at dates that are probably typos, since their hours are billed in the month they name:
 * a date in the future, or one out of order with both the entries around it (the file's own
 * order, newest first unless most of it runs oldest first). The entries still count.
 */
function dateWarnings(file: string, entries: readonly ChangelogEntry[], lines: readonly string[], today: string): Problem[] {
  let newer = 0;
  for (let i = 1; i < entries.length; i++) newer += Math.sign(entries[i].date.localeCompare(entries[i - 1].date));
  const newestFirst = newer <= 0;
  const inOrder = (a?: ChangelogEntry, b?: ChangelogEntry) => !a || !b || (newestFirst ? a.date >= b.date : a.date <= b.date);
  const order = newestFirst ? 'newest first' : 'oldest first';
  const problems: Problem[] = [];
  entries.forEach((e, i) => {
    const [prev, next] = [entries[i - 1], entries[i + 1]];
    const column = lines[e.line - 1].indexOf(e.date) + 1;
    const at = { line: e.line, column, endLine: e.line, endColumn: column + e.date.length };
    const counts = `check the date: its ${e.hours} h count in ${e.date.slice(0, 7)}`;
    if (e.date > today) {
      problems.push(problem(file, at, `${e.date} is in the future (today is ${today}); ${counts}.`, 'changelog-date', 'warning'));
    } else if (inOrder(prev, next) && !(inOrder(prev, e) && inOrder(e, next))) {
      const around = [prev && `${prev.date} on line ${prev.line}`, next && `${next.date} on line ${next.line}`].filter(Boolean).join(' and ');
      problems.push(problem(file, at, `${e.date} is out of order with the entries around it (${around}), which run ${order}; ${counts}.`, 'changelog-date', 'warning'));
    }
  });
  return problems;
}

/** Today as YYYY-MM-DD on the engineer's own clock, as entries are dated. */
export function localDate(date: Date): string {
  return `${monthOf(date)}-${String(date.getDate()).padStart(2, '0')}`;
}

type HeadingResult = { entry: ChangelogEntry } | { message: string; range: SourceRange };

function parseHeading(line: string, lineNo: number): HeadingResult {
  const expected = 'expected `## YYYY-MM-DD · category · hours h · title`';
  const textStart = line.match(/^##\s+/)![0].length;
  const parts: { text: string; column: number }[] = [];
  let last = textStart;
  for (const m of line.matchAll(SEPARATOR)) {
    if (m.index! < textStart) continue;
    if (parts.length === 3) break; // the title may contain separators of its own
    parts.push({ text: line.slice(last, m.index), column: last + 1 });
    last = m.index! + m[0].length;
  }
  parts.push({ text: line.slice(last).trimEnd(), column: last + 1 });
  const at = (p: { text: string; column: number }) => ({ line: lineNo, column: p.column, endLine: lineNo, endColumn: p.column + Math.max(p.text.length, 1) });
  const whole = { line: lineNo, column: 1, endLine: lineNo, endColumn: line.length + 1 };

  if (parts.length < 4) return { message: `Change-log heading is not an entry: ${expected}.`, range: whole };
  const [date, category, hours, title] = parts;
  if (!isCalendarDate(date.text)) return { message: `'${date.text}' is not a date; ${expected}.`, range: at(date) };
  const cat = category.text.toLowerCase();
  if (!(CHANGELOG_CATEGORIES as readonly string[]).includes(cat)) {
    return { message: `Unknown category '${category.text}'; use one of ${CHANGELOG_CATEGORIES.join(', ')}.`, range: at(category) };
  }
  const h = /^(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?$/i.exec(hours.text);
  if (!h) return { message: `'${hours.text}' is not a number of hours such as '1.5 h'.`, range: at(hours) };
  // The form's own limit: more than a day in one entry is a typo far more often than a fact, and it would be billed.
  if (Number(h[1]) > MAX_ENTRY_HOURS) return { message: `${h[1]} h is more than one day; an entry logs at most ${MAX_ENTRY_HOURS} h, so split longer work into one entry a day. Until then it counts no hours.`, range: at(hours) };
  if (!title.text.trim()) return { message: 'The entry has no title.', range: at(title) };
  return { entry: { date: date.text, category: cat as ChangelogCategory, hours: Number(h[1]), title: title.text.trim(), body: '', line: lineNo } };
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The month of a date as `YYYY-MM`, in local time: the engineer's month is the one on their calendar. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** The heading line of a new entry, in the canonical form. */
export function formatEntryHeading(e: Pick<ChangelogEntry, 'date' | 'category' | 'hours' | 'title'>): string {
  return `## ${e.date} · ${e.category} · ${formatHours(e.hours)} h · ${e.title.replace(/\s+/g, ' ').trim()}`;
}

function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}
