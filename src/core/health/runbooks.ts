import * as path from 'path';
import * as z from 'zod';
import type { Runbook } from '../workspace/loadWorkspace';

/**
 * What a runbook can declare it covers, in its front matter (`covers: [model-down, slow]`): the
 * health check's problem kinds and a failed eval run's quality breach.
 */
export const RUNBOOK_TOPICS = ['model-down', 'slow', 'digest-changed', 'judge-missing', 'quality-breach'] as const;
export type RunbookTopic = (typeof RUNBOOK_TOPICS)[number];

export const runbookFrontMatterSchema = z.looseObject({
  covers: z.array(z.enum(RUNBOOK_TOPICS)).optional().describe(`What this runbook is for: ${RUNBOOK_TOPICS.join(', ')}.`),
});

/**
 * The runbook for a failure: the first (in file order) that declares it covers it; failing that,
 * one named after it (`runbooks/model-down.md`), so a folder written before `covers:` still works.
 */
export function chooseRunbook(runbooks: readonly Runbook[], topic: RunbookTopic): Runbook | undefined {
  return runbooks.find((r) => r.covers?.includes(topic)) ?? runbooks.find((r) => path.basename(r.file, '.md').toLowerCase() === topic);
}
