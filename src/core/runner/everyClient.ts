import { everyClientSummary, type ClientBreach } from '../analysis/figures';
import { breaches } from '../analysis/series';
import { clientServers } from '../providers/factory';
import type { RunRecord } from '../store/runRecord';
import type { EvalSet } from '../workspace/evalSet';
import type { Client } from '../workspace/loadWorkspace';
import { runPerServer } from './perServer';

/** One eval set of one client, as a book of clients runs it. */
export interface SetJob {
  client: Client;
  set: EvalSet;
}

/** A set that did not run, and why, in the words every surface shows. */
export interface SetNotRun {
  client: string;
  set: string;
  message: string;
}

/** What running a book of clients did: Run Every Client in VS Code and `upkeep run <workspace>`. */
export interface EveryClientRun<O> {
  /** In the order of the jobs (client by client, set by set), whichever server finished first. */
  outcomes: O[];
  notRun: SetNotRun[];
  breaches: ClientBreach[];
  cancelled: boolean;
  /** "6 sets of 3 clients: 2 breaches. Acme Dental · Front desk: pass rate 85.7% < 90% threshold (−4.3 pts); …" */
  message: string;
}

export interface EveryClientOptions<O> {
  /** Runs one set (the caller's one run path, with its settings, key and progress). */
  run(job: SetJob): Promise<O>;
  /** Why a set's run failed, and whether the client's other sets cannot run either (its server is down, the model missing). */
  whyNotRun(e: unknown): { message: string; unavailable: boolean };
  signal: AbortSignal;
  /** After each set, whether it ran, did not, or was cancelled (neither given). */
  onSettled?(job: SetJob, settled: { outcome?: O; notRun?: SetNotRun }): void;
}

const SKIPPED = 'skipped: its model could not be reached for the set before it';

/** Every eval set of every client whose client.yaml validates, client by client. */
export function everyClientJobs(clients: readonly Client[]): SetJob[] {
  return clients.filter((c) => c.manifest).flatMap((client) => client.evalSets.map((set) => ({ client, set })));
}

/**
 * Runs the jobs one set at a time per server and servers side by side (`runPerServer`). A set
 * whose server is down or lacks the model skips the client's other sets; the breaches and the
 * sets that did not run are collected for one summary at the end.
 */
export async function runEveryClient<O extends { record: RunRecord }>(jobs: readonly SetJob[], o: EveryClientOptions<O>): Promise<EveryClientRun<O>> {
  const outcomes = new Map<SetJob, O>();
  const notRun: SetNotRun[] = [];
  const unavailable = new Set<string>();
  const skip = (job: SetJob, message: string): void => {
    const n = { client: job.client.name, set: job.set.name, message };
    notRun.push(n);
    o.onSettled?.(job, { notRun: n });
  };
  await runPerServer(
    jobs,
    ({ client }) => clientServers(client.manifest!, client.dir),
    async (job) => {
      if (unavailable.has(job.client.id)) return skip(job, SKIPPED);
      try {
        const outcome = await o.run(job);
        outcomes.set(job, outcome);
        o.onSettled?.(job, { outcome });
      } catch (e) {
        if (o.signal.aborted) return o.onSettled?.(job, {});
        const why = o.whyNotRun(e);
        if (why.unavailable) unavailable.add(job.client.id);
        skip(job, why.message);
      }
    },
    () => o.signal.aborted,
  );
  const ran = jobs.filter((j) => outcomes.has(j));
  const found = ran.flatMap((j) => breaches(outcomes.get(j)!.record.summary, j.client.manifest?.thresholds).map((breach) => ({ client: j.client.name, set: j.set.name, breach })));
  const cancelled = o.signal.aborted;
  const clients = new Set(ran.map((j) => j.client.id)).size;
  return { outcomes: ran.map((j) => outcomes.get(j)!), notRun, breaches: found, cancelled, message: everyClientSummary({ sets: ran.length, clients, breaches: found, notRun: notRun.length, cancelled }) };
}
