import * as z from 'zod';
import { ASSERTION_KINDS, ASSERTION_TYPES, parseAssertionType, unknownTypeMessage, valueProblem, type AssertionKind } from '../assertions/catalogue';
import { slaSchema } from '../health/sla';
import { clientPath } from './pathFields';

/**
 * The formats of the client folder. These zod schemas are the truth: the loader validates with
 * them and `schemas/*.json` (the JSON Schemas the YAML extension uses for completion) are
 * generated from them.
 */

const url = z.url({ protocol: /^https?$/ });

const modelOptions = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    num_ctx: z.number().int().positive().optional(),
    num_predict: z.number().int().optional(),
    repeat_penalty: z.number().optional(),
    stop: z.array(z.string()).optional(),
  })
  .strict()
  .describe('Sampling options passed to the model (Ollama names).');

const modelConfig = z
  .object({
    provider: z.enum(['ollama', 'openai', 'replay']).default('ollama').describe('ollama, openai (any OpenAI-compatible server) or replay (answers from a transcript).'),
    host: url.optional().describe('Base URL of the model server, e.g. http://127.0.0.1:11434.'),
    name: z.string().min(1).describe('Model name as the server knows it, e.g. acme-support:v3.'),
    options: modelOptions.optional(),
    format: z.union([z.literal('json'), z.record(z.string(), z.unknown())]).optional().describe('"json" or a JSON schema the answer must follow.'),
    keepAlive: z.union([z.string(), z.number()]).optional().describe('How long the server keeps the model loaded, e.g. 10m.'),
    timeoutMs: z.number().int().positive().optional().describe('Per-request time-out in milliseconds.'),
    apiKeyEnv: z.string().min(1).optional().describe('openai: the environment variable holding the API key (never the key itself).'),
    transcript: clientPath.optional().describe('replay: JSONL transcript of recorded answers.'),
    price: z
      .object({
        input: z.number().nonnegative().describe('Price of one million prompt tokens.'),
        output: z.number().nonnegative().describe('Price of one million completion tokens.'),
      })
      .strict()
      .optional()
      .describe('What the model costs, for cost assertions (any currency; thresholds are in the same one).'),
  })
  .strict();

/** The report's branding: in client.yaml, and in upkeep.yaml for every client of the workspace. */
export const reportBranding = z
  .object({
    agencyName: z.string().min(1).optional().describe('The agency, as the report header names it.'),
    logo: clientPath.optional().describe('An image (PNG, JPEG or SVG) inside the client folder, shown in the report header.'),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .optional()
      .describe('Accent colour of headings and charts, #rrggbb.'),
    contact: z.string().min(1).optional().describe('The line under the report: who to call, and how.'),
  })
  .strict();

/** A candidate: the production model with overrides, tried against it by Compare Candidate. */
export const candidateSchema = z
  .object({
    name: z.string().min(1).optional().describe('The candidate model as its server knows it (default: the production model).'),
    host: url.optional().describe('The candidate\'s server (default: the production host).'),
    provider: z.enum(['ollama', 'openai']).optional().describe('ollama or openai (default: the production provider).'),
    options: modelOptions.optional().describe('Sampling options; replace the production options as a whole when given.'),
    systemPrompt: clientPath.optional().describe('Another system prompt file inside the client folder.'),
  })
  .strict();

const compareSettings = z
  .object({
    margin: z.number().min(0).max(1).optional().describe('Promote only when the lower bound of the 95% interval of the score difference is above −margin (default 0.02).'),
    candidate: candidateSchema.optional().describe('The candidate Compare Candidate and upkeep compare try by default.'),
  })
  .strict();

