import type { CaseComparison, RunComparison } from '../../core/analysis/comparisonTypes';
import { diffTexts } from '../../core/analysis/wordDiff';
import type { BaselinePin } from '../../core/store/baselines';
import type { Attempt, CaseResult } from '../../core/store/runRecord';
import type { CaseDetail, CaseRow, ComparisonDetail, ComparisonView, DiffView, RunRef, RunView } from '../../protocol/results';
import type { Counterpart, LoadedRun } from '../../core/store/runLookup';

/**
 * Run records → what the results webview shows. Plain data in, plain data out: the panel sends
 * the result as a message, the webview renders it as text.
 */

export function runRef(run: LoadedRun): RunRef {
  const r = run.record;
  return {
    file: run.file,
    id: r.id,
    startedAt: r.startedAt,
    status: r.status,
    model: r.model.name,
    digest: r.model.digest,
    score: r.summary.score,
    passRate: r.summary.passRate,
    passed: r.summary.passed,
    errored: r.summary.errored,
    total: r.summary.total,
    partial: r.selectedCases !== undefined,
  };
}

export function runView(run: LoadedRun, counterpart: Counterpart | undefined, comparison: RunComparison | undefined, baseline: BaselinePin | undefined): RunView {
  const r = run.record;
  const changes = new Map<string, CaseComparison>((comparison?.cases ?? []).map((c) => [c.id, c]));
  return {
    file: run.file,
    id: r.id,
    client: r.client,
    evalSet: r.evalSet,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
    stopReason: r.stopReason,
    model: { name: r.model.name, digest: r.model.digest, provider: r.provider.kind, host: r.provider.host },
    promptHash: r.systemPrompt.sha256,
    summary: {
      total: r.summary.total,
      passed: r.summary.passed,
      failed: r.summary.failed,
      errored: r.summary.errored,
      flaky: r.summary.flaky,
      score: r.summary.score,
      passRate: r.summary.passRate,
      latencyP50Ms: r.summary.latencyP50Ms,
      latencyP95Ms: r.summary.latencyP95Ms,
    },
    comparedWith: counterpart &&
      comparison && {
        ...runRef(counterpart),
        kind: counterpart.kind,
        scoreDelta: comparison.scoreDelta,
        passRateDelta: comparison.passRateDelta,
        sharedCasesOnly: comparison.basis.over === 'shared-cases',
      },
    baseline: baseline && { runId: baseline.runId, pinnedAt: baseline.pinnedAt, note: baseline.note },
    cases: r.cases.map((c) => caseRow(c, changes.get(c.id))),
  };
}

function caseRow(c: CaseResult, change: CaseComparison | undefined): CaseRow {
  const first = c.attempts[0];
  return {
    id: c.id,
    status: c.status,
    score: c.score,
    latencyMs: first.latencyMs,
    firstTokenMs: first.firstTokenMs,
    serverTimings: first.serverTimings,
    truncated: first.doneReason === 'length',
    outputCut: first.outputChars === undefined ? undefined : { kept: first.output.length, total: first.outputChars },
    tags: c.tags ?? [],
    assertions: first.assertions.map((a) => ({ type: a.type, pass: a.pass, score: a.score, reason: a.reason, weight: a.weight, error: a.error })),
    flaky: c.flaky,
    attempts: c.attempts.length,
    passRate: c.passRate,
    error: c.attempts.find((a) => a.error)?.error,
    change: change?.change,
    outputChanged: change?.outputChanged,
    input: inputText(c),
    output: outputText(first),
    expected: c.expected,
  };
}

/** A case's prompt as one text: its input, or its messages one after another. */
export function inputText(c: CaseResult): string {
  return c.input ?? (c.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

/** What the model answered; an attempt that could not ask the model has no output. */
export function outputText(a: Attempt | undefined): string {
  return a && !a.error ? a.output : '';
}

/** The core's segments are the protocol's segments (this assignment fails to compile if they drift). */
function diff(before: string, after: string): DiffView {
  const { granularity, segments } = diffTexts(before, after);
  return { granularity, segments };
}

/** A case expanded: its texts, every attempt, and the word diffs against expected and the counterpart. */
export function caseDetail(run: LoadedRun, caseId: string, counterpart: Counterpart | undefined): CaseDetail {
  const c = run.record.cases.find((x) => x.id === caseId);
  if (!c) throw new Error(`Case '${caseId}' is not in run ${run.record.id}.`);
  const output = outputText(c.attempts[0]);
  const before = counterpart?.record.cases.find((x) => x.id === caseId);
  const previousOutput = before && outputText(before.attempts[0]);
  return {
    runId: run.record.id,
    caseId,
    input: inputText(c),
    output,
    expected: c.expected,
    attempts: c.attempts.map((a) => ({ output: a.output, error: a.error, score: a.score, pass: a.pass, latencyMs: a.latencyMs })),
    expectedDiff: c.expected === undefined ? undefined : diff(c.expected, output),
    previous:
      before && counterpart
        ? { runId: counterpart.record.id, kind: counterpart.kind, status: before.status, score: before.score, output: previousOutput ?? '', diff: diff(previousOutput ?? '', output) }
        : undefined,
  };
}

export function comparisonView(base: LoadedRun, head: LoadedRun, comparison: RunComparison, baseIsBaseline: boolean): ComparisonView {
  const tags = new Map<string, string[]>();
  for (const c of [...base.record.cases, ...head.record.cases]) tags.set(c.id, c.tags ?? []);
  return {
    client: head.record.client,
    evalSet: head.record.evalSet,
    base: runRef(base),
    head: runRef(head),
    baseIsBaseline,
    counts: comparison.counts,
    basis: comparison.basis,
    scoreDelta: comparison.scoreDelta,
    passRateDelta: comparison.passRateDelta,
    significance: comparison.significance,
    config: comparison.config,
    cases: comparison.cases.map((c) => ({ ...c, tags: tags.get(c.id) ?? [] })),
  };
}

/** One case of a comparison expanded: base output → head output. */
export function comparisonDetail(base: LoadedRun, head: LoadedRun, caseId: string): ComparisonDetail {
  const b = base.record.cases.find((x) => x.id === caseId);
  const h = head.record.cases.find((x) => x.id === caseId);
  if (!b && !h) throw new Error(`Case '${caseId}' is in neither run.`);
  const before = b && outputText(b.attempts[0]);
  const after = h && outputText(h.attempts[0]);
  return {
    headRunId: head.record.id,
    caseId,
    base: before,
    head: after,
    diff: before !== undefined && after !== undefined ? diff(before, after) : undefined,
  };
}
