import * as path from 'path';
import * as vscode from 'vscode';
import { caseOutcome, type CaseOutcome } from '../../core/store/caseHistory';
import type { EvalCase, EvalSet } from '../../core/workspace/evalSet';
import type { BrokenEvalSet, Client, WorkspaceModel } from '../../core/workspace/loadWorkspace';
import type { Problem } from '../../core/workspace/problems';
import type { Ctx } from '../ctx';
import { mayRunSets, runSet, RUNS_NEED_TRUST, SetNotRunError } from '../runSets';
import { untrustedMessage } from '../trust';
import { CaseHistoryService } from './history';
import { ReportingRun, reportOutcome, type TestRunReport } from './report';

/** What a test item stands for. Clients and sets are looked up again at run time, by folder and set id. */
type ItemData =
  | { kind: 'client'; clientDir: string }
  | { kind: 'set'; clientDir: string; setId: string }
  | { kind: 'case'; clientDir: string; setId: string; caseId: string; signature: string };

/** Cases of one set to run in one call of the runner; `caseIds` undefined means the whole set. */
interface RunGroup {
  client: Client;
  set: EvalSet;
  items: Map<string, vscode.TestItem>;
  whole: boolean;
}

/** How long after the first workspace load the last results are replayed, when nothing asked sooner. */
const RESTORE_DELAY_MS = 1500;
const KEPT_REPORTS = 20;
const RESTORE_NAME = 'Upkeep: last results from run records';

/**
 * The Test Explorer's "Upkeep evals": clients → eval sets → cases, each case at its place in the
 * eval file (YAML or JSONL) so its run button and result show in the gutter. Runs go through the
 * same runner as "Run Eval Set" (trigger `test-explorer`), one call per set with the selected
 * cases, and every run writes a run record. The last results come back after a restart by
 * replaying the run records (see `restore`).
 */
