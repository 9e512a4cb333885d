import * as vscode from 'vscode';
import { IncomparableRunsError } from '../../core/analysis/compareRuns';
import type { RunComparison } from '../../core/analysis/comparisonTypes';
import { countsAsScore, runFacts, whyNotBaseline } from '../../core/history/runsThatCount';
import { pinBaseline, readBaselines, unpinBaseline } from '../../core/store/baselines';
import type { Ctx } from '../ctx';
import { loadRunner } from '../lazy';
import { isTreeNode } from '../pickClient';
import type { ResultsPanel } from './resultsPanel';
import { shortTime } from './resultsPanel';
import { baselineOf, clientDirOf, loadRun, runFileOf, type ListRuns, type RunSummaryItem } from '../../core/store/runLookup';

/**
 * The commands of the results feature. Each accepts what its callers have: a run record path
 * (other commands, tests, the Test Explorer), a tree node (context menus), a Uri (the editor
 * title of a run file), or nothing (the palette: it asks). A failure (a record that cannot be
 * read, a baselines.json that cannot be written) is reported by the command table's wrapper.
 */
export interface ResultsPanels {
  runs: ResultsPanel;
  comparison: ResultsPanel;
}

/** `upkeep.showResults(run?, caseId?)`: the run in the results view, optionally at one case. */
export function showResultsCommand(ctx: Ctx, panels: ResultsPanels, listRuns: ListRuns) {
  return async (arg?: unknown, caseId?: unknown): Promise<string | undefined> => {
    const file = runFileArg(arg) ?? (await latestRunOfSet(arg, listRuns)) ?? activeRunFile() ?? (await pickRun(ctx, listRuns, 'Show Results'))?.file;
    if (!file) return undefined;
    await panels.runs.showRun(file, typeof caseId === 'string' ? caseId : undefined);
    return file;
  };
}

/**
 * `upkeep.compareRuns(base?, head?)`: two runs of one set side by side. With two paths, those
 * (base first); with one run (a tree node: "Compare with…"), it asks for the other; with none, it
 * offers each set's last run against its pinned baseline, or any two runs of a set.
 */
export function compareRunsCommand(ctx: Ctx, panels: ResultsPanels, listRuns: ListRuns) {
  return async (first?: unknown, second?: unknown): Promise<RunComparison | undefined> => {
    const pair = await resolvePair(ctx, listRuns, first, second);
    if (!pair) return undefined;
    const [base, head] = await Promise.all([loadRun(pair[0]), loadRun(pair[1])]);
    try {
      return await panels.comparison.showComparison(base, head);
    } catch (e) {
      // Two runs of different sets: the user's choice, said plainly rather than as a failure.
      if (!(e instanceof IncomparableRunsError)) throw e;
      void vscode.window.showErrorMessage(e.message);
      return undefined;
    }
  };
}

/** `upkeep.pinBaseline(run?, note?)`: that run becomes what its set is compared with. */
export function pinBaselineCommand(ctx: Ctx, panels: ResultsPanels, listRuns: ListRuns) {
  return async (arg?: unknown, note?: unknown): Promise<{ evalSetId: string; runId: string } | undefined> => {
    const file = runFileArg(arg) ?? shownRunFile(panels) ?? (await pickRun(ctx, listRuns, 'Pin as Baseline'))?.file;
    if (!file) return undefined;
    const { record } = await loadRun(file);
    // Only a candidate's run needs the configuration compared (and the runner bundle for it).
    const client = record.purpose === 'candidate' ? ctx.clientOfRecord(file, record.client.id) : undefined;
    const promoted = !!client && (await loadRunner().runsProductionConfig(client, record));
    const why = whyNotBaseline(runFacts(record), promoted);
    if (why) {
      void vscode.window.showWarningMessage(`${record.evalSet.name}: the run of ${shortTime(record.startedAt)} is ${why}; only a complete production run, or the run of a candidate production now runs, can be its baseline.`);
      return undefined;
    }
    await pinBaseline(clientDirOf(file), record.evalSet.id, record.id, typeof note === 'string' ? note : undefined);
    void vscode.window.showInformationMessage(`${record.evalSet.name}: run of ${shortTime(record.startedAt)} pinned as the baseline (score ${record.summary.score.toFixed(2)}).`);
    await refreshPanels(panels);
    return { evalSetId: record.evalSet.id, runId: record.id };
  };
}

/** `upkeep.unpinBaseline(run or set?)`: the set goes back to being compared with its previous run. */
export function unpinBaselineCommand(ctx: Ctx, panels: ResultsPanels) {
  return async (arg?: unknown): Promise<boolean> => {
    const target = (await setOfArg(arg ?? shownRunFile(panels))) ?? (await pickPinnedSet(ctx));
    if (!target) return false;
    const removed = await unpinBaseline(target.clientDir, target.evalSetId);
    if (removed) void vscode.window.showInformationMessage(`${target.name}: baseline unpinned; runs are compared with the previous run again.`);
    else void vscode.window.showInformationMessage(`${target.name} has no pinned baseline.`);
    await refreshPanels(panels);
    return removed;
  };
}

