// Entry of dist/runner.js: the runner with its providers and assertions (ollama client, ajv, …).
// Kept out of dist/extension.js so activation never loads it; see lazy.ts.
export { checkClientModels, describeChecks } from '../core/runner/checkModels';
export { runClientEvalSet } from '../core/runner/runClientEvalSet';
export { ModelUnavailableError } from '../core/runner/runEvalSet';
export { modelServer } from '../core/providers/factory';
export { everyClientJobs, runEveryClient } from '../core/runner/everyClient';
export { compareCandidate } from '../core/compare/compareCandidate';
export { CandidateError } from '../core/compare/candidate';
export { candidateConfig, previousProductionConfig, runsProductionConfig, writeProductionConfig } from '../core/compare/promote';
export { promptVersionFile, readPromptHistory } from '../core/compare/promptHistory';
export { drawMonthlySample } from '../core/review/monthlySample';
export { UnusableSample } from '../core/review/sample';
export { UnmappableLog } from '../core/review/logReader';
export { checkClientHealth } from '../core/health/check';
