import { CHANGELOG_CATEGORIES, type ChangelogCategory, type ChangelogEntry } from '../workspace/changelog';
import type { ClientManifest } from '../workspace/schemas';

/**
 * Hours against the retainer, per calendar month. An entry belongs to the month written in its
 * date (`2027-01-31` is January, `2027-02-01` February): dates are calendar dates, never parsed
 * into a time zone. Sums are kept in hundredths of an hour (the precision the change log writes)
 * so 0.1 + 0.2 is 0.3, and money in cents.
 */

export type Retainer = NonNullable<ClientManifest['retainer']>;
export type HoursEntry = Pick<ChangelogEntry, 'date' | 'category' | 'hours'>;

export interface MonthHours {
  /** YYYY-MM */
  month: string;
  /** Hours per category; every category present, 0 when none. */
  byCategory: Record<ChangelogCategory, number>;
  total: number;
  entries: number;
  /** Undefined without a retainer: there is nothing to count against. */
  included?: number;
  remaining?: number;
  overage?: number;
  /** Overage × hourly rate, rounded to cents; undefined without a rate. */
  overageValue?: number;
  currency?: string;
  /**
   * Why the month's hours are no figure (its 0 would read as no work done): no change log was
   * read, it has no entry yet, or the month is before its first entry. Undefined when `total` is
   * the month's hours.
   */
  unread?: string;
}

/** `YYYY-MM` of a `YYYY-MM-DD` calendar date, by its text. */
export function monthOfDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`'${date}' is not a YYYY-MM-DD date`);
  return date.slice(0, 7);
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [y, m] = parseMonth(month);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instant `month` ends on the machine's clock, the next month's first midnight, as `monthOf` places instants in months. */
export function monthEndInstant(month: string): Date {
  const [y, m] = parseMonth(month);
  return new Date(y, m, 1);
}

/** Every month from `from` to `to`, both included; empty when `from` is after `to`. */
export function monthRange(from: string, to: string): string[] {
  const [fy, fm] = parseMonth(from);
  const [ty, tm] = parseMonth(to);
  const count = ty * 12 + tm - (fy * 12 + fm) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addMonths(from, i));
}

/**
 * One month's hours against the retainer; a month without entries has 0 hours and the whole
 * allowance remaining, unless it is `unread`. `changelogRead`: whether the client has a change log
 * the entries came from.
 */
export function hoursForMonth(entries: readonly HoursEntry[], retainer: Retainer | undefined, month: string, changelogRead = true): MonthHours {
  return monthlyHours(entries, retainer, month, month, changelogRead)[0];
}

/** The hours of each month from `from` to `to` (YYYY-MM, inclusive), months without entries included. */
export function monthlyHours(entries: readonly HoursEntry[], retainer: Retainer | undefined, from: string, to: string, changelogRead = true): MonthHours[] {
  const first = entries.reduce<string | undefined>((min, e) => (min === undefined || e.date < min ? e.date : min), undefined);
  const buckets = new Map<string, { h100: Record<ChangelogCategory, number>; entries: number }>();
  for (const month of monthRange(from, to)) buckets.set(month, { h100: zeroByCategory(), entries: 0 });
  for (const e of entries) {
    const b = buckets.get(monthOfDate(e.date));
    if (!b) continue;
    b.h100[e.category] += hundredths(e.hours);
    b.entries++;
  }
  return [...buckets.entries()].map(([month, b]) => {
    const totalH = CHANGELOG_CATEGORIES.reduce((s, c) => s + b.h100[c], 0);
    const byCategory = zeroByCategory();
    for (const c of CHANGELOG_CATEGORIES) byCategory[c] = b.h100[c] / 100;
    const out: MonthHours = { month, byCategory, total: totalH / 100, entries: b.entries };
    const unread = !changelogRead ? 'no change log was read' : first === undefined ? 'the change log has no entry yet' : month < monthOfDate(first) ? `before the change log's first entry (${first})` : undefined;
    if (unread) out.unread = unread;
    if (retainer) {
      const includedH = hundredths(retainer.includedHours);
      const overH = Math.max(0, totalH - includedH);
      out.included = includedH / 100;
      out.remaining = Math.max(0, includedH - totalH) / 100;
      out.overage = overH / 100;
      if (retainer.hourlyRate !== undefined) out.overageValue = Math.round((overH * Math.round(retainer.hourlyRate * 100)) / 100) / 100;
      if (retainer.currency !== undefined) out.currency = retainer.currency;
    }
    return out;
  });
}

/** Hours in hundredths: the change log's own precision. */
function hundredths(hours: number): number {
  return Math.round(hours * 100);
}

function zeroByCategory(): Record<ChangelogCategory, number> {
  return Object.fromEntries(CHANGELOG_CATEGORIES.map((c) => [c, 0])) as Record<ChangelogCategory, number>;
}

function parseMonth(month: string): [number, number] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`'${month}' is not a YYYY-MM month`);
  return [Number(m[1]), Number(m[2])];
}
