// What a run record's format fixes besides its schemas, for code that writes records or names
// purposes: importing the zod schemas (runRecord.ts) builds them, a few milliseconds of every CLI
// run, which reads no record unless it recovers a journal.

export const RUN_RECORD_VERSION = 1;

/**
 * Why a run was made: `production` (the client's configured model and prompt), `candidate` (another
 * model, host, options or prompt tried against production), `sample` (recorded production answers
 * scored for the monthly review). Only production runs make a set's score, trend and baselines
 * (src/core/history/runsThatCount.ts); records written before the field existed are production.
 */
export const RUN_PURPOSES = ['production', 'candidate', 'sample'] as const;
export type RunPurpose = (typeof RUN_PURPOSES)[number];
