// How much of an answer is kept. A runaway model can stream megabytes (fourteen 10 MiB answers
// made a 140 MiB record and about 1 GB of memory); the run keeps the first `maxAnswerChars`
// characters, counts the rest, and the record and the results view say the answer was cut.

/** 100,000 characters: more than any answer a model gives within a usual context window. */
export const DEFAULT_MAX_ANSWER_CHARS = 100_000;

/** The first `max` UTF-16 code units of `text`, never splitting a surrogate pair. */
export function firstChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** An answer arriving in pieces: keeps at most `max` characters of it and counts them all. */
export class AnswerBuffer {
  private kept = '';
  private length = 0;

  constructor(private readonly max = DEFAULT_MAX_ANSWER_CHARS) {}

  add(piece: string): void {
    this.length += piece.length;
    if (this.kept.length < this.max) this.kept = firstChars(this.kept + piece, this.max);
  }

  get text(): string {
    return this.kept;
  }

  /** The whole answer's length, when more arrived than was kept. */
  get cutFrom(): number | undefined {
    return this.length > this.kept.length ? this.length : undefined;
  }
}
