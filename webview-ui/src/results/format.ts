/** Numbers and times as the views print them. */

export const score = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(2));

export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

export const ms = (x: number | undefined): string => (x === undefined ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** "+0.04", "−0.10", "±0.00". */
export function signed(x: number, digits = 2): string {
  const text = Math.abs(x).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${x > 0 ? '+' : '−'}${text}`;
}

/** Percentage points: "+5.0 pts". */
export const points = (x: number): string => `${signed(x * 100, 1)} pts`;

/** "2026-11-23 10:15" in the viewer's time zone. */
export function time(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A digest or hash for people: 12 characters, without its algorithm. */
export const short = (hash: string | undefined, n = 12): string => (hash ? hash.replace(/^sha256:/, '').slice(0, n) : '—');

export const STATUS_GLYPH = { passed: '✓', failed: '✗', errored: '⚠' } as const;
