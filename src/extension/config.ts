import * as vscode from 'vscode';

/** Typed access to Upkeep's settings (`upkeep.*`), read fresh each time so changes apply at once. */
export const config = {
  get concurrency(): number {
    return setting('run.concurrency', 4);
  },
  get maxRetries(): number {
    return setting('run.maxRetries', 4);
  },
  get maxAnswerChars(): number {
    return setting('run.maxAnswerChars', 100_000);
  },
  get healthIntervalMinutes(): number {
    return setting('health.intervalMinutes', 15);
  },
  get healthFirstCheckSeconds(): number {
    return setting('health.firstCheckSeconds', 60);
  },
};

function setting<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('upkeep').get<T>(key, fallback);
}
