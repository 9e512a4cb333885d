/** Numbers and times as the results views print them: core's formatters, shared with the dashboard, the extension and the CLI. */
import { shortDigest } from '../../../src/core/format/numbers';

export { dateTime as time } from '../../../src/core/format/dates';
export { ms, percent, points, pointsChange, score, scoreChange, shownDifference, signed } from '../../../src/core/format/numbers';

/** A digest or hash for people: 12 characters, without its algorithm; "—" when there is none. */
export const short = (hash: string | undefined, n = 12): string => shortDigest(hash, n) || '—';

export const STATUS_GLYPH = { passed: '✓', failed: '✗', errored: '⚠' } as const;