async function refreshPanels(panels: ResultsPanels): Promise<void> {
  await Promise.all([panels.runs.refresh(), panels.comparison.refresh()]).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Arguments

/** A run record path from a path, a Uri or a tree `run` node. */
function runFileArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.endsWith('.json')) return arg;
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg.fsPath;
  if (isTreeNode(arg) && arg.kind === 'run') return arg.file;
  return undefined;
}

/** An eval set node in the tree: its newest run. */
async function latestRunOfSet(arg: unknown, listRuns: ListRuns): Promise<string | undefined> {
  if (!isTreeNode(arg) || arg.kind !== 'evalSet') return undefined;
  const [latest] = await listRuns(arg.client.dir, arg.set.id, 1);
  if (!latest) void vscode.window.showInformationMessage(`${arg.set.name} has no runs yet.`);
  return latest?.file;
}

/** The run record open in the editor, when it is one. */
function activeRunFile(): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  return file?.scheme === 'file' && /[\\/]runs[\\/][^\\/]+\.json$/.test(file.fsPath) ? file.fsPath : undefined;
}

function shownRunFile(panels: ResultsPanels): string | undefined {
  const shown = panels.runs.current;
  return shown?.kind === 'run' && panels.runs.visible ? shown.run.file : undefined;
}

async function setOfArg(arg: unknown): Promise<{ clientDir: string; evalSetId: string; name: string } | undefined> {
  if (isTreeNode(arg) && arg.kind === 'evalSet') return { clientDir: arg.client.dir, evalSetId: arg.set.id, name: arg.set.name };
  const file = runFileArg(arg);
  if (!file) return undefined;
  const { record } = await loadRun(file);
  return { clientDir: clientDirOf(file), evalSetId: record.evalSet.id, name: record.evalSet.name };
}

// ---------------------------------------------------------------------------------------------
// Pickers

type RunPick = vscode.QuickPickItem & { run?: RunSummaryItem };

/** "2026-11-23 10:15" · "score 0.82 · 23/28 passed" · "acme-support:v3 (3f2a…) · complete". */
function runItem(run: RunSummaryItem, extra = ''): RunPick {
  const digest = run.digest ? ` (${run.digest.replace(/^sha256:/, '').slice(0, 12)})` : '';
  return {
    label: `${extra}${shortTime(run.startedAt)}`,
    description: `score ${run.score.toFixed(2)} · ${run.passed}/${run.total} passed`,
    detail: `${run.model}${digest} · ${run.status} · ${run.id}`,
    run,
  };
}

async function allRuns(ctx: Ctx, listRuns: ListRuns): Promise<RunSummaryItem[]> {
  const model = await ctx.ready();
  return (await Promise.all(model.clients.map((c) => listRuns(c.dir)))).flat();
}

/** Any run of the workspace, grouped by client and set. */
async function pickRun(ctx: Ctx, listRuns: ListRuns, title: string): Promise<RunSummaryItem | undefined> {
  const runs = await allRuns(ctx, listRuns);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No runs yet. Run an eval set first ("Upkeep: Run Eval Set").');
    return undefined;
  }
  const items: RunPick[] = [];
  let group = '';
  for (const run of runs) {
    const name = `${run.client.name} · ${run.evalSet.name}`;
    if (name !== group) items.push({ label: (group = name), kind: vscode.QuickPickItemKind.Separator });
    items.push(runItem(run));
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Run', matchOnDescription: true, matchOnDetail: true });
  return picked?.run;
}

/** base and head files from the command's arguments, or by asking. Base is the older run unless given. */
async function resolvePair(ctx: Ctx, listRuns: ListRuns, first: unknown, second: unknown): Promise<[string, string] | undefined> {
  const a = runFileArg(first);
  const b = runFileArg(second);
  if (a && b) return [a, b];
  if (a) return pickOther(a, listRuns);
  return pickSetAndRuns(ctx, listRuns);
}

