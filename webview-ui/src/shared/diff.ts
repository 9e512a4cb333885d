import type { DiffView } from '../../../src/protocol/results';
import { h } from '../shared/dom';

/**
 * Word diffs as spans. The extension computes the segments (`same` and `removed` spell the text
 * before, `same` and `added` the text after); this only draws them, as text nodes.
 */

/** One side of a diff: the text before with what the output lost marked (`removed`). */
export function beforeSide(diff: DiffView): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const s of diff.segments) {
    if (s.kind === 'same') out.append(s.text);
    else if (s.kind === 'removed') out.append(h('del', { class: 'diff-removed', attrs: { title: 'Not in the output' } }, s.text));
  }
  return out;
}

/** The ranges of `after` that a diff marks as added, as [start, end) offsets. */
function addedRanges(diff: DiffView, after: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const s of diff.segments) {
    if (s.kind === 'removed') continue;
    if (after.slice(at, at + s.text.length) !== s.text) return undefined; // not a diff of this text
    if (s.kind === 'added') ranges.push([at, at + s.text.length]);
    at += s.text.length;
  }
  return at === after.length ? ranges : undefined;
}

/** A diff to mark on the text after, with the class and tooltip its added parts get. */
export interface Marking {
  diff: DiffView | undefined;
  class: string;
  title: string;
}

/**
 * The text after with one or more comparisons marked on it, e.g. an output with what is not in
 * the expected answer (highlighted) and what is new since the previous run (underlined). A diff
 * that does not spell this text is ignored rather than drawn wrongly.
 */
export function afterSide(text: string, ...markings: Marking[]): DocumentFragment {
  const marked = markings.map((m) => ({ ...m, ranges: (m.diff && addedRanges(m.diff, text)) ?? [] }));
  const cuts = new Set<number>([0, text.length]);
  for (const m of marked) for (const [s, e] of m.ranges) cuts.add(s).add(e);
  const points = [...cuts].sort((x, y) => x - y);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = text.slice(points[i], points[i + 1]);
    const on = marked.filter((m) => m.ranges.some(([s, e]) => points[i] >= s && points[i] < e));
    if (on.length === 0) out.append(piece);
    else out.append(h('ins', { class: on.map((m) => m.class).join(' '), attrs: { title: on.map((m) => m.title).join('; ') } }, piece));
  }
  return out;
}

/** "compared line by line" when the texts were too long for words; nothing otherwise. */
export function granularityNote(diff: DiffView | undefined): string {
  if (diff?.granularity === 'line') return 'long texts: compared line by line';
  if (diff?.granularity === 'whole') return 'too different to compare word by word: shown as replaced';
  return '';
}
