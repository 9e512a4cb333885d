// Production-review samples for tests, built in one place so a change to the stored format
// changes one builder, not every test that needs a sample.
import type { SamplePick } from '../../../src/core/review/sample';
import type { StoredSample } from '../../../src/core/review/sampleStore';

/** The answer on line `line` of the month's production log: `question N`, `answer N`, unflagged. */
export function samplePick(month: string, line: number, over: Partial<SamplePick> = {}): SamplePick {
  return { file: `production/${month}.jsonl`, line, rank: 'r', flagged: false, oversampled: false, input: `question ${line}`, output: `answer ${line}`, timestamp: `${month}-02T10:00:00Z`, fields: {}, ...over };
}

/** A month's stored sample of `picks`, drawn from a log of 100 lines, with nothing else of note. */
export function storedSample(month: string, picks: SamplePick[], over: Partial<StoredSample> = {}): StoredSample {
  return {
    version: 1,
    month,
    drawnAt: '',
    method: 'seeded-hash-rank',
    methodText: '',
    seed: 's',
    size: picks.length,
    since: `${month}-01`,
    until: `${month}-28`,
    population: { lines: 100, inRange: 100, flagged: 0 },
    picks,
    files: [],
    problems: { count: 0, first: [] },
    ...over,
  };
}
