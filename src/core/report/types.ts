import type { DriftResult } from '../analysis/drift';
import type { MonthHours } from '../analysis/hours';
import type { Breach, Thresholds } from '../analysis/series';
import type { SeverityFigures } from '../health/compliance';
import type { ChangelogCategory, UnparsedEntry } from '../workspace/changelog';

/**
 * The monthly report of one client, as data: every figure the Markdown, the HTML, the PDF and
 * `upkeep report --json` show comes from here, so they cannot disagree.
 */
export interface MonthlyReport {
  client: { id: string; name: string; dir: string };
  /** YYYY-MM and "October 2026". */
  month: string;
  monthLabel: string;
  /** When it was made (ISO) and that day on the engineer's clock. */
  preparedAt: string;
  preparedOn: string;
  /** The IANA zone runs were placed into months by; undefined: the machine's own. */
  timeZone?: string;
  thresholds?: Thresholds;
  health: ReportHealth;
  /** No eval run of any set this month: the report says so and recommends one. */
  noRuns: boolean;
  sets: SetReport[];
  narrative: Narrative;
  retraining: RetrainingRecommendation;
  anomalies: Anomaly[];
  /** Candidate comparisons saved this month, for the retraining section; absent when there were none. */
  comparisons?: ReportComparison[];
  /** Comparison records of the month that could not be read: said in the retraining section, never left out silently. */
  unreadableComparisons?: UnreadableComparison[];
  /** What the month's production review found, in sentences; absent without a review sample. */
  productionReview?: string[];
  hours: ReportHours;
  /** The engineer's own notes, kept in the Markdown between markers across regeneration. */
  notes: string;
}

export type HealthStatus = 'healthy' | 'attention' | 'breach';

export interface ReportHealth {
  status: HealthStatus;
  /** Why, one sentence each. */
  reasons: string[];
  /** Uptime and incidents come from health checks and incident files once those are kept. */
  operations: ReportOperations;
}

/** The month's uptime and incidents (src/core/report/operations.ts); `note` says it in words. */
export interface ReportOperations {
  monitored: boolean;
  note: string;
  /** The uptime sentence of `note` alone, above the incidents table. */
  uptimeNote?: string;
  /** The month's incidents by severity, only the severities that had one: the health section's table. */
  bySeverity?: SeverityFigures[];
  uptime?: number;
  availabilityTarget?: number;
  incidents?: number;
  slaCompliance?: number;
}

/** One run as the report quotes it. */
export interface RunFigure {
  runId: string;
  startedAt: string;
  /** The day it ran on the engineer's clock. */
  date: string;
  passed: number;
  total: number;
  passRate: number;
  score: number;
  latencyP50Ms?: number;
  latencyP95Ms?: number;
}

export interface SetReport {
  evalSetId: string;
  name: string;
  /** Runs of the set this month, of any status, and how many of them were complete runs of the whole set. */
  runs: number;
  completeRuns: number;
  first?: RunFigure;
  last?: RunFigure;
  /** The last complete run before this month (normally last month's last). */
  previous?: RunFigure;
  /** last − previous, when both exist. */
  move?: { passRate: number; score: number };
  /** As of the month's last complete run. */
  drift: DriftResult;
  /** Threshold breaches of this month's complete runs. */
  breaches: { runId: string; date: string; passed: number; total: number; passRate: number; breach: Breach }[];
  /** Complete runs of the six months ending with this one, oldest first: the trend chart. */
  series: RunFigure[];
  /** Case ids by how they moved from `previous` to `last`. */
  fixedCases: string[];
  regressedCases: string[];
}

export interface NarrativeItem {
  evalSetName?: string;
  text: string;
  caseIds?: string[];
}

/** A change-log entry that changed something, with the runs either side so the client sees whether it worked. */
export interface FixItem {
  date: string;
  category: ChangelogCategory;
  title: string;
  hours: number;
  file: string;
  line: number;
  sets: { evalSetName: string; before?: RunFigure; after?: RunFigure }[];
}

export interface Narrative {
  improved: NarrativeItem[];
  degraded: NarrativeItem[];
  fixed: FixItem[];
  /** What we recommend; the engineer's own plans are in `notes`. */
  next: string[];
}

export type RetrainingCheckKind = 'pass-rate' | 'drift' | 'schedule';

export interface RetrainingRecommendation {
  recommended: boolean;
  /** The checks that said yes, in words; empty when none did. */
  reasons: string[];
  /** Every check made, with what it found. */
  checks: { kind: RetrainingCheckKind; triggered: boolean; detail: string }[];
  /** The rule, stated once for the reader. */
  rule: string;
}

export type AnomalyKind = 'latency-spike' | 'errored-cases' | 'flaky-cases' | 'stopped-early' | 'unlogged-model-change';

export interface Anomaly {
  kind: AnomalyKind;
  date: string;
  evalSetName?: string;
  runId?: string;
  caseIds?: string[];
  text: string;
}

export interface ReportHours {
  /** This month against the retainer, by category. */
  month: MonthHours;
  /** The months before, oldest first, for context. */
  previous: MonthHours[];
  /** Change-log headings that do not parse: left out of the hours, never guessed. */
  unparsed: UnparsedEntry[];
}

/** A comparison record that does not read: its file (relative to the client folder) and why. */
export interface UnreadableComparison {
  file: string;
  reason: string;
}

/** A comparison saved in the month, as the retraining section shows it (src/core/report/comparisons.ts). */
export interface ReportComparison {
  id: string;
  /** Its day on the engineer's clock. */
  date: string;
  status: 'complete' | 'cancelled';
  /** Production's model(s) and the candidate (model, and prompt file when not production's). */
  production: string;
  candidate: string;
  decision: 'promote' | 'reject' | 'inconclusive';
  rule: string;
  reasons: string[];
  sets: { name: string; wins: number; losses: number; bothPass: number; bothFail: number; pValue: number; interval: { mean: number; low: number; high: number; level: number }; decision: string }[];
  /** The change-log entry that put it into production, on or after its day within the month. */
  promoted?: { date: string; category: string; title: string };
}
