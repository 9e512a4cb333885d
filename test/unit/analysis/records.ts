import type { CaseResult, RunRecord } from '../../../src/core/store/runRecord';
import { summarize } from '../../../src/core/store/summary';
import { caseResult, header } from '../helpers/records';

/** A case with a given status, score and output, built on the journal tests' `caseResult`. */
export function outcome(id: string, status: CaseResult['status'], options: { score?: number; output?: string } = {}): CaseResult {
  const pass = status === 'passed';
  const c = caseResult(id, pass);
  const score = options.score ?? (pass ? 1 : 0);
  const attempt = { ...c.attempts[0], output: options.output ?? `answer ${id}`, score, pass };
  if (status === 'errored') {
    attempt.output = '';
    attempt.error = 'connect ECONNREFUSED 127.0.0.1:11434';
  }
  return { ...c, status, score, attempts: [attempt] };
}

/** A complete run record of the journal tests' eval set holding `cases`. */
export function run(id: string, cases: CaseResult[], change: (r: RunRecord) => void = () => undefined): RunRecord {
  const record: RunRecord = { ...header(id), endedAt: '2026-11-23T10:01:00.000Z', status: 'complete', cases, summary: summarize(cases) };
  record.model = { ...record.model };
  change(record);
  return record;
}
