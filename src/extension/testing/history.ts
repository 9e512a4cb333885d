import * as vscode from 'vscode';
import { caseHistory, RunDigestCache, runFilesOfSet, type CaseHistory } from '../../core/store/caseHistory';
import type { EvalSet } from '../../core/workspace/evalSet';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';

/**
 * Per eval set, the latest result of each case and the one before it, from the run records: what
 * the Test Explorer replays and what CodeLens shows. A set's history is computed when first asked
 * and again only when its run files (or its cases) changed; records already read are not parsed
 * again (RunDigestCache). Reads run records only: the runner bundle is never loaded here.
 */
export class CaseHistoryService implements vscode.Disposable {
  private cache = new RunDigestCache();
  private readonly sets = new Map<string, { signature: string; history: Promise<Map<string, CaseHistory>> }>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: Ctx) {
    this.subscription = ctx.onDidChange(() => this.forgetRemoved());
  }

  forSet(client: Client, set: EvalSet): Promise<Map<string, CaseHistory>> {
    const key = setKey(client, set);
    const signature = signatureOf(client, set);
    const cached = this.sets.get(key);
    if (cached && cached.signature === signature) return cached.history;
    const history = caseHistory(client.runFiles, set, { caseIds: set.cases.map((c) => c.id), cache: this.cache }).catch(() => new Map<string, CaseHistory>());
    this.sets.set(key, { signature, history });
    return history;
  }

  /** Forgets everything read, so the next question reads the records on disk again. */
  reset(): void {
    this.cache = new RunDigestCache();
    this.sets.clear();
  }

  /** Sets (or clients) that left the workspace are forgotten. */
  private forgetRemoved(): void {
    const live = new Set(this.ctx.workspace.clients.flatMap((c) => c.evalSets.map((s) => setKey(c, s))));
    for (const key of [...this.sets.keys()]) if (!live.has(key)) this.sets.delete(key);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function setKey(client: Client, set: EvalSet): string {
  return `${client.dir}\0${set.id}`;
}

/** What a set's history depends on: its run files (newest first) and its case ids. */
function signatureOf(client: Client, set: EvalSet): string {
  return `${runFilesOfSet(client.runFiles, set.name).join('\n')}\0${set.cases.map((c) => c.id).join('\n')}`;
}
