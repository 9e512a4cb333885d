import * as vscode from 'vscode';
import { everyClientSummary, type ClientBreach } from '../../core/analysis/figures';
import { breaches } from '../../core/analysis/series';
import { plural } from '../../core/format/numbers';
import type { EvalSet } from '../../core/workspace/evalSet';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { log } from '../log';
import { mayRunSets, runSet, SetNotRunError } from '../runSets';
import { outcomeText, type AnnouncedOutcome } from './runEvalSet';

/** What Run Every Client did: each run (with its line in the log), the sets that could not run, and the summary shown. */
export interface EveryClientOutcome {
  outcomes: AnnouncedOutcome[];
  notRun: { client: string; set: string; message: string }[];
  breaches: ClientBreach[];
  cancelled: boolean;
  message: string;
}

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
 * Cancel. Sets on one server run one after another and servers run side by side (`runPerServer`).
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
    const jobs = clients.flatMap((client) => client.evalSets.map((set) => ({ client, set })));
    const previous = new Map(jobs.map(({ client, set }) => [key(client, set), ctx.setRuns(client, set.id).last?.summary]));
    const progressOf = new Map<string, ClientProgress>(
      clients.map((c) => [c.id, { name: c.name, done: 0, total: c.evalSets.reduce((n, s) => n + s.cases.length, 0), failing: 0, notRun: 0 }]),
    );
    const result: EveryClientOutcome = { outcomes: [], notRun: [], breaches: [], cancelled: false, message: '' };
    const controller = new AbortController();
    const external = isCancellationToken(arg) ? arg.onCancellationRequested(() => controller.abort()) : undefined;
    const totalCases = [...progressOf.values()].reduce((n, p) => n + p.total, 0);
    const title = `Running ${plural(jobs.length, 'eval set')} of ${plural(clients.length, 'client')}`;
    channel.info(`${title}, one set at a time per server`);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const unavailable = new Set<string>();
        await runner.runPerServer(
          jobs,
          ({ client }) => runner.modelServer(client.manifest!.model, client.dir),
          async ({ client, set }) => {
            const mine = progressOf.get(client.id)!;
            if (unavailable.has(client.id)) {
              result.notRun.push({ client: client.name, set: set.name, message: 'skipped: its model could not be reached for the set before it' });
              mine.notRun++;
              mine.done += set.cases.length;
              return;
            }
            const before = { done: mine.done, failing: mine.failing };
            try {
              const outcome = await runSet(ctx, client, set, {
                trigger: 'vscode',
                signal: controller.signal,
                onProgress: (e) => {
                  if (e.kind !== 'case') return;
                  mine.done = before.done + e.done;
                  mine.failing = before.failing + e.failed + e.errored;
                  progress.report({ increment: 100 / totalCases, message: progressLine(progressOf.values()) });
                },
              });
              const message = outcomeText(client, outcome.record, previous.get(key(client, set)));
              channel.info(`${client.name} · ${message}`);
              result.outcomes.push({ ...outcome, message });
              for (const breach of breaches(outcome.record.summary, client.manifest?.thresholds)) result.breaches.push({ client: client.name, set: set.name, breach });
            } catch (e) {
              if (controller.signal.aborted) return;
              const message = e instanceof SetNotRunError || e instanceof Error ? e.message : String(e);
              result.notRun.push({ client: client.name, set: set.name, message });
              if (e instanceof SetNotRunError && e.unavailable) unavailable.add(client.id);
              mine.notRun++;
            } finally {
              // The cases a set did not get to still count as done for this client's part.
              mine.done = before.done + set.cases.length;
              progress.report({ message: progressLine(progressOf.values()) });
            }
          },
          () => controller.signal.aborted,
        );
      });
    } finally {
      external?.dispose();
    }
    result.cancelled = controller.signal.aborted;
    // Listed client by client and set by set, as in the tree, whichever server finished first.
    const order = (client: string, set: string) => jobs.findIndex((j) => j.client.name === client && j.set.name === set);
    result.breaches.sort((a, b) => order(a.client, a.set) - order(b.client, b.set));
    await ctx.reload();
    result.message = everyClientSummary({ sets: result.outcomes.length, clients: new Set(result.outcomes.map((o) => o.record.client.id)).size, breaches: result.breaches, notRun: result.notRun.length, cancelled: result.cancelled });
    for (const n of result.notRun) channel.warn(`${n.client} · ${n.set}: ${n.message}`);
    channel.info(`Run Every Client: ${result.message}`);
    const show = result.breaches.length || result.notRun.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Run Every Client: ${result.message}`, 'Show Log').then((choice) => choice && channel.show());
    return result;
  };
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
