/** How the dashboard writes numbers, times and money. All output is plain text. */

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function score(x: number): string {
  return x.toFixed(2);
}

export function ms(x: number | undefined): string {
  if (x === undefined) return '—';
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

/** "1.75", "2", "0.5": hours as the change log writes them. */
export function hours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

export function money(value: number, currency: string | undefined): string {
  if (currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' }).format(value).replace(/\u00a0/g, ' ');
    } catch {
      // An unknown code: plain numbers below.
    }
  }
  return `${value.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time, or a YYYY-MM-DD calendar date (kept as written), as a local date. */
export function day(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-11-20 10:30" in local time; a calendar date stays a date. */
export function dateTime(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${day(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Seconds since the epoch, as uPlot's time scale wants them. A calendar date is placed at its local noon. */
export function epochSeconds(at: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(at);
  const t = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12).getTime() : Date.parse(at);
  return t / 1000;
}

/** "today", "yesterday", "5 days ago" from `now`. */
export function ago(at: string, now: string): string {
  const days = Math.floor((Date.parse(now) - Date.parse(at)) / 86_400_000);
  if (Number.isNaN(days)) return '';
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** "November 2026" from "2026-11". */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Date(Number(m[1]), Number(m[2]) - 1, 1).toLocaleString('en', { month: 'long', year: 'numeric' });
}

export function shortDigest(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '';
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
