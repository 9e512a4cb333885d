/**
 * The engineer's notes live in the Markdown report between two markers and survive
 * regeneration byte for byte: everything else in the file is Upkeep's to rewrite.
 */
export const NOTES_START = '<!-- upkeep:notes:start (what you write between these lines is kept when the report is regenerated) -->';
export const NOTES_END = '<!-- upkeep:notes:end -->';

/** The text between the markers of an existing report, or undefined when it has none. */
export function extractNotes(markdown: string): string | undefined {
  const start = markdown.indexOf(NOTES_START);
  if (start < 0) return undefined;
  const from = start + NOTES_START.length;
  const end = markdown.indexOf(NOTES_END, from);
  if (end < 0) return undefined;
  return markdown.slice(from, end);
}

/** The notes block as it is written, with a blank line inside for a first report. */
export function notesBlock(notes: string | undefined): string {
  return `${NOTES_START}${notes ?? '\n\n'}${NOTES_END}`;
}

/** The notes as readers see them (no leading or trailing blank lines). */
export function visibleNotes(notes: string): string {
  return notes.trim();
}
