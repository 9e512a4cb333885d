import * as vscode from 'vscode';
import { plural } from '../../core/format/numbers';
import { ATTENTION_WORDS, needingAttention, SHOW_LOG, SHOW_RESULTS, SHOW_RESULTS_PICK, summaryActions, type NeedsAttention, type RanSet } from '../../core/runner/bookAttention';
import { BookProgress } from '../../core/runner/bookProgress';
import type { EveryClientRun, SetJob } from '../../core/runner/everyClient';
import type { EvalSet } from '../../core/workspace/evalSet';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';
import { mayRunSets, runSet, SetNotRunError } from '../runSets';
import { outcomeText, type AnnouncedOutcome } from './runEvalSet';

/**
 * What Run Every Client did: each run (with its line in the log), the sets that could not run, the
 * summary shown, the sets it offers to open (worst first) with its buttons, and the way to answer
 * it as those buttons do (the integration tests use it).
 */
export type EveryClientOutcome = EveryClientRun<AnnouncedOutcome> & { attention: NeedsAttention[]; actions: string[]; choose(action: string): Promise<void> };

/** How far one client is, for its part of the progress line. */
interface ClientProgress {
  name: string;
  done: number;
  total: number;
  failing: number;
  notRun: number;
}

/**
 * "Upkeep: Run Every Client": every eval set of every client whose client.yaml validates, through
 * the same `runSet` as Run Eval Set, under one progress notification with a part per client and
 * Cancel. Sets on one server run one after another and servers run side by side (core `runEveryClient`, as `upkeep run` on a workspace).
 * A server that is down or lacks the model skips the client's other sets. The end is one summary
 * of the breaches; each set's own end-of-run line goes to the log. An API caller may pass a
 * CancellationToken, which cancels like the notification's button.
 */
