/**
 * What Compare Runs answers: for two runs of one eval set, what got better, what got worse, and
 * whether the change is more than noise. Shared by the core comparison, the results webview and
 * the Test Explorer; the implementation is src/core/analysis/compareRuns.ts.
 */
/**
 * `new` and `removed` are said only against a run that ran the whole set to its end; a case that
 * a partial run (Test Explorer selection) or a cancelled or interrupted run lacks is `not-run`.
 */
export type CaseChange = 'fixed' | 'regressed' | 'unchanged-pass' | 'unchanged-fail' | 'new' | 'removed' | 'not-run';

export interface CaseComparison {
  id: string;
  change: CaseChange;
  /** Undefined for a case that is not in that run. */
  baseScore?: number;
  headScore?: number;
  basePass?: boolean;
  headPass?: boolean;
  /** The outputs differ (first attempt of each). */
  outputChanged: boolean;
}

/** An exact McNemar test on the cases both runs share: did the pass rate really move? */
export interface SignificanceTest {
  test: 'exact McNemar (two-sided binomial on discordant pairs)';
  /** Cases that passed in base and failed in head (b), and the reverse (c). */
  regressed: number;
  fixed: number;
  pValue: number;
  alpha: number;
  significant: boolean;
  /** One sentence for people: "12 fixed vs 3 regressed: p = 0.035, more than noise at α = 0.05". */
  verdict: string;
}

export interface ConfigDifference {
  field: 'model' | 'digest' | 'options' | 'format' | 'systemPrompt' | 'judge' | 'provider';
  base: string;
  head: string;
}

export interface RunComparison {
  baseRunId: string;
  headRunId: string;
  evalSetId: string;
  cases: CaseComparison[];
  counts: Record<CaseChange, number>;
  /**
   * What the deltas compare. When both runs ran the whole set to the end, each run's own cases
   * (so new and removed cases count); otherwise only the cases both runs have, since a run of
   * three selected cases says nothing about the other thirty-seven.
   */
  basis: { over: 'each-run' | 'shared-cases'; sharedCases: number; baseScore: number; headScore: number; basePassRate: number; headPassRate: number };
  scoreDelta: number;
  passRateDelta: number;
  significance: SignificanceTest;
  config: ConfigDifference[];
}