/** Where the client's production answers are logged and how to read them, for the monthly review. */
const productionLogs = z
  .object({
    logs: clientPath.default('production').describe('A JSONL or CSV log of answered queries, or a folder of them (*.jsonl, *.csv), one answered query a line.'),
    fields: z
      .object({
        input: z.string().min(1).default('input').describe('The field (JSONL key or CSV column) holding the query.'),
        output: z.string().min(1).default('output').describe('The field holding the answer given.'),
        timestamp: z.string().min(1).default('timestamp').describe('The field holding when it was answered (ISO 8601; without an offset it is local time).'),
        latencyMs: z.string().min(1).optional().describe('The field holding the answer time in milliseconds, for latency assertions.'),
        flagged: z.string().min(1).optional().describe('A field that marks a line automatic checks flagged (true, yes, 1): such lines can be oversampled.'),
      })
      .strict()
      .default({ input: 'input', output: 'output', timestamp: 'timestamp' })
      .describe('Which field holds what; every other field is kept with the line (channel, intent, …).'),
    // A getter: the assertion schema is declared further down.
    get assert() {
      return z.array(assertionSchema).optional().describe("Assertions that need no expected answer, run on every sampled answer (default: the eval sets' defaults.assert).");
    },
    size: z.number().int().min(1).max(10000).optional().describe('How many lines a sample draws (default 50).'),
    stratify: z.string().min(1).optional().describe('A field to stratify the sample by (proportional, every value at least once when the size allows).'),
    oversampleFlagged: z.number().min(0).max(1).optional().describe('The share of the sample drawn first from flagged lines, e.g. 0.2.'),
  })
  .strict();

export const clientManifestSchema = z
  .object({
    name: z.string().min(1).describe('The client, as the report names it.'),
    description: z.string().optional(),
    model: modelConfig,
    systemPrompt: clientPath.default('system-prompt.md'),
    evals: clientPath.default('evals').describe('Folder of eval sets (*.yaml, *.yml, *.jsonl).'),
    runbooks: clientPath.default('runbooks'),
    changelog: clientPath.default('CHANGELOG.md'),
    judge: z
      .object({
        name: z.string().min(1).describe('Model that grades llm-rubric assertions.'),
        host: url.optional(),
        provider: z.enum(['ollama', 'openai']).optional(),
        embeddings: z.string().min(1).optional().describe('Embedding model for similar assertions.'),
      })
      .strict()
      .optional(),
    thresholds: z
      .object({
        passRate: z.number().min(0).max(1).optional().describe('Below this pass rate a run is a breach.'),
        latencyP95Ms: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    retainer: z
      .object({
        includedHours: z.number().nonnegative().describe('Hours included per month.'),
        hourlyRate: z.number().nonnegative().optional(),
        currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code, e.g. AUD').optional(),
      })
      .strict()
      .optional(),
    contact: z.object({ name: z.string().optional(), email: z.string().optional() }).strict().optional(),
    retrain: z
      .object({ everyMonths: z.number().int().positive().optional().describe('Recommend a retrain when this many months have passed since the last retrain entry.') })
      .strict()
      .optional(),
    report: reportBranding.optional().describe('How the monthly report presents the agency.'),
    sla: slaSchema.optional(),
    compare: compareSettings.optional().describe('Candidate against production: the decision margin and the default candidate.'),
    production: productionLogs.optional().describe('The production log the monthly review samples.'),
  })
  .strict();

/** `upkeep.yaml` at the workspace root: what every client of the workspace inherits. */
export const workspaceSettingsSchema = z
  .object({
    report: reportBranding
      .extend({ logo: clientPath.optional().describe('An image (PNG, JPEG or SVG) inside the workspace folder, shown in the report header.') })
      .optional()
      .describe("The agency's branding of every client's report; a client's own report: section overrides it field by field."),
  })
  .strict();

export type WorkspaceSettingsFile = z.output<typeof workspaceSettingsSchema>;
export type ClientManifest = z.output<typeof clientManifestSchema>;
export type ModelConfig = ClientManifest['model'];
export type Candidate = z.output<typeof candidateSchema>;
export type ProductionConfig = NonNullable<ClientManifest['production']>;

/** One assertion as written in an eval file (defaults or a case). */
export interface Assertion {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  flags?: string;
  /** assert-set: the nested assertions. */
  assert?: Assertion[];
}

export const assertionSchema: z.ZodType<Assertion> = z
  .object({
    type: z.enum(ASSERTION_TYPES as [string, ...string[]], { error: (issue) => unknownTypeMessage(issue.input) }).describe('Assertion type; deterministic types may be prefixed not-.'),
    value: z.unknown().optional(),
    threshold: z.number().optional(),
    weight: z.number().nonnegative().optional().describe('Weight in the case score; 0 reports without counting.'),
    metric: z.string().optional(),
    flags: z.string().regex(/^[dgimsuvy]*$/, 'regex flags from d, g, i, m, s, u, v, y').optional(),
    get assert() {
      return z.array(assertionSchema).optional().describe('assert-set: the nested assertions, scored together.');
    },
  })
  .strict()
  .superRefine(checkAssertion);

/** Parameters that cannot work are Problems at their position when the file loads, not failures at run time. */
function checkAssertion(a: Assertion, ctx: z.RefinementCtx): void {
  const parsed = parseAssertionType(a.type);
  if (!parsed) return; // the enum already reported it
  const kind: AssertionKind = ASSERTION_KINDS[parsed.base];
  const value = valueProblem(a.type, a.value);
  if (value) ctx.addIssue({ code: 'custom', path: value.path, message: value.message });
  if (parsed.base === 'assert-set' && !a.assert?.length) ctx.addIssue({ code: 'custom', path: ['type'], message: "'assert-set' needs assert: a list of the assertions it groups." });
  if (parsed.base !== 'assert-set' && a.assert !== undefined) ctx.addIssue({ code: 'custom', path: ['assert'], message: `Only assert-set takes assert; '${a.type}' does not.` });
  const rule = kind.threshold;
  if (parsed.base === 'cost' && a.threshold === undefined && a.weight !== 0) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: "'cost' needs a threshold (the most an answer may cost), or weight: 0 to report the cost without grading it." });
  } else if (rule?.required && a.threshold === undefined) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `'${a.type}' needs a threshold (${rule.means}).` });
  } else if (rule && a.threshold !== undefined && (a.threshold < rule.min || (rule.max !== undefined && a.threshold > rule.max))) {
    const range = rule.max !== undefined ? `between ${rule.min} and ${rule.max}` : `${rule.min} or more`;
    ctx.addIssue({ code: 'custom', path: ['threshold'], message: `'${a.type}' threshold ${a.threshold} cannot work: it must be ${range}.` });
  }
  if (parsed.base === 'regex' && !value && typeof a.value === 'string') {
    try {
      new RegExp(a.value, a.flags ?? '');
    } catch (e) {
      const message = (e as Error).message;
      const badFlags = /flags/i.test(message);
      ctx.addIssue({ code: 'custom', path: [badFlags ? 'flags' : 'value'], message: badFlags ? `Invalid regex flags '${a.flags}': each flag at most once, and not u with v.` : message });
    }
  }
}


