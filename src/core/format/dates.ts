/**
 * Dates for people, on the engineer's own clock. Pure (no Node, no VS Code): the extension, the
 * CLI and the webview bundles share it. A YYYY-MM-DD calendar date (a change-log entry's) has no
 * time zone and is kept as written.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23": the local calendar date of a moment. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An ISO time as its local date; a calendar date stays as written; text that is neither too. */
export function day(at: string): string {
  if (CALENDAR_DATE.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : localDate(d);
}

/** "2026-11-20 10:30" in local time; a calendar date stays a date. */
export function dateTime(at: string): string {
  if (CALENDAR_DATE.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Seconds since the epoch (a chart's time scale). A calendar date is placed at its local noon. */
export function epochSeconds(at: string): number {
  const m = CALENDAR_DATE.exec(at);
  const t = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12).getTime() : Date.parse(at);
  return t / 1000;
}

/** Whole days from `at` to `now` (both ISO times); undefined when either does not parse. */
export function daysBetween(at: string, now: string): number | undefined {
  const days = Math.floor((Date.parse(now) - Date.parse(at)) / DAY_MS);
  return Number.isNaN(days) ? undefined : days;
}

/** "today", "yesterday", "5 days ago" from `now`; "" when a time does not parse. */
export function ago(at: string, now: string): string {
  const days = daysBetween(at, now);
  if (days === undefined) return '';
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** "November 2026" from "2026-11"; anything else as given. */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Date(Number(m[1]), Number(m[2]) - 1, 1).toLocaleString('en', { month: 'long', year: 'numeric' });
}
