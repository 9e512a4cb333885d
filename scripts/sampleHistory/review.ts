// The sample-history stage `review`: Fernhill's October 2026 production review, finished on 30
// October (CHANGELOG "October review", 0.75 h). It writes the month's log (production/), draws
// and grades the sample through the same core as `upkeep sample` (seeded, stratified by channel),
// and saves a verdict for every pick through verdicts.ts, flagging the answers the log's
// generator made wrong, with the reviewer's reason and note.
import { promises as fs } from 'fs';
import * as path from 'path';
import { drawMonthlySample } from '../../src/core/review/monthlySample';
import { REVIEWS_DIR, verdictFile } from '../../src/core/review/reviewFiles';
import { pickId } from '../../src/core/review/sampleStore';
import { appendReviewLine } from '../../src/core/review/verdicts';
import type { Client } from '../../src/core/workspace/loadWorkspace';
import { productionLog } from './productionLog';
import { removeStageRuns } from './stageRuns';

const MONTH = '2026-10';
const SEED = 'fernhill-2026-10';
/** 30 October, 09:05 in Bend. */
const DRAWN_AT = Date.parse('2026-10-30T16:05:00Z');
/** The review's 45 minutes, as the view records them: a few stretches of time in use. */
const STRETCHES_MIN = [18, 15, 12];

export async function sampleReview(client: Client): Promise<string> {
  const logs = path.join(client.dir, 'production');
  // What this stage wrote before: the log, the review files and the sample runs.
  await fs.rm(logs, { recursive: true, force: true });
  await fs.rm(path.join(client.dir, REVIEWS_DIR), { recursive: true, force: true });
  await removeStageRuns(client.dir, 'sample');
  const lines = productionLog(2026_10, `${MONTH}-01`, 29);
  await fs.mkdir(logs, { recursive: true });
  await fs.writeFile(path.join(logs, `${MONTH}.jsonl`), lines.map((l) => `${l.json}\n`).join(''));
  const flags = new Map(lines.map((l, i) => [i + 1, l.flag]));

  const { sample, graded } = await drawMonthlySample(client, {
    seed: SEED,
    since: `${MONTH}-01`,
    until: `${MONTH}-31`,
    timeZone: 'America/Los_Angeles',
    now: new Date(DRAWN_AT),
    run: { trigger: 'script', clock: () => new Date(DRAWN_AT) },
  });

  // The suspicious ones first, as the view orders them, then a verdict a minute or so apart.
  const failed = new Set((graded?.record.cases ?? []).filter((c) => c.status !== 'passed').map((c) => c.id));
  const picks = [...sample.picks].sort((a, b) => Number(failed.has(pickId(b))) - Number(failed.has(pickId(a))));
  const file = verdictFile(client.dir, MONTH);
  const start = DRAWN_AT + 5 * 60_000;
  const reviewMs = STRETCHES_MIN.reduce((n, m) => n + m, 0) * 60_000;
  let flagged = 0;
  for (const [i, p] of picks.entries()) {
    const at = new Date(start + Math.round(((i + 1) * reviewMs) / (picks.length + 1) / 1000) * 1000).toISOString();
    const flag = flags.get(p.line);
    if (flag) flagged++;
    await appendReviewLine(file, flag ? { type: 'verdict', at, item: pickId(p), verdict: 'flag', reason: flag.reason, note: flag.note } : { type: 'verdict', at, item: pickId(p), verdict: 'accept' });
  }
  let elapsed = 0;
  for (const minutes of STRETCHES_MIN) {
    elapsed += minutes;
    await appendReviewLine(file, { type: 'time', at: new Date(start + elapsed * 60_000).toISOString(), ms: minutes * 60_000 });
  }
  // The change log's "October review" entry is the time logged.
  await appendReviewLine(file, { type: 'logged', at: new Date(start + elapsed * 60_000).toISOString(), minutes: elapsed });
  return `${lines.length} production lines, ${sample.picks.length} sampled, ${flagged} flagged, ${graded ? `run ${graded.record.id}` : 'not graded'}`;
}