export class EvalTestController implements vscode.Disposable {
  readonly controller: vscode.TestController;
  readonly history: CaseHistoryService;
  /** What the controller reported, newest last: VS Code has no API to read test results back. */
  readonly reports: TestRunReport[] = [];
  private readonly items = new Map<string, { item: vscode.TestItem; data: ItemData }>();
  /** Per eval file, the id of its set's item (for CodeLens and the gutter's run button). */
  private readonly setItemByFile = new Map<string, string>();
  /** Per case item, the run record whose result the explorer shows now. */
  private readonly shown = new Map<string, string>();
  private restored?: Promise<TestRunReport>;
  private restoreTimer?: NodeJS.Timeout;
  private replays: Promise<unknown> = Promise.resolve();
  private activeRuns = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    id = 'upkeep.evals',
    label = 'Upkeep evals',
  ) {
    this.controller = vscode.tests.createTestController(id, label);
    this.history = new CaseHistoryService(ctx);
    this.disposables.push(this.controller, this.history);
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token).then(() => undefined), true);
    this.controller.refreshHandler = async () => {
      await ctx.reload();
    };
    // The explorer (or an editor's gutter) asks for the tests: that is the moment to show results.
    this.controller.resolveHandler = async (item) => {
      if (item) return;
      this.sync(await ctx.ready());
      void this.whenRestored();
    };
    this.disposables.push(ctx.onDidChange((model) => this.onModel(model)));
    if (ctx.isLoaded) this.onModel(ctx.workspace);
  }

  /** The TestItem of a case of the eval set in `file`, if the explorer holds it. */
  caseItem(file: string, caseId: string): vscode.TestItem | undefined {
    const setId = this.setItemByFile.get(file);
    return setId ? this.item(`${setId}/${caseId}`) : undefined;
  }

  /** Any item by id (`clientId`, `clientId/setId`, `clientId/setId/caseId`). */
  item(id: string): vscode.TestItem | undefined {
    return this.items.get(id)?.item;
  }

  /** The restore of the last results, started now if it has not happened yet. */
  whenRestored(): Promise<TestRunReport> {
    clearTimeout(this.restoreTimer);
    this.restored ??= this.ctx.ready().then(() => this.enqueueReplay(RESTORE_NAME, false));
    return this.restored;
  }

  /**
   * Replays the latest result of every case from the run records on disk, as a restart does: each
   * case's newest result among its set's records (a partial run counting for the cases it ran).
   */
  restore(): Promise<TestRunReport> {
    this.history.reset();
    this.shown.clear();
    this.restored = this.enqueueReplay(RESTORE_NAME, false);
    return this.restored;
  }

  /**
   * Runs the cases a request selects (clients, sets, cases, across sets; minus its exclusions),
   * one runner call per set, reporting each case as it finishes. Used by the Run profile and by
   * CodeLens' "▶ Run".
   */
  async run(request: vscode.TestRunRequest, token?: vscode.CancellationToken): Promise<TestRunReport> {
    const run = this.startRun(this.controller.createTestRun(request, undefined, true), 'Upkeep evals');
    if (!mayRunSets()) {
      run.appendOutput(`${untrustedMessage(RUNS_NEED_TRUST)} Nothing was run.\n`);
      run.end();
      return run.report;
    }
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    const runToken = run.token?.onCancellationRequested(() => abort.abort());
    this.activeRuns++;
    try {
      const groups = this.collect(request);
      for (const g of groups) for (const item of g.items.values()) run.enqueued(item);
      await this.runGroups(run, groups, abort.signal);
    } finally {
      cancel?.dispose();
      runToken?.dispose();
      run.end();
      this.activeRuns--;
    }
    // The tree, CodeLens and the next replay see the new records at once rather than after the watcher's debounce.
    await this.ctx.reload();
    return run.report;
  }

  private async runGroups(run: ReportingRun, groups: RunGroup[], signal: AbortSignal): Promise<void> {
    const down = new Map<string, string>();
    for (const g of groups) {
      const pending = new Map(g.items);
      if (signal.aborted) {
        for (const item of pending.values()) run.skipped(item);
        continue;
      }
      const known = down.get(g.client.dir);
      if (known) {
        for (const item of pending.values()) run.errored(item, new vscode.TestMessage(known));
        continue;
      }
      for (const item of pending.values()) run.started(item);
      const caseIds = g.whole ? undefined : [...pending.keys()];
      let runFile = '';
      try {
        run.appendOutput(`${g.client.name} / ${g.set.name}: ${pending.size} case${pending.size === 1 ? '' : 's'} against ${g.client.manifest?.model.name ?? 'its model'}\n`);
        const outcome = await runSet(this.ctx, g.client, g.set, {
          trigger: 'test-explorer',
          caseIds,
          signal,
          onProgress: (e) => {
            if (e.kind === 'started') runFile = path.join(g.client.dir, 'runs', `${e.runId}.json`);
            if (e.kind !== 'case') return;
            const item = pending.get(e.result.id);
            if (!item) return;
            pending.delete(e.result.id);
            const o: CaseOutcome = caseOutcome(e.result, { file: runFile, id: path.basename(runFile, '.json'), partial: !!caseIds, status: 'complete', trigger: 'test-explorer' });
            reportOutcome(run, item, o);
            this.shown.set(item.id, runFile);
          },
        });
        run.report.runFiles.push(outcome.file);
        const r = outcome.record;
        const stop = r.stopReason ?? 'The run stopped before this case finished.';
        for (const item of pending.values()) {
          if (r.status === 'interrupted') run.errored(item, new vscode.TestMessage(stop));
          else run.skipped(item);
        }
        run.appendOutput(
          `${g.set.name}: score ${r.summary.score.toFixed(2)}, ${r.summary.passed}/${r.summary.total} passed${r.status === 'complete' ? '' : ` (${r.status})`} → ${outcome.file}\n\n`,
        );
      } catch (e) {
        if (signal.aborted) {
          // Cancelled before the first case (while the server was being asked): nothing ran.
          for (const item of pending.values()) run.skipped(item);
          continue;
        }
        if (!(e instanceof SetNotRunError)) throw e;
        // A server that is down (or lacks the model) is one clear message for the client's sets, not one per case.
        if (e.unavailable) down.set(g.client.dir, e.message);
        run.appendOutput(`${e.message}\n`);
        for (const item of pending.values()) run.errored(item, new vscode.TestMessage(e.message));
      }
    }
  }

  /** The request's selection as runner calls: one group per set, in the order the request names them. */
  private collect(request: vscode.TestRunRequest): RunGroup[] {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const groups = new Map<string, RunGroup>();
    const wholeSets = new Set<string>();
    const addCase = (setItem: vscode.TestItem, item: vscode.TestItem) => {
      const data = this.items.get(item.id)?.data;
      if (data?.kind !== 'case' || excluded.has(item.id)) return;
      const client = this.ctx.client(data.clientDir);
      const set = client?.evalSets.find((s) => s.id === data.setId);
      if (!client || !set || !set.cases.some((c) => c.id === data.caseId)) return;
      let group = groups.get(setItem.id);
      if (!group) groups.set(setItem.id, (group = { client, set, items: new Map(), whole: false }));
      group.items.set(data.caseId, item);
    };
    const visitSet = (setItem: vscode.TestItem) => {
      if (excluded.has(setItem.id)) return;
      let whole = true;
      setItem.children.forEach((c) => {
        if (excluded.has(c.id)) whole = false;
        else addCase(setItem, c);
      });
      if (whole) wholeSets.add(setItem.id);
    };
    const visit = (item: vscode.TestItem) => {
      const data = this.items.get(item.id)?.data;
      if (!data || excluded.has(item.id)) return;
      if (data.kind === 'client') item.children.forEach((s) => visitSet(s));
      else if (data.kind === 'set') visitSet(item);
      else if (item.parent && !excluded.has(item.parent.id)) addCase(item.parent, item);
    };
    if (request.include) request.include.forEach(visit);
    else this.controller.items.forEach(visit);
    // A set selected as a whole runs as a whole-set run (its record has no selectedCases).
    for (const [id, g] of groups) g.whole = wholeSets.has(id) && g.items.size === g.set.cases.length;
    return [...groups.values()];
  }

  private onModel(model: WorkspaceModel): void {
    this.sync(model);
    if (!this.restored) {
      clearTimeout(this.restoreTimer);
      this.restoreTimer = setTimeout(() => void this.whenRestored(), RESTORE_DELAY_MS);
      this.restoreTimer.unref?.();
    } else if (this.activeRuns === 0) {
      // Runs from elsewhere ("Run Eval Set", the CLI, a teammate's pushed records) show here too.
      void this.restored.then(() => this.enqueueReplay('Upkeep: new results from run records', true));
    }
  }

  private enqueueReplay(name: string, onlyNew: boolean): Promise<TestRunReport> {
    const next = this.replays.then(() => this.replay(name, onlyNew));
    this.replays = next.catch(() => undefined);
    return next;
  }

  /** Reports each case's latest recorded result in a TestRun of its own (not persisted: the records are the store). */
  private async replay(name: string, onlyNew: boolean): Promise<TestRunReport> {
    const found: { item: vscode.TestItem; outcome: CaseOutcome }[] = [];
    for (const client of this.ctx.workspace.clients) {
      for (const set of client.evalSets) {
        const setItemId = this.setItemByFile.get(set.file);
        if (!setItemId) continue;
        const history = await this.history.forSet(client, set);
        for (const c of set.cases) {
          const last = history.get(c.id)?.last;
          const item = this.item(`${setItemId}/${c.id}`);
          if (!last || !item || (onlyNew && this.shown.get(item.id) === last.runFile)) continue;
          found.push({ item, outcome: last });
        }
      }
    }
    if (found.length === 0) return this.remember(new ReportingRun(undefined, name)).report;
    // preserveFocus: replaying results must not open the Test Results view.
    const request = new vscode.TestRunRequest(
      found.map((f) => f.item),
      undefined,
      undefined,
      false,
      true,
    );
    const run = this.startRun(this.controller.createTestRun(request, name, false), name);
    const files = new Set<string>();
    for (const { item, outcome } of found) {
      reportOutcome(run, item, outcome);
      this.shown.set(item.id, outcome.runFile);
      files.add(outcome.runFile);
    }
    run.report.runFiles.push(...files);
    run.end();
    return run.report;
  }

  private startRun(testRun: vscode.TestRun, name: string): ReportingRun {
    return this.remember(new ReportingRun(testRun, name));
  }

  private remember(run: ReportingRun): ReportingRun {
    this.reports.push(run.report);
    if (this.reports.length > KEPT_REPORTS) this.reports.shift();
    return run;
  }

  /** Brings the items in line with the workspace model, keeping ids (and so results) of what did not go away. */
  private sync(model: WorkspaceModel): void {
    const live = new Set<string>();
    const usedClientIds = new Set<string>();
    this.setItemByFile.clear();
    const changedCases: vscode.TestItem[] = [];
    for (const client of model.clients) {
      if (client.evalSets.length === 0 && client.brokenEvalSets.length === 0) continue;
      // Two workspace folders may hold a client at the same relative path: the folder tells them apart.
      const clientId = usedClientIds.has(client.id) ? client.dir : client.id;
      usedClientIds.add(clientId);
      const clientItem = this.upsert(this.controller.items, clientId, client.name, vscode.Uri.file(client.manifestFile), { kind: 'client', clientDir: client.dir });
      setIfChanged(clientItem, 'description', client.manifest?.model.name);
      live.add(clientId);
      const setIds = new Set<string>();
      // A set whose file stopped loading keeps its last known cases, with the error on the set; they do not run.
      const broken = client.brokenEvalSets.map((b): EvalSet & { error?: Problem } => ({ ...emptySet(b), ...b.lastKnown, error: b.problem }));
      for (const set of [...client.evalSets, ...broken] as (EvalSet & { error?: Problem })[]) {
        const setId = `${clientId}/${set.id}`;
        const setItem = this.upsert(clientItem.children, setId, set.name, vscode.Uri.file(set.file), { kind: 'set', clientDir: client.dir, setId: set.id });
        setIfChanged(setItem, 'description', set.id);
        const error = set.error && `Line ${set.error.range.line}: ${set.error.message}`;
        if (setItem.error !== error) setItem.error = error;
        this.setItemByFile.set(set.file, setId);
        live.add(setId);
        setIds.add(setId);
        const caseIds = new Set<string>();
        set.cases.forEach((c, i) => {
          const id = `${setId}/${c.id}`;
          const signature = caseSignature(c);
          const before = this.items.get(id)?.data;
          const item = this.upsert(setItem.children, id, c.id, vscode.Uri.file(set.file), { kind: 'case', clientDir: client.dir, setId: set.id, caseId: c.id, signature });
          const range = new vscode.Range(c.range.line - 1, c.range.column - 1, c.range.endLine - 1, c.range.endColumn - 1);
          // Only what changed is set: each assignment is sent to the explorer.
          if (!item.range?.isEqual(range)) item.range = range;
          setIfChanged(item, 'sortText', String(i).padStart(6, '0'));
          setIfChanged(item, 'description', c.tags?.length ? c.tags.map((t) => `#${t}`).join(' ') : undefined);
          if (before?.kind === 'case' && before.signature !== signature) changedCases.push(item);
          live.add(id);
          caseIds.add(id);
        });
        prune(setItem.children, caseIds);
      }
      prune(clientItem.children, setIds);
    }
    prune(this.controller.items, live);
    for (const id of [...this.items.keys()]) {
      if (!live.has(id)) {
        this.items.delete(id);
        this.shown.delete(id);
      }
    }
    // An edited case's last result no longer says how it does now.
    if (changedCases.length) this.controller.invalidateTestResults(changedCases);
  }

  private upsert(collection: vscode.TestItemCollection, id: string, label: string, uri: vscode.Uri, data: ItemData): vscode.TestItem {
    let item = collection.get(id);
    // An item's uri cannot change: a set whose file moved (same id in another root) gets a new item.
    if (!item || item.uri?.toString() !== uri.toString()) {
      item = this.controller.createTestItem(id, label, uri);
      collection.add(item);
    }
    setIfChanged(item, 'label', label);
    this.items.set(id, { item, data });
    return item;
  }

  dispose(): void {
    clearTimeout(this.restoreTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** A broken set with no last known cases: its item, without children. */
function emptySet(b: BrokenEvalSet): EvalSet {
  return { id: b.id, file: b.file, name: path.basename(b.file), format: b.file.endsWith('.jsonl') ? 'jsonl' : 'yaml', defaults: { assert: [] }, cases: [], declaredCases: 0 };
}

function setIfChanged<K extends 'label' | 'description' | 'sortText'>(item: vscode.TestItem, key: K, value: vscode.TestItem[K]): void {
  if (item[key] !== value) item[key] = value;
}

function prune(collection: vscode.TestItemCollection, keep: ReadonlySet<string>): void {
  const gone: string[] = [];
  collection.forEach((item) => {
    if (!keep.has(item.id)) gone.push(item.id);
  });
  for (const id of gone) collection.delete(id);
}

/** Everything of a case that decides its result, for noticing an edit. */
function caseSignature(c: EvalCase): string {
  const { range: _range, ...rest } = c;
  return JSON.stringify(rest);
}
