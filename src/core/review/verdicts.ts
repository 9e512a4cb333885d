import { promises as fs } from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { FLAG_REASONS } from './reasons';

/**
 * The review's verdicts, `reviews/YYYY-MM.jsonl`: one line appended as each verdict is made (a
 * later line for the same item replaces the earlier), so closing the view or VS Code loses
 * nothing and reopening resumes. Lines of time in use add up to the minutes the change-log
 * entry is pre-filled with. A torn last line (a write cut short) is skipped, not fatal.
 */

export { FLAG_REASONS, type FlagReason } from './reasons';

export const verdictLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('verdict'),
    at: z.string(),
    /** The pick's case id (`pickId`). */
    item: z.string(),
    verdict: z.enum(['accept', 'flag']),
    reason: z.enum(FLAG_REASONS).optional(),
    note: z.string().optional(),
  }),
  z.object({ type: z.literal('promoted'), at: z.string(), item: z.string(), set: z.string(), caseId: z.string() }),
  z.object({ type: z.literal('time'), at: z.string(), ms: z.number().nonnegative() }),
  z.object({ type: z.literal('logged'), at: z.string(), minutes: z.number().nonnegative() }),
]);
export type VerdictLine = z.infer<typeof verdictLineSchema>;
export type Verdict = Extract<VerdictLine, { type: 'verdict' }>;
export type Promotion = Extract<VerdictLine, { type: 'promoted' }>;

export interface ReviewState {
  /** The latest verdict of each item. */
  verdicts: Map<string, Verdict>;
  promotions: Promotion[];
  /** Time the view was in use, in milliseconds. */
  activeMs: number;
  /** The review's time was already logged in the change log. */
  logged: boolean;
  /** Lines that did not read (1-based). */
  unread: number[];
}

export function readReviewText(text: string): ReviewState {
  const state: ReviewState = { verdicts: new Map(), promotions: [], activeMs: 0, logged: false, unread: [] };
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let parsed: ReturnType<typeof verdictLineSchema.safeParse>;
    try {
      parsed = verdictLineSchema.safeParse(JSON.parse(raw));
    } catch {
      state.unread.push(i + 1);
      return;
    }
    if (!parsed.success) {
      state.unread.push(i + 1);
      return;
    }
    const line = parsed.data;
    if (line.type === 'verdict') state.verdicts.set(line.item, line);
    else if (line.type === 'promoted') state.promotions.push(line);
    else if (line.type === 'time') state.activeMs += line.ms;
    else state.logged = true;
  });
  return state;
}

export async function readReview(file: string): Promise<ReviewState> {
  try {
    return readReviewText(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return readReviewText('');
    throw e;
  }
}

/** Appends one line; a torn last line is closed first so the new one reads. */
export async function appendReviewLine(file: string, line: VerdictLine): Promise<void> {
  const checked = verdictLineSchema.parse(line);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await handle.appendFile(`${lead}${JSON.stringify(checked)}\n`);
  } finally {
    await handle.close();
  }
}
