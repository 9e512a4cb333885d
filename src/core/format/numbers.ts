/**
 * How Upkeep writes figures for people: scores, rates, hours, money, latencies and changes. Pure
 * (no Node, no VS Code), so the extension, the CLI and the webview bundles share one copy. A
 * change is computed from the figures as shown, so "0.99 → 0.95" always reads "−0.04".
 */

/** "0.82"; "—" when there is none. */
export function score(x: number | undefined): string {
  return x === undefined ? '—' : x.toFixed(2);
}

/** 0.857 → "85.7%", 0.9 → "90%": one decimal, none when it is zero. */
export function percent(x: number): string {
  return `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** "850 ms", "12.3 s"; "—" when there is none. */
export function ms(x: number | undefined): string {
  if (x === undefined) return '—';
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

/** "1.75", "2", "0.5": hours as the change log writes them. */
export function hours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** "AUD 405.00" (the code, then the amount); plain "405.00 XYZ" for a code Intl does not know. */
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

/** "+0.04", "−0.10", "±0.00": a number that is already a difference, at `digits` decimals. */
export function signed(x: number, digits = 2): string {
  const text = Math.abs(x).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${x > 0 ? '+' : '−'}${text}`;
}

/** Percentage points from a difference of rates: "+5 pts", "−4.3 pts" (one decimal, as percent writes rates). */
export function points(x: number): string {
  return `${signed(x * 100, 1).replace(/\.0$/, '')} pts`;
}

/** The difference between two figures as each is shown at `digits` decimals. */
export function shownDifference(from: number, to: number, digits = 2): number {
  const f = 10 ** digits;
  return (Math.round(to * f) - Math.round(from * f)) / f;
}

/** "−0.04" for 0.994 → 0.954, shown as 0.99 and 0.95: the change between the scores as shown. */
export function scoreChange(from: number, to: number): string {
  return signed(shownDifference(from, to, 2), 2);
}

/** "+5 pts" between two rates as shown (85.7% → 90.7%). */
export function pointsChange(from: number, to: number): string {
  return points(shownDifference(from, to, 3));
}

/** "▲0.05", "▼0.03" between two scores as shown; undefined when they show the same (never "▲0.00"). */
export function scoreArrow(from: number, to: number): string | undefined {
  const d = shownDifference(from, to, 2);
  if (d === 0) return undefined;
  return `${d > 0 ? '▲' : '▼'}${Math.abs(d).toFixed(2)}`;
}

/** "3 cases", "1 case". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A digest or hash for people: 12 characters, without its algorithm; "" when there is none. */
export function shortDigest(digest: string | undefined, n = 12): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, n) : '';
}

/** A span for people: "45 min", "3 h 20 min", "2 d 4 h" (rounded to the minute). */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (d > 0) return h ? `${d} d ${h} h` : `${d} d`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
