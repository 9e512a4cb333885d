// `upkeep import promptfoo`: a promptfoo config's tests become an Upkeep eval set. Each test's
// vars are rendered into the prompt template to make the case's input, its assertions (and
// defaultTest's) carry over unchanged where Upkeep has the type, and a single prompt's static
// system message becomes the client's system prompt. What cannot be carried over (providers,
// script assertions, transforms, templates beyond plain variables) is listed with its position.
import { promises as fs } from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseAssertionType } from '../assertions/catalogue';
import { parseEvalSet } from '../workspace/evalSet';
import { assertionSchema } from '../workspace/schemas';
import { problem, type Problem, type SourceRange } from '../workspace/problems';
import type { PathKey } from '../workspace/yamlSource';
import { YamlSource } from '../workspace/yamlSource';
import { readTextRelative } from './files';
import { testsFromCsv } from './promptfooCsv';

export interface ImportResult {
  /** The eval set file written, inside the client folder. */
  setFile: string;
  caseCount: number;
  /** The system prompt file written, when the config's prompt had a static system message and the client had none. */
  systemPromptFile?: string;
  /** Everything that was not carried over, each at its position in the config (or the file it came from). */
  notCarried: Problem[];
}

export class ImportError extends Error {}

interface Prompt {
  system?: string;
  /** The messages after the system one, as templates. */
  turns: { role: 'user' | 'assistant'; content: string }[];
}

type Raw = Record<string, unknown>;

/** Keys of an assertion Upkeep reads; promptfoo's others (provider, rubricPrompt, transform…) are reported. */
const ASSERTION_KEYS = new Set(['type', 'value', 'threshold', 'weight', 'metric', 'assert']);
/** Top-level keys that say nothing about the tests and are dropped without a word. */
const SILENT_KEYS = new Set(['description', 'prompts', 'tests', 'defaultTest', '$schema', 'tags', 'sharing', 'outputPath', 'writeLatestResults']);

/**
 * Reads `configFile` and writes the eval set into `clientDir` (which must hold a client.yaml).
 * Never overwrites: an existing eval set of the same name is an ImportError.
 */