const message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }).strict();

export const evalCaseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit'),
    description: z.string().optional(),
    input: z.string().optional().describe('The user message sent to the model.'),
    messages: z.array(message).min(1).optional().describe('A whole conversation, for multi-turn cases.'),
    expected: z.string().optional().describe('The reference answer, shown beside the output.'),
    assert: z.array(assertionSchema).optional(),
    tags: z.array(z.string()).optional(),
    threshold: z.number().min(0).max(1).optional().describe('The case passes when its score reaches this, instead of every assertion passing.'),
    repeat: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .refine((c) => (c.input === undefined) !== (c.messages === undefined), {
    message: 'A case needs exactly one of input or messages.',
    path: ['id'],
  });

export type EvalCaseData = z.output<typeof evalCaseSchema>;

export const evalDefaultsSchema = z
  .object({
    assert: z.array(assertionSchema).optional(),
    threshold: z.number().min(0).max(1).optional(),
    repeat: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const NO_CASES = 'An eval set needs at least one case.';

/** The envelope of a YAML eval set; cases are validated one by one so one bad case loses no others. */
export const evalSetHeaderSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    defaults: evalDefaultsSchema.optional(),
    cases: z.array(z.unknown()).min(1, NO_CASES),
  })
  .strict();

/** The whole eval-set file, for the generated JSON Schema (the loader uses the pieces above). */
export const evalSetFileSchema = evalSetHeaderSchema.extend({ cases: z.array(evalCaseSchema).min(1) });
