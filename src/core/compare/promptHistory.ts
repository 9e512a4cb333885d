import { promises as fs } from 'fs';
import * as path from 'path';
import { countsAsScore, runFacts } from '../history/runsThatCount';
import { sha256 } from '../runner/runEvalSet';
import { readRunRecord } from '../store/readRuns';
import { listRunFiles } from '../store/runLookup';
import type { RunRecord } from '../store/runRecord';
import { writeAtomically } from '../util/atomicWrite';
import type { Client } from '../workspace/loadWorkspace';

/** One production run of a prompt version: what the version's line lists. */
export interface PromptRun {
  id: string;
  file: string;
  evalSet: string;
  startedAt: string;
  score: number;
  passRate: number;
}

/** A system prompt production ran with (or the working file, when it differs from the last run's). */
export interface PromptVersion {
  sha256: string;
  text: string;
  /** Its production runs that are a set's score, newest first; empty for a working file never run. */
  runs: PromptRun[];
  /** The lowest and highest score of those runs; undefined when it has none. */
  scores?: { min: number; max: number };
  /** The system prompt file holds this text now. */
  working: boolean;
}

/**
 * Every system prompt production ran with, newest first (by its newest run), each with its runs
 * and their score range. Only runs that are a set's score count (countsAsScore): a candidate's
 * prompt, a sample or a run that stopped short is not a version production had. The working
 * file comes first, unrun, when it differs from the prompt of the newest run.
 */
export function promptVersions(records: readonly { file: string; record: RunRecord }[], workingText: string | undefined): PromptVersion[] {
  const bySha = new Map<string, PromptVersion>();
  const newestFirst = records.filter((r) => countsAsScore(runFacts(r.record))).sort((a, b) => b.record.startedAt.localeCompare(a.record.startedAt));
  for (const { file, record } of newestFirst) {
    const { sha256: sha, text } = record.systemPrompt;
    const version = bySha.get(sha) ?? { sha256: sha, text, runs: [], working: false };
    bySha.set(sha, version);
    const s = record.summary.score;
    version.runs.push({ id: record.id, file, evalSet: record.evalSet.name, startedAt: record.startedAt, score: s, passRate: record.summary.passRate });
    version.scores = version.scores ? { min: Math.min(version.scores.min, s), max: Math.max(version.scores.max, s) } : { min: s, max: s };
  }
  const versions = [...bySha.values()];
  if (workingText === undefined) return versions;
  const workingSha = sha256(workingText);
  const ran = bySha.get(workingSha);
  if (ran) {
    ran.working = true;
    return versions;
  }
  return [{ sha256: workingSha, text: workingText, runs: [], working: true }, ...versions];
}

/** A client's prompt versions from its run records and its system prompt file. */
export async function readPromptHistory(client: Client): Promise<PromptVersion[]> {
  const records: { file: string; record: RunRecord }[] = [];
  for (const file of await listRunFiles(client.dir)) {
    const read = await readRunRecord(file);
    if (read.ok) records.push({ file, record: read.record });
  }
  const working = client.systemPromptFile ? await fs.readFile(client.systemPromptFile, 'utf8').catch(() => undefined) : undefined;
  return promptVersions(records, working);
}

/**
 * A version's text as a file in the client folder (`prompts/<hash>.md`), so a candidate can name
 * it as client.yaml's path rule requires and its comparison record can be reopened later. Written
 * once; the same text always lands in the same file. Returns the path relative to the client folder.
 */
export async function promptVersionFile(client: Client, version: Pick<PromptVersion, 'sha256' | 'text'>): Promise<string> {
  const relative = `prompts/${version.sha256.slice(0, 12)}.md`;
  const file = path.join(client.dir, relative);
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== version.text) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeAtomically(file, version.text);
  }
  return relative;
}