export async function importPromptfoo(configFile: string, clientDir: string): Promise<ImportResult> {
  const text = await fs.readFile(configFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ImportError(`Cannot read ${configFile}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}.`);
  });
  const manifestText = await fs.readFile(path.join(clientDir, 'client.yaml'), 'utf8').catch(() => undefined);
  if (manifestText === undefined) throw new ImportError(`${clientDir} holds no client.yaml: create the client first (Upkeep: Create Client), then import into it.`);
  const source = new YamlSource(configFile, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) throw new ImportError(`${configFile}:${syntax[0].range.line}:${syntax[0].range.column}: ${syntax[0].message}`);
  const config = (source.toJS() ?? {}) as Raw;
  if (typeof config !== 'object' || Array.isArray(config)) throw new ImportError(`${configFile} is not a promptfoo config (a mapping with prompts and tests).`);

  const notCarried: Problem[] = [];
  const note = (at: PathKey[], why: string, src: TestsSource = source): void => void notCarried.push(problem(src.file, src.locate(at, 'key'), why, 'not-imported', 'warning'));
  const configDir = path.dirname(configFile);

  for (const key of Object.keys(config)) {
    if (key === 'providers' || key === 'targets') note([key], `${key}: the client's model in client.yaml answers the cases; promptfoo providers are not carried over.`);
    else if (key === 'scenarios') note([key], 'scenarios: not carried over; write each combination as cases.');
    else if (!SILENT_KEYS.has(key)) note([key], `${key}: not carried over (Upkeep has no equivalent).`);
  }

  const prompt = readPrompt(config.prompts, note);
  const defaultTest = (isRecord(config.defaultTest) ? config.defaultTest : {}) as Raw;
  const defaultVars = isRecord(defaultTest.vars) ? defaultTest.vars : {};
  const defaults: Raw = {};
  const defaultAsserts = await readAsserts(defaultTest.assert, ['defaultTest', 'assert'], defaultVars, configDir, note);
  if (defaultAsserts.length) defaults.assert = defaultAsserts;
  if (typeof defaultTest.threshold === 'number') defaults.threshold = defaultTest.threshold;
  for (const key of Object.keys(defaultTest)) if (!['assert', 'threshold', 'vars'].includes(key)) note(['defaultTest', key], `defaultTest.${key}: not carried over (${key === 'options' ? 'transforms and per-test providers do not exist in Upkeep' : 'no equivalent'}).`);

  const { tests, testsSource, testsPath } = await readTests(config.tests, source, configDir, note);
  const ids = new Set<string>();
  const cases: Raw[] = [];
  for (const [i, test] of tests.entries()) {
    const at = [...testsPath, i];
    if (!isRecord(test)) {
      note(at, 'a test that is not a mapping: not carried over.', testsSource);
      continue;
    }
    const vars = renderVars({ ...defaultVars, ...(isRecord(test.vars) ? await readVars(test.vars, configDir) : {}) }, [...at, 'vars'], note, testsSource);
    const c: Raw = { id: uniqueId(typeof test.description === 'string' ? test.description : `test-${i + 1}`, ids) };
    if (typeof test.description === 'string') c.description = test.description;
    const rendered = prompt.turns.map((t) => ({ role: t.role, content: render(t.content, vars, [...at, 'vars'], note, testsSource) }));
    if (rendered.length === 1 && rendered[0].role === 'user') c.input = rendered[0].content;
    else c.messages = rendered;
    const asserts = await readAsserts(test.assert, [...at, 'assert'], vars, configDir, note, testsSource);
    if (asserts.length) c.assert = asserts;
    if (typeof test.threshold === 'number') c.threshold = test.threshold;
    if (isRecord(test.metadata)) c.tags = Object.entries(test.metadata).map(([k, v]) => `${k}:${typeof v === 'string' ? v : JSON.stringify(v)}`);
    for (const key of Object.keys(test)) {
      if (!['vars', 'assert', 'description', 'threshold', 'metadata'].includes(key)) note([...at, key], `${key}: not carried over (${key === 'options' ? 'transforms and per-test providers do not exist in Upkeep' : key === 'provider' ? "the client's model answers every case" : 'no equivalent'}).`, testsSource);
    }
    cases.push(c);
  }
  if (cases.length === 0) throw new ImportError(`${configFile} has no tests to import.`);

  const name = typeof config.description === 'string' && config.description.trim() ? config.description.trim() : path.basename(configFile).replace(/\.(ya?ml|json)$/i, '');
  const set: Raw = { name, ...(Object.keys(defaults).length ? { defaults } : {}), cases };
  const setText = `# Imported from ${path.basename(configFile)} by upkeep import promptfoo.\n${stringify(set, { lineWidth: 100 })}`;
  const setFile = path.join(clientDir, 'evals', `${slug(name) || 'imported'}.yaml`);
  const check = parseEvalSet(setFile, path.relative(clientDir, setFile), setText);
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new ImportError(`The imported set would not load: ${errors[0].message}`);
  await fs.mkdir(path.dirname(setFile), { recursive: true });
  await fs.writeFile(setFile, setText, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
    throw new ImportError(e.code === 'EEXIST' ? `${setFile} exists already; it is not overwritten (rename it, or the config's description).` : `Cannot write ${setFile}: ${e.message}`);
  });
  const systemPromptFile = prompt.system !== undefined ? await writeSystemPrompt(clientDir, manifestText, prompt.system, note) : undefined;
  notCarried.sort((a, b) => a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column);
  return { setFile, caseCount: cases.length, systemPromptFile, notCarried };
}

/** Where the tests were written: the config or a tests file (YAML, JSON or CSV). */
interface TestsSource {
  file: string;
  locate(at: readonly PathKey[], part?: 'value' | 'key'): SourceRange;
}

type Note = (at: PathKey[], why: string, src?: TestsSource) => void;

