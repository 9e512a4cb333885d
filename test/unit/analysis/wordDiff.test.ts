import * as assert from 'assert';
import { diffStats, diffTexts, wordDiff, type DiffSegment } from '../../../src/core/analysis/wordDiff';

/** Every diff must spell both texts back and never leave two neighbours of one kind. */
function assertWellFormed(segments: DiffSegment[], before: string, after: string): void {
  assert.strictEqual(segments.filter((s) => s.kind !== 'added').map((s) => s.text).join(''), before, 'same + removed spell before');
  assert.strictEqual(segments.filter((s) => s.kind !== 'removed').map((s) => s.text).join(''), after, 'same + added spell after');
  for (let i = 1; i < segments.length; i++) assert.notStrictEqual(segments[i].kind, segments[i - 1].kind, `segments ${i - 1} and ${i} are both ${segments[i].kind}`);
  assert.ok(segments.every((s) => s.text.length > 0), 'no empty segments');
}

function check(before: string, after: string): DiffSegment[] {
  const segments = wordDiff(before, after);
  assertWellFormed(segments, before, after);
  return segments;
}

describe('wordDiff', () => {
  it('marks the words changed in the middle of a sentence', () => {
    const segments = check('Refunds are available within 30 days of the appointment.', 'Refunds are available within 14 days of the visit.');
    assert.deepStrictEqual(segments, [
      { kind: 'same', text: 'Refunds are available within ' },
      { kind: 'removed', text: '30' },
      { kind: 'added', text: '14' },
      { kind: 'same', text: ' days of the ' },
      { kind: 'removed', text: 'appointment' },
      { kind: 'added', text: 'visit' },
      { kind: 'same', text: '.' },
    ]);
    assert.deepStrictEqual(diffStats(segments), { added: 2, removed: 2 });
  });

  it('reads several changed words in a row as one replacement', () => {
    const segments = check('one two three', 'uno dos three');
    assert.deepStrictEqual(segments, [
      { kind: 'removed', text: 'one two' },
      { kind: 'added', text: 'uno dos' },
      { kind: 'same', text: ' three' },
    ]);
    assert.deepStrictEqual(diffStats(segments), { added: 2, removed: 2 });
  });

  it('keeps the spaces around a pure insertion or deletion where they are', () => {
    const inserted = check('Book a cleaning today.', 'Book a dental cleaning online today.');
    assert.deepStrictEqual(diffStats(inserted), { added: 2, removed: 0 });
    assert.ok(inserted.some((s) => s.kind === 'added' && s.text.includes('dental')));
    assert.ok(!inserted.some((s) => s.kind === 'removed'));
    const deleted = check('We are open on Monday and Tuesday.', 'We are open on Monday.');
    assert.deepStrictEqual(diffStats(deleted), { added: 0, removed: 2 });
  });

  it('diffs punctuation as its own token', () => {
    const segments = check('Hello, world!', 'Hello world?');
    assert.deepStrictEqual(segments, [
      { kind: 'same', text: 'Hello' },
      { kind: 'removed', text: ',' },
      { kind: 'same', text: ' world' },
      { kind: 'removed', text: '!' },
      { kind: 'added', text: '?' },
    ]);
    assert.deepStrictEqual(diffStats(segments), { added: 1, removed: 2 });
  });

  it('handles accents, CJK and emoji without splitting characters', () => {
    const before = 'café naïve — 日本語です';
    const after = 'café naive — 日本語でした 🎉';
    const segments = check(before, after);
    assert.ok(segments.some((s) => s.kind === 'removed' && s.text.includes('naïve')));
    assert.ok(segments.some((s) => s.kind === 'added' && s.text.includes('🎉')));
    assert.ok(segments.some((s) => s.kind === 'same' && s.text.startsWith('café')));
    for (const s of segments) assert.ok(!/[\uD800-\uDBFF]$/.test(s.text) && !/^[\uDC00-\uDFFF]/.test(s.text), `split surrogate pair in ${JSON.stringify(s.text)}`);
  });

  it('shows whitespace-only changes, which change no word', () => {
    const spaces = check('a b', 'a  b');
    assert.deepStrictEqual(spaces, [
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: ' ' },
      { kind: 'added', text: '  ' },
      { kind: 'same', text: 'b' },
    ]);
    assert.deepStrictEqual(diffStats(spaces), { added: 0, removed: 0 });
    const newline = check('line one\nline two', 'line one line two\n');
    assert.deepStrictEqual(diffStats(newline), { added: 0, removed: 0 });
    assert.ok(newline.some((s) => s.kind !== 'same'));
  });

  it('empty and equal inputs', () => {
    assert.deepStrictEqual(wordDiff('', ''), []);
    assert.deepStrictEqual(wordDiff('same text', 'same text'), [{ kind: 'same', text: 'same text' }]);
    assert.deepStrictEqual(wordDiff('', 'new answer'), [{ kind: 'added', text: 'new answer' }]);
    assert.deepStrictEqual(wordDiff('old answer', ''), [{ kind: 'removed', text: 'old answer' }]);
    assert.deepStrictEqual(diffStats([]), { added: 0, removed: 0 });
    assert.deepStrictEqual(diffStats(wordDiff('', 'new answer')), { added: 2, removed: 0 });
  });

  describe('long texts', () => {
    const paragraph = (i: number) => `Paragraph ${i}: the clinic opens at eight and closes at six on weekdays.`;
    const long = Array.from({ length: 400 }, (_, i) => paragraph(i)).join('\n'); // ≈ 29,000 characters

    it('over 20,000 characters together falls back to a line diff', () => {
      const after = long.replace(paragraph(200), 'Paragraph 200: the clinic is closed on public holidays.');
      const started = Date.now();
      const { granularity, segments } = diffTexts(long, after);
      assert.ok(Date.now() - started < 1000);
      assert.strictEqual(granularity, 'line');
      assertWellFormed(segments, long, after);
      assert.deepStrictEqual(
        segments.filter((s) => s.kind !== 'same').map((s) => [s.kind, s.text]),
        [
          ['removed', paragraph(200) + '\n'],
          ['added', 'Paragraph 200: the clinic is closed on public holidays.\n'],
        ],
      );
    });

    it('under the limit it still diffs word by word', () => {
      const short = long.slice(0, 9000);
      const after = short.replace('Paragraph 50: the clinic opens at eight', 'Paragraph 50: the clinic opens at nine');
      const { granularity, segments } = diffTexts(short, after);
      assert.strictEqual(granularity, 'word');
      assertWellFormed(segments, short, after);
      assert.deepStrictEqual(diffStats(segments), { added: 1, removed: 1 });
    });

    it('two long and wholly different texts cannot stall the caller', () => {
      const words = (seed: number, n: number) => {
        let s = seed;
        const out: string[] = [];
        for (let i = 0; i < n; i++) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          out.push(`w${s % 5000}`);
        }
        return out.join(' ');
      };
      const a = words(1, 1500); // ≈ 9,000 characters each: under the word-diff limit
      const b = words(2, 1500);
      const started = Date.now();
      const { granularity, segments } = diffTexts(a, b);
      const ms = Date.now() - started;
      assert.ok(ms < 1000, `${ms} ms`);
      assert.notStrictEqual(granularity, 'word');
      assertWellFormed(segments, a, b);

      const huge = diffTexts(words(3, 100_000), words(4, 100_000)); // ≈ 1.2 MB on one line each
      assertWellFormed(huge.segments, words(3, 100_000), words(4, 100_000));
    });

    it('the limit and the time budget can be set', () => {
      assert.strictEqual(diffTexts('alpha beta', 'alpha gamma', { maxWordDiffChars: 5 }).granularity, 'line');
      assert.strictEqual(diffTexts('alpha beta', 'alpha gamma').granularity, 'word');
    });
  });
});
