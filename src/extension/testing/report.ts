import * as vscode from 'vscode';
import type { CaseOutcome } from '../../core/store/caseHistory';

/** A message as the controller passed it to the TestRun: VS Code offers no API to read results back. */
export interface RecordedMessage {
  message: string;
  expected?: string;
  actual?: string;
}

export type RecordedStateName = 'enqueued' | 'started' | 'skipped' | 'passed' | 'failed' | 'errored';

export interface RecordedState {
  state: RecordedStateName;
  duration?: number;
  messages: RecordedMessage[];
}

/** What the controller reported in one TestRun: the last state of each item (by id) and the run's output. */
export interface TestRunReport {
  name: string;
  states: Record<string, RecordedState>;
  output: string;
  /** Run records the run wrote (live runs) or replayed (restores). */
  runFiles: string[];
  ended: boolean;
}

/**
 * A TestRun that also writes down what it was told, for the integration tests and for the
 * controller itself (which run record each case's state came from).
 */
export class ReportingRun {
  readonly report: TestRunReport;

  constructor(
    private readonly run: vscode.TestRun | undefined,
    name: string,
  ) {
    this.report = { name, states: {}, output: '', runFiles: [], ended: false };
  }

  get token(): vscode.CancellationToken | undefined {
    return this.run?.token;
  }

  enqueued(item: vscode.TestItem): void {
    this.run?.enqueued(item);
    this.set(item, 'enqueued');
  }

  started(item: vscode.TestItem): void {
    this.run?.started(item);
    this.set(item, 'started');
  }

  skipped(item: vscode.TestItem): void {
    this.run?.skipped(item);
    this.set(item, 'skipped');
  }

  passed(item: vscode.TestItem, duration?: number): void {
    this.run?.passed(item, duration);
    this.set(item, 'passed', [], duration);
  }

  failed(item: vscode.TestItem, message: vscode.TestMessage, duration?: number): void {
    this.run?.failed(item, message, duration);
    this.set(item, 'failed', [message], duration);
  }

  errored(item: vscode.TestItem, message: vscode.TestMessage, duration?: number): void {
    this.run?.errored(item, message, duration);
    this.set(item, 'errored', [message], duration);
  }

  /** Text for the Test Results terminal; line breaks become the CRLF it needs. */
  appendOutput(text: string, item?: vscode.TestItem): void {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    this.run?.appendOutput(crlf, undefined, item);
    this.report.output += text;
  }

  end(): void {
    if (this.report.ended) return;
    this.report.ended = true;
    this.run?.end();
  }

  private set(item: vscode.TestItem, state: RecordedStateName, messages: vscode.TestMessage[] = [], duration?: number): void {
    this.report.states[item.id] = {
      state,
      duration,
      messages: messages.map((m) => ({
        message: typeof m.message === 'string' ? m.message : m.message.value,
        expected: m.expectedOutput,
        actual: m.actualOutput,
      })),
    };
  }
}

/** Reports a case's outcome, live or replayed from a run record, in the one way both share. */
export function reportOutcome(run: ReportingRun, item: vscode.TestItem, o: CaseOutcome): void {
  if (o.status === 'passed') run.passed(item, o.durationMs);
  else if (o.status === 'failed') run.failed(item, failureMessage(o, item), o.durationMs);
  else run.errored(item, erroredMessage(o, item), o.durationMs);
  run.appendOutput(`${outcomeLine(o)}  ${o.caseId}\n`, item);
}

/**
 * A failing case: VS Code's own expected-vs-actual diff. Expected is the case's `expected` when it
 * has one, otherwise what the failing assertions wanted; actual is what the model said.
 */
export function failureMessage(o: CaseOutcome, item?: vscode.TestItem): vscode.TestMessage {
  const reasons = o.failures.length ? o.failures : [`score ${o.score.toFixed(2)} is below the case's threshold`];
  const lines = [`Failed with score ${o.score.toFixed(2)}.`, ...reasons.map((r) => `• ${r}`)];
  if (o.flaky) lines.unshift(flakyText(o));
  const message = vscode.TestMessage.diff(lines.join('\n'), o.expected ?? reasons.join('\n'), o.output);
  message.location = locationOf(item);
  return message;
}

export function erroredMessage(o: CaseOutcome, item?: vscode.TestItem): vscode.TestMessage {
  const message = new vscode.TestMessage(`The model could not be asked: ${o.error ?? 'no answer'}`);
  message.location = locationOf(item);
  return message;
}

/** "Flaky: passed 2 of 3 attempts; attempt 2 failed." */
export function flakyText(o: CaseOutcome): string {
  const passed = Math.round(o.passRate * o.attempts);
  return `Flaky: passed ${passed} of ${o.attempts} attempts; attempt ${o.attempt + 1} failed.`;
}

/** "✓ 0.92", "✗ 0.40 · flaky", "! error": the same words in the Test Results output and in CodeLens. */
export function outcomeLine(o: CaseOutcome): string {
  if (o.status === 'errored') return '! error';
  return `${o.status === 'passed' ? '✓' : '✗'} ${o.score.toFixed(2)}${o.flaky ? ' · flaky' : ''}`;
}

function locationOf(item?: vscode.TestItem): vscode.Location | undefined {
  return item?.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
}
