import { diffLines, diffWordsWithSpace, type Change } from 'diff';

/**
 * Word-by-word differences between two outputs of one case, for the results view. Runs in the
 * extension host when the view asks for one case's detail, so it is bounded: long texts get a
 * line diff, and a diff that would take too long (two long, wholly different texts) gives up and
 * shows the whole text as replaced rather than stall the editor.
 */
export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** How finely two texts were compared: `whole` means the diff gave up and shows a replacement. */
export type DiffGranularity = 'word' | 'line' | 'whole';

export interface WordDiffOptions {
  /** Above this many characters (both texts together) the texts are compared line by line. Default 20,000. */
  maxWordDiffChars?: number;
  /** Time budget of each diff attempt in milliseconds (word, then line). Default 150. */
  timeoutMs?: number;
}

export const MAX_WORD_DIFF_CHARS = 20_000;
const DEFAULT_TIMEOUT_MS = 150;

/**
 * The differences between `before` and `after`, as segments in reading order: `same` and
 * `removed` segments spell `before`, `same` and `added` ones spell `after`. Adjacent segments of
 * one kind are merged, and where a change spans several words ("the cat" → "a dog") the spaces
 * between them are folded into the change so it reads as one replacement.
 */
export function wordDiff(before: string, after: string, options: WordDiffOptions = {}): DiffSegment[] {
  return diffTexts(before, after, options).segments;
}

/** `wordDiff` with the granularity it used, for views that say "compared line by line". */
export function diffTexts(before: string, after: string, options: WordDiffOptions = {}): { granularity: DiffGranularity; segments: DiffSegment[] } {
  if (before === after) return { granularity: 'word', segments: before ? [{ kind: 'same', text: before }] : [] };
  if (!before || !after) return { granularity: 'word', segments: wholeReplacement(before, after) };
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (before.length + after.length <= (options.maxWordDiffChars ?? MAX_WORD_DIFF_CHARS)) {
    const words = diffWordsWithSpace(before, after, { timeout });
    if (words) return { granularity: 'word', segments: tidy(words) };
  }
  const lines = diffLines(before, after, { timeout });
  if (lines) return { granularity: 'line', segments: tidy(lines) };
  return { granularity: 'whole', segments: wholeReplacement(before, after) };
}

/** Words added and removed (runs of non-space characters; a punctuation mark diffed alone counts as one). */
export function diffStats(segments: readonly DiffSegment[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const s of segments) {
    if (s.kind === 'same') continue;
    const words = countWords(s.text);
    if (s.kind === 'added') added += words;
    else removed += words;
  }
  return { added, removed };
}

function countWords(text: string): number {
  const word = /\S+/gu;
  let n = 0;
  while (word.exec(text)) n++;
  return n;
}

function wholeReplacement(before: string, after: string): DiffSegment[] {
  const out: DiffSegment[] = [];
  if (before) out.push({ kind: 'removed', text: before });
  if (after) out.push({ kind: 'added', text: after });
  return out;
}

const kindOf = (c: Change): DiffSegment['kind'] => (c.added ? 'added' : c.removed ? 'removed' : 'same');
const isBlank = (text: string): boolean => /^\s+$/u.test(text);

/**
 * Turns change objects into segments: a run of changes separated only by whitespace becomes one
 * removed segment followed by one added segment (the whitespace in both, so each side still spells
 * its text), provided the run both removes and adds something; everything else is merged with
 * its neighbours of the same kind.
 */
function tidy(changes: readonly Change[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  const push = (kind: DiffSegment['kind'], text: string): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  while (i < changes.length) {
    if (kindOf(changes[i]) === 'same') {
      push('same', changes[i].value);
      i++;
      continue;
    }
    // The run of changes starting here, through whitespace-only common parts between changes.
    let end = i;
    while (
      end + 1 < changes.length &&
      (kindOf(changes[end + 1]) !== 'same' ||
        (isBlank(changes[end + 1].value) && end + 2 < changes.length && kindOf(changes[end + 2]) !== 'same'))
    ) {
      end++;
    }
    const run = changes.slice(i, end + 1);
    const removes = run.some((c) => c.removed);
    const adds = run.some((c) => c.added);
    if (removes && adds) {
      let removed = '';
      let added = '';
      for (const c of run) {
        if (!c.added) removed += c.value;
        if (!c.removed) added += c.value;
      }
      push('removed', removed);
      push('added', added);
    } else {
      for (const c of run) push(kindOf(c), c.value);
    }
    i = end + 1;
  }
  return out;
}