/** "Compare with…": the other run of the same set (its baseline offered first). */
async function pickOther(file: string, listRuns: ListRuns): Promise<[string, string] | undefined> {
  const { record } = await loadRun(file);
  const clientDir = clientDirOf(file);
  const runs = (await listRuns(clientDir, record.evalSet.id)).filter((r) => r.id !== record.id);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`${record.evalSet.name} has no other run to compare with.`);
    return undefined;
  }
  const pin = await baselineOf(clientDir, record.evalSet.id);
  const items = runs.map((r) => runItem(r, r.id === pin?.runId ? '$(pinned) Baseline · ' : ''));
  items.sort((x, y) => Number(y.run?.id === pin?.runId) - Number(x.run?.id === pin?.runId));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare ${record.evalSet.name} · ${shortTime(record.startedAt)} with…`,
    placeHolder: 'The other run',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked?.run) return undefined;
  const other = picked.run;
  // The baseline is always the base; otherwise the older run is.
  return other.id === pin?.runId || other.id < record.id ? [other.file, file] : [file, other.file];
}

type SetPick = vscode.QuickPickItem & { pair?: [string, string]; set?: { clientDir: string; evalSetId: string; name: string } };

/** From the palette: each set's last run against its pinned baseline, or two runs of a set. */
async function pickSetAndRuns(ctx: Ctx, listRuns: ListRuns): Promise<[string, string] | undefined> {
  const runs = await allRuns(ctx, listRuns);
  const sets = new Map<string, RunSummaryItem[]>();
  for (const r of runs) {
    const key = `${r.clientDir}\n${r.evalSet.id}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  const againstBaseline: SetPick[] = [];
  const choose: SetPick[] = [];
  for (const setRuns of sets.values()) {
    // The set's last score is what is compared with the baseline, never a candidate run or an outage.
    const latest = setRuns.find(countsAsScore) ?? setRuns[0];
    const name = `${latest.client.name} · ${latest.evalSet.name}`;
    const pin = await baselineOf(latest.clientDir, latest.evalSet.id);
    if (pin && pin.runId !== latest.id && countsAsScore(latest)) {
      againstBaseline.push({
        label: `$(pinned) ${latest.evalSet.name}: last run against the pinned baseline`,
        description: latest.client.name,
        detail: `${shortTime(latest.startedAt)} (score ${latest.score.toFixed(2)}) against ${pin.runId}`,
        pair: [runFileOf(latest.clientDir, pin.runId), latest.file],
      });
    }
    if (setRuns.length >= 2) {
      choose.push({ label: `${latest.evalSet.name}: choose two runs…`, description: latest.client.name, detail: `${setRuns.length} runs`, set: { clientDir: latest.clientDir, evalSetId: latest.evalSet.id, name } });
    }
  }
  if (againstBaseline.length + choose.length === 0) {
    void vscode.window.showInformationMessage('No eval set has two runs to compare yet.');
    return undefined;
  }
  const items: SetPick[] = [
    ...(againstBaseline.length ? [{ label: 'Against the pinned baseline', kind: vscode.QuickPickItemKind.Separator }, ...againstBaseline] : []),
    ...(choose.length ? [{ label: 'Any two runs', kind: vscode.QuickPickItemKind.Separator }, ...choose] : []),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Compare Runs', placeHolder: 'Eval set', matchOnDescription: true });
  if (picked?.pair) return picked.pair;
  if (!picked?.set) return undefined;

  const setRuns = sets.get(`${picked.set.clientDir}\n${picked.set.evalSetId}`) ?? [];
  const pin = await baselineOf(picked.set.clientDir, picked.set.evalSetId);
  const mark = (r: RunSummaryItem) => (r.id === pin?.runId ? '$(pinned) Baseline · ' : '');
  const base = await vscode.window.showQuickPick(
    setRuns.slice(1).map((r) => runItem(r, mark(r))),
    { title: `Compare Runs: ${picked.set.name} (1/2)`, placeHolder: 'The base run (the older one, or the baseline)', matchOnDescription: true, matchOnDetail: true },
  );
  if (!base?.run) return undefined;
  const baseRun = base.run;
  const head = await vscode.window.showQuickPick(
    setRuns.filter((r) => r.id !== baseRun.id).map((r) => runItem(r, mark(r))),
    { title: `Compare Runs: ${picked.set.name} (2/2)`, placeHolder: `Compare ${shortTime(baseRun.startedAt)} with…`, matchOnDescription: true, matchOnDetail: true },
  );
  return head?.run ? [baseRun.file, head.run.file] : undefined;
}

async function pickPinnedSet(ctx: Ctx): Promise<{ clientDir: string; evalSetId: string; name: string } | undefined> {
  const model = await ctx.ready();
  const items: (vscode.QuickPickItem & { target: { clientDir: string; evalSetId: string; name: string } })[] = [];
  for (const client of model.clients) {
    const { baselines } = await readBaselines(client.dir);
    for (const [evalSetId, pin] of Object.entries(baselines)) {
      const name = client.evalSets.find((s) => s.id === evalSetId)?.name ?? evalSetId;
      items.push({ label: name, description: client.name, detail: `${pin.runId} · pinned ${shortTime(pin.pinnedAt)}${pin.note ? ` · ${pin.note}` : ''}`, target: { clientDir: client.dir, evalSetId, name } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No eval set has a pinned baseline.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Unpin Baseline', placeHolder: 'Eval set' }))?.target;
}