export function runEveryClientCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<EveryClientOutcome | undefined> => {
    if (!mayRunSets()) return undefined;
    const model = await ctx.ready();
    const clients = model.clients.filter((c) => c.manifest && c.evalSets.length > 0);
    if (clients.length === 0) {
      void vscode.window.showInformationMessage('No client with eval sets to run in this workspace yet.');
      return undefined;
    }
    const runner = loadRunner();
    const channel = log();
    const jobs = runner.everyClientJobs(clients);
    const previous = new Map(jobs.map(({ client, set }) => [key(client, set), ctx.setRuns(client, set.id).last?.summary]));
    // The bar and each client's count go by the cases that will actually run: a skipped or stopped set leaves the total.
    const book = new BookProgress<SetJob>(jobs.map((j) => [j, j.set.cases.length] as const));
    const jobsOf = new Map(clients.map((c) => [c.id, jobs.filter((j) => j.client === c)]));
    const progressOf = new Map<string, ClientProgress>(clients.map((c) => [c.id, { name: c.name, ...book.count(jobsOf.get(c.id)), failing: 0, notRun: 0 }]));
    /** Each client's failures in its finished sets, to which the running set's are added. */
    const settledFailing = new Map(clients.map((c) => [c.id, 0]));
    const counted = (client: Client): ClientProgress => Object.assign(progressOf.get(client.id)!, book.count(jobsOf.get(client.id)));
    const controller = new AbortController();
    const ranSets = new Map<SetJob, RanSet>();
    const external = isCancellationToken(arg) ? arg.onCancellationRequested(() => controller.abort()) : undefined;
    const title = `Running ${plural(jobs.length, 'eval set')} of ${plural(clients.length, 'client')}`;
    channel.info(`${title}, one set at a time per server`);
    let run: EveryClientRun<AnnouncedOutcome>;
    try {
      run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return runner.runEveryClient<AnnouncedOutcome>(jobs, {
          signal: controller.signal,
          run: async (job) => {
            const { client, set } = job;
            const outcome = await runSet(ctx, client, set, {
              trigger: 'vscode',
              signal: controller.signal,
              onProgress: (e) => {
                if (e.kind !== 'case') return;
                book.casesDone(job, e.done);
                counted(client).failing = settledFailing.get(client.id)! + e.failed + e.errored;
                progress.report({ increment: book.increment(), message: progressLine(progressOf.values()) });
              },
            });
            const before = previous.get(key(client, set));
            const message = outcomeText(client, outcome.record, before);
            channel.info(`${client.name} · ${message}`);
            ranSets.set(job, { client: client.name, file: outcome.file, record: outcome.record, ...(before ? { previous: before } : {}), ...(client.manifest?.thresholds ? { thresholds: client.manifest.thresholds } : {}) });
            return { ...outcome, message };
          },
          whyNotRun: (e) => ({ message: e instanceof Error ? e.message : String(e), unavailable: e instanceof SetNotRunError && e.unavailable }),
          onSettled: (job, { outcome, notRun }) => {
            const { client } = job;
            book.settled(job);
            if (outcome) settledFailing.set(client.id, settledFailing.get(client.id)! + outcome.record.summary.failed + outcome.record.summary.errored);
            const mine = counted(client);
            mine.failing = settledFailing.get(client.id)!;
            if (notRun) mine.notRun++;
            progress.report({ increment: book.increment(), message: progressLine(progressOf.values()) });
          },
        });
      });
    } finally {
      external?.dispose();
    }
    await ctx.reload();
    for (const n of run.notRun) channel.warn(`${n.client} · ${n.set}: ${n.message}`);
    channel.info(`Run Every Client: ${run.message}`);
    const attention = needingAttention(jobs.flatMap((j) => ranSets.get(j) ?? []), run.notRun);
    const actions = summaryActions(attention);
    const open = async (item: NeedsAttention | undefined): Promise<void> => {
      if (item?.file) await vscode.commands.executeCommand('upkeep.showResults', item.file);
      else if (item) channel.show(); // it did not run: the log says why
    };
    const choose = async (action: string): Promise<void> => {
      if (action === SHOW_LOG) channel.show();
      if (action === SHOW_RESULTS) await open(attention.find((i) => i.file));
      if (action === SHOW_RESULTS_PICK) await open(await pickAttention(attention));
    };
    const show = run.breaches.length || run.notRun.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Run Every Client: ${run.message}`, ...actions).then((choice) => (choice ? choose(choice) : undefined));
    return { ...run, attention, actions, choose };
  };
}

const REASON_ICONS: Record<NeedsAttention['reason'], string> = { breach: '$(error)', stopped: '$(debug-disconnect)', regressed: '$(arrow-down)', 'not-run': '$(circle-slash)' };

/** Every set that needs attention, worst first, so Enter opens the worst one's results. */
async function pickAttention(items: readonly NeedsAttention[]): Promise<NeedsAttention | undefined> {
  const picks = items.map((item) => ({ label: `${REASON_ICONS[item.reason]} ${item.client} · ${item.set}`, description: ATTENTION_WORDS[item.reason], detail: item.file ? item.detail : `${item.detail} (opens the log)`, item }));
  return (await vscode.window.showQuickPick(picks, { title: 'Run Every Client: sets that need attention, worst first', matchOnDescription: true, matchOnDetail: true }))?.item;
}

function key(client: Client, set: EvalSet): string {
  return `${client.id}/${set.id}`;
}

/** "Acme Dental 12/40 (3 failing) · Northwind Legal done · Fernhill Outfitters done (2 sets not run)". */
function progressLine(clients: Iterable<ClientProgress>): string {
  return [...clients]
    .map((p) => {
      const notes = [p.failing ? `${p.failing} failing` : '', p.notRun ? `${plural(p.notRun, 'set')} not run` : ''].filter(Boolean).join(', ');
      return `${p.name} ${p.done >= p.total ? 'done' : `${p.done}/${p.total}`}${notes ? ` (${notes})` : ''}`;
    })
    .join(' · ');
}

function isCancellationToken(arg: unknown): arg is vscode.CancellationToken {
  return typeof arg === 'object' && arg !== null && typeof (arg as vscode.CancellationToken).onCancellationRequested === 'function';
}
