/** How the dashboard writes numbers, times and money: core's formatters, shared with the extension and the CLI. */
export { ago, dateTime, day, epochSeconds, monthName } from '../../../src/core/format/dates';
export { hours, money, ms, percent, plural, score, shortDigest } from '../../../src/core/format/numbers';
