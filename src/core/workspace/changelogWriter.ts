import { promises as fs } from 'fs';
import { entryProblem, formatEntryHeading, isFenceLine, isHeadingLine, parseChangelog, type ChangelogCategory } from './changelog';

export interface NewEntry {
  /** YYYY-MM-DD */
  date: string;
  category: ChangelogCategory;
  hours: number;
  title: string;
  /** Free Markdown under the heading; may be empty. */
  description?: string;
  /** A run this work relates to, linked by its path relative to the change log. */
  runLink?: { label: string; path: string };
}

/** Why an entry cannot be logged, or undefined when it can (the message of entryProblem). */
export function validateEntry(e: Partial<NewEntry>): string | undefined {
  return entryProblem(e)?.message;
}

/**
 * The change log with one more entry, in the canonical `## date · category · hours h · title`
 * form, placed among the entries by date (newest first, as people keep them; after entries of
 * the same day). Every other byte of the file stays as it was; a missing file starts with a title.
 */
export function withEntry(text: string, entry: NewEntry, clientName: string): string {
  const problem = validateEntry(entry);
  if (problem) throw new Error(problem);
  const block = [formatEntryHeading(entry), '', ...bodyLines(entry), ''].join('\n');
  if (!text.trim()) return `# Change log — ${clientName.replace(/\s+/g, ' ').trim()}\n\n${block}`;
  const lines = text.split('\n');
  const { changelog } = parseChangelog('CHANGELOG.md', text);
  // Before the first entry that is older; at the end when none is.
  const before = changelog.entries.find((e) => e.date < entry.date);
  if (before) {
    lines.splice(before.line - 1, 0, ...block.split('\n'));
    return lines.join('\n');
  }
  const trimmed = text.replace(/\s*$/, '');
  return `${trimmed}\n\n${block}`;
}

function bodyLines(entry: NewEntry): string[] {
  const lines = entry.description?.trim() ? neutralised(entry.description.trim().split(/\r?\n|\r|\u2028|\u2029/)) : [];
  if (entry.runLink) lines.push(`${lines.length ? '\n' : ''}Run: [${entry.runLink.label}](${entry.runLink.path.replace(/ /g, '%20')})`);
  return lines.length ? lines : [];
}

/**
 * Free text as body lines that can never be read as an entry, so a description cannot bill hours:
 * a heading line is escaped (`\##` shows as `##` in Markdown), and a code block left open is
 * closed, since the parser would read the entries after it as code.
 */
function neutralised(lines: string[]): string[] {
  let inFence = false;
  const out = lines.map((line) => {
    if (isFenceLine(line)) inFence = !inFence;
    return !inFence && isHeadingLine(line) ? `\\${line}` : line;
  });
  return inFence ? [...out, '```'] : out;
}

/** Appends the entry to the file (created when missing) and returns the new text. */
export async function logHours(file: string, entry: NewEntry, clientName: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const next = withEntry(text, entry, clientName);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, next);
  await fs.rename(tmp, file);
  return next;
}