/** The one prompt a client has: its static system message, and the turns rendered per test. */
function readPrompt(prompts: unknown, note: Note): Prompt {
  const list = prompts === undefined ? ['{{prompt}}'] : Array.isArray(prompts) ? prompts : [prompts];
  list.slice(1).forEach((_, i) => note(['prompts', i + 1], 'a second prompt: Upkeep runs one prompt per client; only the first was carried over (compare others as candidates).'));
  const first = list[0];
  const raw = isRecord(first) ? (first.raw ?? first.content ?? first.prompt) : first;
  if (typeof raw !== 'string') {
    note(['prompts'], 'a prompt that is not text: the cases send the test vars as they are.');
    return { turns: [{ role: 'user', content: '{{prompt}}' }] };
  }
  if (raw.startsWith('file://')) {
    note(['prompts', 0], 'a prompt in a file: read it into the client’s system prompt by hand; the cases send {{prompt}}.');
    return { turns: [{ role: 'user', content: '{{prompt}}' }] };
  }
  const chat = parseChat(raw);
  if (!chat) return { turns: [{ role: 'user', content: raw }] };
  const system = chat[0]?.role === 'system' && !/{{|{%/.test(chat[0].content) ? chat[0].content : undefined;
  const turns = (system !== undefined ? chat.slice(1) : chat).filter((m): m is Prompt['turns'][number] => m.role === 'user' || m.role === 'assistant');
  return { system, turns: turns.length ? turns : [{ role: 'user', content: '{{prompt}}' }] };
}

/** A chat prompt (a JSON or YAML list of {role, content}), or undefined for a text prompt. */
function parseChat(raw: string): { role: string; content: string }[] | undefined {
  if (!/^\s*[[-]/.test(raw)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.every((m) => isRecord(m) && typeof m.role === 'string' && typeof m.content === 'string') ? (parsed as { role: string; content: string }[]) : undefined;
}

async function readTests(tests: unknown, source: YamlSource, configDir: string, note: Note): Promise<{ tests: unknown[]; testsSource: TestsSource; testsPath: PathKey[] }> {
  if (Array.isArray(tests)) return { tests, testsSource: source, testsPath: ['tests'] };
  if (typeof tests === 'string' && /^file:\/\/.+\.(ya?ml|json)$/i.test(tests)) {
    const file = tests.slice('file://'.length);
    const read = await readTextRelative(configDir, file);
    if (!read.ok) throw new ImportError(`tests: ${file}: ${read.reason}.`);
    const testsSource = new YamlSource(read.path, read.text);
    const list = testsSource.toJS();
    if (!Array.isArray(list)) throw new ImportError(`tests: ${file} does not hold a list of tests.`);
    return { tests: list, testsSource, testsPath: [] };
  }
  if (typeof tests === 'string' && /^file:\/\/[^*?]+\.csv$/i.test(tests)) {
    const file = tests.slice('file://'.length);
    const read = await readTextRelative(configDir, file);
    if (!read.ok) throw new ImportError(`tests: ${file}: ${read.reason}.`);
    let csv: ReturnType<typeof testsFromCsv>;
    try {
      csv = testsFromCsv(read.path, read.text);
    } catch (e) {
      throw new ImportError(`tests: ${(e as Error).message}`);
    }
    for (const [at, why] of csv.notes) note(at, why, csv.source);
    return { tests: csv.tests, testsSource: csv.source, testsPath: [] };
  }
  if (tests !== undefined) note(['tests'], 'tests from a glob, a sheet or a script: not carried over; import a YAML, JSON or CSV file of tests.');
  return { tests: [], testsSource: source, testsPath: ['tests'] };
}

/** promptfoo reads a `file://` var as the file's text. */
async function readVars(vars: Raw, configDir: string): Promise<Raw> {
  const out: Raw = {};
  for (const [k, v] of Object.entries(vars)) {
    const read = typeof v === 'string' && v.startsWith('file://') ? await readTextRelative(configDir, v.slice('file://'.length)) : undefined;
    out[k] = read?.ok ? read.text.trim() : v;
  }
  return out;
}

async function readAsserts(list: unknown, at: PathKey[], vars: Raw, configDir: string, note: Note, src?: TestsSource): Promise<Raw[]> {
  if (!Array.isArray(list)) return [];
  const out: Raw[] = [];
  for (const [j, a] of list.entries()) {
    const here = [...at, j];
    if (!isRecord(a) || typeof a.type !== 'string') {
      note(here, 'an assertion without a type: not carried over.', src);
      continue;
    }
    if (!parseAssertionType(a.type)) {
      const script = /^(not-)?(javascript|python|ruby|webhook)$/.test(a.type);
      note([...here, 'type'], `${a.type}: ${script ? 'Upkeep runs no code from eval files; write the check as an assertion type' : 'Upkeep has no such assertion type'}; not carried over.`, src);
      continue;
    }
    const copy: Raw = {};
    for (const [key, v] of Object.entries(a)) {
      if (!ASSERTION_KEYS.has(key)) note([...here, key], `${key}: not carried over (${key === 'transform' ? 'transforms do not exist in Upkeep' : key === 'provider' ? "the client's judge grades model-graded assertions" : 'no equivalent'}).`, src);
      else if (key === 'assert') copy.assert = await readAsserts(v, [...here, 'assert'], vars, configDir, note, src);
      else if (key === 'value') copy.value = await assertionValue(v, [...here, 'value'], vars, configDir, note, src);
      else copy[key] = v;
    }
    // An assertion that would not load here (a file that was not read, a value emptied by a missing variable) is left out and said.
    const checked = assertionSchema.safeParse(copy);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      note([...here, ...(issue.path as PathKey[])], `${issue.message.replace(/\.$/, '')}: this assertion was not carried over.`, src);
      continue;
    }
    out.push(copy);
  }
  return out;
}

/** The value with test vars rendered in, and a `file://` value read (relative to the config) and inlined. */
async function assertionValue(value: unknown, at: PathKey[], vars: Raw, configDir: string, note: Note, src?: TestsSource): Promise<unknown> {
  if (typeof value !== 'string') return value;
  if (!value.startsWith('file://')) return render(value, vars, at, note, src);
  const file = value.slice('file://'.length);
  if (/\.(js|cjs|mjs|ts|py)(:\w+)?$/i.test(file)) {
    note(at, `${value}: a script; Upkeep runs no code from eval files. The value is left as written and the case will not load until it is replaced.`, src);
    return value;
  }
  const read = await readTextRelative(configDir, file);
  if (!read.ok) {
    note(at, `${value}: ${read.reason}; left as written.`, src);
    return value;
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(read.text) : /\.ya?ml$/i.test(file) ? parseYaml(read.text) : read.text.trim();
  } catch (e) {
    note(at, `${value}: does not parse (${(e as Error).message.split('\n')[0]}); left as written.`, src);
    return value;
  }
}

/** Vars may use other vars (`{{clinic}}`), as promptfoo renders them. */
function renderVars(vars: Raw, at: PathKey[], note: Note, src?: TestsSource): Raw {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? render(v, vars, [...at, k], note, src) : v]));
}

/** Nunjucks' plain `{{ name }}` substitution; anything more (filters, tags, expressions) is left as written and reported. */
function render(template: string, vars: Raw, at: PathKey[], note: Note, src?: TestsSource): string {
  if (/{%/.test(template)) note(at, 'a template with {% … %} tags: left as written (Upkeep fills in plain {{ variables }} only).', src);
  return template.replace(/{{\s*([^{}]*?)\s*}}/g, (whole, expr: string) => {
    if (!/^[A-Za-z_][\w]*$/.test(expr)) {
      note(at, `{{ ${expr} }}: only plain variables are filled in; left as written.`, src);
      return whole;
    }
    const v = vars[expr];
    if (v === undefined) {
      note(at, `{{ ${expr} }}: no such variable in this test; filled in as empty, as promptfoo does.`, src);
      return '';
    }
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Writes the prompt's system message as the client's system prompt, unless the client has one already. */
async function writeSystemPrompt(clientDir: string, manifestText: string, system: string, note: Note): Promise<string | undefined> {
  const written = (() => {
    try {
      const m = parseYaml(manifestText) as Raw;
      return typeof m?.systemPrompt === 'string' ? m.systemPrompt : 'system-prompt.md';
    } catch {
      return 'system-prompt.md';
    }
  })();
  const file = path.resolve(clientDir, written);
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing.trim() !== '') {
    if (existing.trim() !== system.trim()) note(['prompts', 0], `the prompt's system message: the client's ${written} is kept; compare the two and merge by hand.`);
    return undefined;
  }
  await fs.writeFile(file, `${system.trim()}\n`);
  return file;
}

function uniqueId(description: string, taken: Set<string>): string {
  const base = slug(description).slice(0, 60) || 'case';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isRecord(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
