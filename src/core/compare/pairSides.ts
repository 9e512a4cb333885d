import { pairedBootstrap } from '../analysis/bootstrap';
import { compareRuns } from '../analysis/compareRuns';
import type { CaseChange } from '../analysis/comparisonTypes';
import { exactMcNemar, midPMcNemarP } from '../analysis/mcnemar';
import { breaches } from '../analysis/series';
import type { CaseResult, RunRecord } from '../store/runRecord';
import { summarize } from '../store/summary';
import type { ClientManifest } from '../workspace/schemas';
import { decide } from './decision';
import type { CasePair, PairOutcome, SetComparison, SideFigures, ThresholdCheck } from './types';

const OUTCOME: Partial<Record<CaseChange, PairOutcome>> = { fixed: 'win', regressed: 'loss', 'unchanged-pass': 'both-pass', 'unchanged-fail': 'both-fail' };

export interface PairOptions {
  thresholds?: ClientManifest['thresholds'];
  margin: number;
  reusedProduction?: string;
  seed?: number;
}

/**
 * Production (base) against the candidate (head) on one set's cases, paired by case id through
 * Compare Runs' own pairing: a fixed case is a win, a regressed one a loss. An errored case counts
 * as not passed and scores 0 (as everywhere), so a candidate error is a loss only where production
 * passed. Only cases both runs finished are paired; a cancelled comparison pairs what it has.
 */
export function pairSides(production: RunRecord, candidate: RunRecord, o: PairOptions): SetComparison {
  const comparison = compareRuns(production, candidate);
  const prodCases = new Map(production.cases.map((c) => [c.id, c]));
  const candCases = new Map(candidate.cases.map((c) => [c.id, c]));
  const pairs: CasePair[] = comparison.cases.map((c) => ({
    id: c.id,
    ...(OUTCOME[c.change] ? { outcome: OUTCOME[c.change] } : {}),
    ...(prodCases.has(c.id) ? { production: side(prodCases.get(c.id)!) } : {}),
    ...(candCases.has(c.id) ? { candidate: side(candCases.get(c.id)!) } : {}),
    outputChanged: c.outputChanged,
  }));
  const paired = pairs.filter((p) => p.outcome);
  const count = (o: PairOutcome) => paired.filter((p) => p.outcome === o).length;
  const counts = { wins: count('win'), losses: count('loss'), bothPass: count('both-pass'), bothFail: count('both-fail'), unpaired: pairs.length - paired.length };
  const differences = paired.map((p) => p.candidate!.score - p.production!.score);
  const interval = pairedBootstrap(differences, { seed: o.seed });
  const mcnemar = exactMcNemar(counts.losses, counts.wins);
  const prod = figures(production, paired.map((p) => prodCases.get(p.id)!));
  const cand = figures(candidate, paired.map((p) => candCases.get(p.id)!));
  const thresholds = thresholdChecks(prod, cand, o.thresholds);
  return {
    evalSet: { id: candidate.evalSet.id, name: candidate.evalSet.name },
    production: prod,
    candidate: cand,
    ...(o.reusedProduction ? { reusedProduction: o.reusedProduction } : {}),
    complete: production.status === 'complete' && candidate.status === 'complete' && counts.unpaired === 0,
    pairs,
    counts,
    candidateErrored: paired.filter((p) => p.candidate!.status === 'errored').length,
    mcnemar: { method: 'exact McNemar (two-sided binomial on the wins and losses), mid-p beside it', pValue: mcnemar.pValue, midPValue: midPMcNemarP(counts.losses, counts.wins) },
    interval,
    deltas: {
      passRate: cand.passRate - prod.passRate,
      score: cand.score - prod.score,
      ...(prod.latencyP50Ms !== undefined && cand.latencyP50Ms !== undefined ? { latencyP50Ms: cand.latencyP50Ms - prod.latencyP50Ms } : {}),
      ...(prod.latencyP95Ms !== undefined && cand.latencyP95Ms !== undefined ? { latencyP95Ms: cand.latencyP95Ms - prod.latencyP95Ms } : {}),
      promptTokens: cand.tokens.prompt - prod.tokens.prompt,
      completionTokens: cand.tokens.completion - prod.tokens.completion,
    },
    thresholds,
    decision: decide({ wins: counts.wins, losses: counts.losses, pValue: mcnemar.pValue, interval, differences, thresholds, margin: o.margin }),
  };
}

function side(c: CaseResult): CasePair['production'] {
  return { status: c.status, score: c.status === 'errored' ? 0 : c.score };
}

/** One side's figures over the paired cases (the run summary's own rules), so both sides are measured on the same cases. */
function figures(run: RunRecord, cases: readonly CaseResult[]): SideFigures {
  const s = summarize(cases);
  return {
    runId: run.id,
    model: run.model.name,
    host: run.provider.host,
    ...(run.model.digest ? { digest: run.model.digest } : {}),
    promptSha256: run.systemPrompt.sha256,
    passRate: s.passRate,
    score: s.score,
    errored: s.errored,
    ...(s.latencyP50Ms !== undefined ? { latencyP50Ms: s.latencyP50Ms } : {}),
    ...(s.latencyP95Ms !== undefined ? { latencyP95Ms: s.latencyP95Ms } : {}),
    tokens: s.tokens,
  };
}

function thresholdChecks(prod: SideFigures, cand: SideFigures, thresholds: ClientManifest['thresholds']): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  const meets = (f: SideFigures, metric: ThresholdCheck['metric']) => !breaches(f, thresholds).some((b) => b.metric === metric);
  for (const metric of ['passRate', 'latencyP95Ms'] as const) {
    const threshold = thresholds?.[metric];
    if (threshold === undefined) continue;
    checks.push({ metric, threshold, production: prod[metric], candidate: cand[metric], productionMeets: meets(prod, metric), candidateMeets: meets(cand, metric) });
  }
  return checks;
}
