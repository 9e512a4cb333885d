import { addMonths, monthEndInstant } from '../analysis/hours';

/**
 * Which calendar day and month an instant falls on, on the engineer's clock. A run at
 * 2026-10-31T20:00Z is October in Samoa (UTC−11) and November in Kiribati (UTC+14): the report
 * puts a run in the month the engineer would say it ran. Change-log dates are calendar dates
 * already and are never shifted. `timeZone` is an IANA name; undefined is the machine's own zone.
 */

/** How many months the trend chart and the hours table look back, this month included. */
export const TREND_MONTHS = 6;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, f);
  }
  return f;
}

/** `YYYY-MM-DD` of an ISO instant (or a Date) in `timeZone`. */
export function dateIn(instant: string | Date, timeZone?: string): string {
  const parts = formatter(timeZone).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Throws a RangeError for a zone Intl does not know, so bad input is said before anything is read. */
export function checkTimeZone(timeZone: string | undefined): void {
  formatter(timeZone);
}

/** Why `timeZone` cannot be used, in the words every command says it, or undefined when it can. */
export function timeZoneProblem(timeZone: string | undefined): string | undefined {
  try {
    checkTimeZone(timeZone);
    return undefined;
  } catch {
    return `'${timeZone}' is not a time zone Intl knows (an IANA name such as Australia/Sydney)`;
  }
}

/** `YYYY-MM` that `now` falls in, on the engineer's clock. */
export function monthIn(now: Date, timeZone?: string): string {
  return dateIn(now, timeZone).slice(0, 7);
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s clock is ahead of UTC at the instant `t` (ms since the epoch). */
function offsetAt(t: number, timeZone: string): number {
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clocks.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant `month` ends on the engineer's clock: the next month's first midnight in
 * `timeZone` (the machine's zone when undefined), as `dateIn` places instants in months.
 */
export function monthEndIn(month: string, timeZone?: string): Date {
  if (timeZone === undefined) return monthEndInstant(month);
  const next = addMonths(month, 1);
  const midnight = Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 1);
  // The offset in force at that midnight: asked twice, since a clock change may lie between the guess and it.
  const guess = midnight - offsetAt(midnight, timeZone);
  return new Date(midnight - offsetAt(guess, timeZone));
}

/** Why `text` is not a `YYYY-MM` month, or undefined when it is one. */
export function monthProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return `'${text}' is not a month: write it as YYYY-MM, e.g. 2026-10`;
  if (Number(m[2]) < 1 || Number(m[2]) > 12) return `'${text}' is not a month: the month must be 01 to 12`;
  return undefined;
}

/**
 * Why `text` cannot be the month a report or `upkeep status --month` is for: not `YYYY-MM`, or a
 * month that has not begun yet on the engineer's clock (`now` in `timeZone`). Undefined when it can.
 */
export function monthToShowProblem(text: string, now: Date, timeZone?: string): string | undefined {
  const problem = monthProblem(text);
  if (problem) return problem;
  const today = dateIn(now, timeZone);
  return text > today.slice(0, 7) ? `${text} has not begun yet (today is ${today} on this clock)` : undefined;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "October 2026". */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** "8 Oct" from `2026-10-08`: the short form the narrative uses. */
export function shortDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1].slice(0, 3)}`;
}

/** The month a report is usually wanted for: last month during the first week of a month, else this month. */
export function defaultReportMonth(now: Date, timeZone?: string): string {
  const today = dateIn(now, timeZone);
  const month = today.slice(0, 7);
  return Number(today.slice(8, 10)) > 7 ? month : addMonths(month, -1);
}
