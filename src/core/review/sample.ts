import { createHash } from 'crypto';
import { dateIn } from '../report/calendar';
import { allocate } from './allocation';
import type { LogLine } from './logReader';

/**
 * A reproducible sample of production lines. Each line in the date range gets a rank, the
 * sha256 of the seed and the line's own text; the sample is the lines of lowest rank (within
 * each stratum, by proportional allocation). Anyone with the log and the seed draws the same
 * sample again, whatever the order of the files, and another seed draws another. Only the
 * candidates of lowest rank are kept while the log streams: memory is bounded by the sample's
 * size times the number of strata, not by the log.
 */

export const SAMPLE_METHOD = 'seeded-hash-rank';
export const DEFAULT_SAMPLE_SIZE = 50;
/** More distinct values than this is not a stratum field (an id, a free-text column). */
export const MAX_STRATA = 500;
const NO_VALUE = '(none)';

export interface SampleOptions {
  size: number;
  seed: string;
  /** First and last calendar day, `YYYY-MM-DD`, both included, in `timeZone`. */
  since: string;
  until: string;
  /** IANA zone the days are counted in; undefined is the machine's own. */
  timeZone?: string;
  /** Stratify by this field. */
  stratify?: string;
  /** Share of the sample drawn first from flagged lines, 0–1. */
  oversampleFlagged?: number;
}

export interface SamplePick {
  file: string;
  line: number;
  /** The line's rank: hex sha256 of the seed and its text. */
  rank: string;
  stratum?: string;
  flagged: boolean;
  /** Drawn among the flagged lines first, not by the stratified rule. */
  oversampled: boolean;
  input: string;
  output: string;
  timestamp: string;
  latencyMs?: number;
  fields: Record<string, string>;
}

export interface StratumCount {
  /** Lines of the stratum within the range. */
  lines: number;
  picks: number;
}

export interface DrawnSample {
  method: string;
  /** How the method works, in words, so anyone can re-draw it by hand. */
  methodText: string;
  seed: string;
  size: number;
  since: string;
  until: string;
  timeZone?: string;
  stratify?: string;
  oversampleFlagged?: number;
  /** Lines read, and of them within the range. */
  population: { lines: number; inRange: number; flagged: number };
  strata?: Record<string, StratumCount>;
  picks: SamplePick[];
}

export class UnusableSample extends Error {}

export function lineRank(seed: string, raw: string): string {
  return createHash('sha256').update(seed).update('\n').update(raw).digest('hex');
}

/** Candidates of lowest rank, at most `limit`, kept in rank order. */
class LowestRanks {
  readonly items: SamplePick[] = [];
  constructor(private readonly limit: number) {}

  offer(pick: SamplePick): void {
    const items = this.items;
    if (this.limit === 0 || (items.length === this.limit && !before(pick, items[items.length - 1]))) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(items[mid], pick)) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, pick);
    if (items.length > this.limit) items.pop();
  }
}

/** Rank order; equal texts (the same line twice) by file and line. */
function before(a: SamplePick, b: SamplePick): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.file !== b.file) return a.file < b.file;
  return a.line < b.line;
}

export class SampleDrawer {
  private readonly strata = new Map<string, { lines: number; ranks: LowestRanks }>();
  private readonly flaggedRanks: LowestRanks;
  private readonly flaggedQuota: number;
  private lines = 0;
  private inRange = 0;
  private flagged = 0;

  constructor(private readonly o: SampleOptions) {
    if (!Number.isInteger(o.size) || o.size < 1) throw new UnusableSample('the sample size must be a whole number of at least 1');
    if (o.since > o.until) throw new UnusableSample(`the range starts (${o.since}) after it ends (${o.until})`);
    this.flaggedQuota = Math.round(o.size * (o.oversampleFlagged ?? 0));
    this.flaggedRanks = new LowestRanks(this.flaggedQuota);
  }

  offer(line: LogLine): void {
    this.lines++;
    const day = dateIn(new Date(line.time), this.o.timeZone);
    if (day < this.o.since || day > this.o.until) return;
    this.inRange++;
    const stratum = this.o.stratify === undefined ? '' : line.fields[this.o.stratify] || NO_VALUE;
    let s = this.strata.get(stratum);
    if (!s) {
      if (this.strata.size >= MAX_STRATA) throw new UnusableSample(`"${this.o.stratify}" has more than ${MAX_STRATA} different values: stratify by a field with a few (a channel, an intent)`);
      // Enough to fill its allocation after the flagged picks took theirs out of it.
      s = { lines: 0, ranks: new LowestRanks(this.o.size + this.flaggedQuota) };
      this.strata.set(stratum, s);
    }
    s.lines++;
    const pick: SamplePick = {
      file: line.file,
      line: line.line,
      rank: lineRank(this.o.seed, line.raw),
      ...(this.o.stratify !== undefined ? { stratum } : {}),
      flagged: line.flagged,
      oversampled: false,
      input: line.input,
      output: line.output,
      timestamp: line.timestamp,
      ...(line.latencyMs !== undefined ? { latencyMs: line.latencyMs } : {}),
      fields: line.fields,
    };
    s.ranks.offer(pick);
    if (line.flagged) {
      this.flagged++;
      this.flaggedRanks.offer(pick);
    }
  }

  finish(): DrawnSample {
    const key = (p: SamplePick) => `${p.file}\n${p.line}`;
    const oversampled = this.flaggedRanks.items.map((p) => ({ ...p, oversampled: true }));
    const taken = new Set(oversampled.map(key));
    const lines = new Map([...this.strata].map(([name, s]) => [name, s.lines]));
    const capacity = new Map([...this.strata].map(([name, s]) => [name, s.lines - oversampled.filter((p) => (p.stratum ?? '') === name).length]));
    const shares = allocate(lines, this.o.size - oversampled.length, capacity);
    const picks = [...oversampled];
    for (const [name, s] of this.strata) {
      const share = shares.get(name) ?? 0;
      picks.push(...s.ranks.items.filter((p) => !taken.has(key(p))).slice(0, share));
    }
    picks.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
    const strata =
      this.o.stratify === undefined
        ? undefined
        : Object.fromEntries([...this.strata].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, s]) => [name, { lines: s.lines, picks: picks.filter((p) => p.stratum === name).length }]));
    return {
      method: SAMPLE_METHOD,
      methodText: methodText(this.o),
      seed: this.o.seed,
      size: this.o.size,
      since: this.o.since,
      until: this.o.until,
      ...(this.o.timeZone ? { timeZone: this.o.timeZone } : {}),
      ...(this.o.stratify !== undefined ? { stratify: this.o.stratify } : {}),
      ...(this.o.oversampleFlagged ? { oversampleFlagged: this.o.oversampleFlagged } : {}),
      population: { lines: this.lines, inRange: this.inRange, flagged: this.flagged },
      ...(strata ? { strata } : {}),
      picks,
    };
  }
}

function methodText(o: SampleOptions): string {
  const parts = [
    `Each line answered from ${o.since} to ${o.until} (${o.timeZone ?? 'local time'}) is ranked by sha256(seed + "\\n" + the line's text), in hex; equal ranks by file and line.`,
  ];
  if (o.oversampleFlagged) parts.push(`First the ${Math.round(o.size * o.oversampleFlagged)} flagged lines of lowest rank.`);
  parts.push(
    o.stratify === undefined
      ? `The sample is the ${o.size} lines of lowest rank.`
      : `The rest is allocated over the values of "${o.stratify}" in proportion to their lines (largest remainder; each value at least one when the size allows), and each value's share is its lines of lowest rank.`,
  );
  return parts.join(' ');
}
