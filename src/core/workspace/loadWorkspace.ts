import { promises as fs } from 'fs';
import * as path from 'path';
import { baselinesPath, readBaselines } from '../store/baselines';
import { parseChangelog, type Changelog } from './changelog';
import { runbookFrontMatterSchema, type RunbookTopic } from '../health/runbooks';
import { parseClientManifest } from './clientManifest';
import { parseFrontMatter } from './frontMatter';
import { isEvalSetFile, parseEvalSet, unmetNeeds, withoutUnusable, type EvalSet } from './evalSet';
import { readFileValues } from './fileValues';
import { findClientFolders, MANIFEST_FILE } from './findClients';
import type * as z from 'zod';
import { pathFieldsIn } from './pathFields';
import { checkRealPath, readRegularFile, resolveInside, toPosix } from './paths';
import { problem, START_OF_FILE, type Problem } from './problems';
import { clientIdOf } from './clientId';
import { clientManifestSchema, workspaceSettingsSchema, type ClientManifest } from './schemas';
import { findWorkspaceFile, parseWorkspaceSettings, type WorkspaceSettings } from './workspaceSettings';
import { formatPath, type PathKey, type YamlSource } from './yamlSource';

export interface Runbook {
  file: string;
  title: string;
  /** What its front matter says it covers (health/runbooks.ts chooses by it). */
  covers?: RunbookTopic[];
}

/** An eval set whose file does not load (a YAML syntax error, no cases, unreadable): kept visible with its error. */
export interface BrokenEvalSet {
  /** As EvalSet's id: the file relative to the client folder. */
  id: string;
  file: string;
  /** The first error, shown in the tree and on the set's test item. */
  problem: Problem;
  /** The set as it last loaded (given the previous model), for the Testing view and CodeLens; never run. */
  lastKnown?: EvalSet;
}

export interface Client {
  /** The folder relative to its workspace, with forward slashes, e.g. `clients/acme-dental` (core/workspace/clientId.ts). */
  id: string;
  root: string;
  dir: string;
  manifestFile: string;
  /** The manifest's name, or the folder's when the manifest does not validate. */
  name: string;
  /** Undefined when client.yaml has problems: the client is still listed, marked broken. */
  manifest?: ClientManifest;
  systemPromptFile?: string;
  evalSets: EvalSet[];
  /** Eval set files that do not load, in file order; their problems are in the model's problems too. */
  brokenEvalSets: BrokenEvalSet[];
  runbooks: Runbook[];
  changelog?: Changelog;
  /** Run record files under `runs/`, newest first by name (names start with the run's start time). */
  runFiles: string[];
  /** Eval set id → the run id pinned as its baseline (`baselines.json`). */
  baselines: Record<string, string>;
  /** The workspace's `upkeep.yaml`, when it has one that validates: what the client inherits. */
  workspace?: WorkspaceSettings;
  problemCount: number;
}

export interface WorkspaceModel {
  clients: Client[];
  problems: Problem[];
}

/**
 * Loads every client under the given roots. Problems never stop the load: each is reported and the
 * rest goes on. With the `previous` model, a set that stopped loading keeps its last known cases.
 */
export async function loadWorkspace(roots: readonly string[], options: { previous?: WorkspaceModel } = {}): Promise<WorkspaceModel> {
  const lastKnown = new Map<string, EvalSet>();
  for (const c of options.previous?.clients ?? []) {
    for (const b of c.brokenEvalSets ?? []) if (b.lastKnown) lastKnown.set(b.file, b.lastKnown);
    for (const set of c.evalSets) lastKnown.set(set.file, set);
  }
  const perRoot = await Promise.all(
    roots.map(async (root) => {
      const dirs = await findClientFolders(root);
      const [settings, clients] = await Promise.all([loadWorkspaceSettings(root), Promise.all(dirs.map((dir) => loadClient(root, dir, lastKnown)))]);
      if (settings.settings) for (const l of clients) l.client.workspace = settings.settings;
      return { clients, problems: settings.problems };
    }),
  );
  const loaded = inOneRootEach(perRoot.flatMap((r) => r.clients));
  if (roots.length > 1) for (const { client } of loaded) client.id = folderQualifiedId(client);
  return { clients: loaded.map((l) => l.client), problems: [...perRoot.flatMap((r) => r.problems), ...loaded.flatMap((l) => l.problems)] };
}

/** The root's `upkeep.yaml` (findWorkspaceFile), validated with positions, its paths held inside its own folder. */
async function loadWorkspaceSettings(root: string): Promise<{ settings?: WorkspaceSettings; problems: Problem[] }> {
  const file = await findWorkspaceFile(root);
  if (!file) return { problems: [] };
  const problems: Problem[] = [];
  const text = await readText(file, problems);
  const parsed = text === undefined ? undefined : parseWorkspaceSettings(file, text);
  if (!parsed?.settings) return { problems: [...problems, ...(parsed?.problems ?? [])] };
  await checkPathFields(path.dirname(file), workspaceSettingsSchema, parsed.settings, parsed.source, problems, 'the workspace folder');
  return { settings: { ...parsed.settings, file, dir: path.dirname(file) }, problems };
}

/**
 * With several workspace folders a client's id starts with its folder's name
 * (`east/clients/acme-dental`), so two folders that both hold `clients/acme-dental` give two
 * clients the tree, the runs, the index and the reports keep apart. A folder that is a client
 * itself is its name alone.
 */
function folderQualifiedId(client: Client): string {
  const folder = path.basename(client.root);
  const inside = toPosix(path.relative(client.root, client.dir));
  return inside ? `${folder}/${inside}` : folder;
}

/** A client under two workspace folders (one inside the other) is loaded once, under the innermost. */
function inOneRootEach<T extends { client: Client }>(loaded: T[]): T[] {
  const byDir = new Map<string, T>();
  for (const l of loaded) {
    const seen = byDir.get(l.client.dir);
    if (!seen || l.client.root.length > seen.client.root.length) byDir.set(l.client.dir, l);
  }
  return loaded.filter((l) => byDir.get(l.client.dir) === l);
}

export async function loadClient(root: string, dir: string, lastKnown?: ReadonlyMap<string, EvalSet>): Promise<{ client: Client; problems: Problem[] }> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const problems: Problem[] = [];
  const client: Client = {
    id: await clientIdOf(dir, root),
    root,
    dir,
    manifestFile,
    name: path.basename(dir),
    evalSets: [],
    brokenEvalSets: [],
    runbooks: [],
    runFiles: [],
    baselines: {},
    problemCount: 0,
  };

  const parsed = parseClientManifest(manifestFile, (await readText(manifestFile, problems)) ?? '');
  problems.push(...parsed.problems);
  const manifest = parsed.manifest;
  if (manifest) {
    client.manifest = manifest;
    client.name = manifest.name;
    const paths = await checkPathFields(dir, clientManifestSchema, manifest, parsed.source, problems);

    const systemPrompt = paths.get('systemPrompt');
    if (systemPrompt && (await isFile(systemPrompt))) client.systemPromptFile = systemPrompt;
    else if (systemPrompt) problems.push(problem(manifestFile, parsed.source.locate(['systemPrompt']), `System prompt file '${manifest.systemPrompt}' does not exist.`, 'missing-file', 'warning'));

    const evalsDir = paths.get('evals');
    if (evalsDir) await loadEvalSets(dir, evalsDir, manifest, client, problems, lastKnown);

    const runbooksDir = paths.get('runbooks');
    if (runbooksDir) client.runbooks = await loadRunbooks(dir, runbooksDir, problems);

    const changelogFile = paths.get('changelog');
    if (changelogFile && (await isFile(changelogFile))) {
      const text = await readText(changelogFile, problems);
      if (text !== undefined) {
        const result = parseChangelog(changelogFile, text);
        client.changelog = result.changelog;
        problems.push(...result.problems);
      }
    }
  }
  client.runFiles = await listRunFiles(path.join(dir, 'runs'));
  const pins = await readBaselines(dir);
  client.baselines = Object.fromEntries(Object.entries(pins.baselines).map(([setId, pin]) => [setId, pin.runId]));
  const pinsFile = baselinesPath(dir);
  const at = (p: { line: number; column: number }) => ({ line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 });
  problems.push(...pins.problems.map((p) => problem(pinsFile, at(p), p.message, 'baselines')));
  const runIds = new Set(client.runFiles.map((f) => path.basename(f, '.json')));
  for (const [setId, pin] of Object.entries(pins.baselines)) {
    if (runIds.has(pin.runId)) continue;
    const message = `${setId} is pinned to run '${pin.runId}', which is not in runs/, so it has no baseline to compare with. Pin another run (Pin as Baseline) or remove this pin.`;
    problems.push(problem(pinsFile, at(pins.runIdAt?.[setId] ?? START_OF_FILE), message, 'baseline-run-missing', 'warning'));
  }
  client.problemCount = problems.length;
  return { client, problems };
}

/**
 * Applies the path rule to every path field of a validated file (found through the schema, so a
 * new field cannot skip it). Returns the resolved paths by field; a path that breaks the rule is a
 * Problem at its value and is removed from the data, so nothing downstream can read it.
 */
async function checkPathFields(dir: string, schema: z.ZodType, data: object, source: YamlSource, problems: Problem[], folder?: string): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  for (const { at, written } of pathFieldsIn(schema, data)) {
    const result = await resolveInside(dir, written, folder);
    if (result.ok) {
      resolved.set(formatPath(at), result.path);
      continue;
    }
    problems.push(problem(source.file, source.locate(at), `${formatPath(at)}: ${result.reason}.`, 'path-outside-client'));
    const parent = at.slice(0, -1).reduce<Record<PathKey, unknown>>((o, k) => o[k] as Record<PathKey, unknown>, data as Record<PathKey, unknown>);
    delete parent[at[at.length - 1]];
  }
  return resolved;
}

async function loadEvalSets(
  clientDir: string,
  evalsDir: string,
  manifest: ClientManifest,
  client: Client,
  problems: Problem[],
  lastKnown?: ReadonlyMap<string, EvalSet>,
): Promise<void> {
  const files = (await listFiles(evalsDir, 3)).filter((f) => isEvalSetFile(f));
  for (const file of files) {
    const id = toPosix(path.relative(clientDir, file));
    const contained = await checkRealPath(clientDir, file, id);
    if (!contained.ok) {
      problems.push(problem(file, START_OF_FILE, `${contained.reason}.`, 'path-outside-client'));
      continue;
    }
    const found: Problem[] = [];
    const text = await readText(file, found);
    const result = text === undefined ? undefined : parseEvalSet(file, id, text);
    if (result) found.push(...result.problems, ...unmetNeeds(file, result.sites, manifest));
    const unusable = result ? await readFileValues(clientDir, file, result.sites, found) : new Set<never>();
    const set = result?.set && withoutUnusable(result.set, unusable);
    problems.push(...found);
    if (set) client.evalSets.push(set);
    else {
      // A set that vanished from the tree and the Testing view would read as deleted, not broken.
      const first = found.find((p) => p.severity === 'error') ?? problem(file, START_OF_FILE, 'This eval set does not load.', 'schema');
      client.brokenEvalSets.push({ id, file, problem: first, lastKnown: lastKnown?.get(file) });
    }
  }
}

async function loadRunbooks(clientDir: string, runbooksDir: string, problems: Problem[]): Promise<Runbook[]> {
  const files = (await listFiles(runbooksDir, 2)).filter((f) => f.toLowerCase().endsWith('.md'));
  const runbooks: Runbook[] = [];
  for (const file of files) {
    if (!(await checkRealPath(clientDir, file, file)).ok) continue;
    const text = await readText(file, problems);
    if (text === undefined) continue;
    const front = parseFrontMatter(file, text, runbookFrontMatterSchema);
    problems.push(...front.problems);
    const heading = /^#\s+(.+)$/m.exec(front.body);
    const covers = front.data?.covers;
    runbooks.push({ file, title: heading ? heading[1].trim() : path.basename(file, '.md'), ...(covers ? { covers } : {}) });
  }
  return runbooks;
}

async function listRunFiles(runsDir: string): Promise<string[]> {
  const entries = await fs.readdir(runsDir, { withFileTypes: true }).catch(() => []);
  // Upkeep writes records as regular files; anything else (a link to a pipe, say) is not read.
  const names = entries.filter((e) => e.isFile()).map((e) => e.name);
  // Sorted by run id, not file name: `…Z-set.json` must come before `…Z-set-2.json`.
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort()
    .reverse()
    .map((id) => path.join(runsDir, `${id}.json`));
}

/** Files under `dir`, sorted, down to `depth` levels; symlinked folders are not followed. */
async function listFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && depth > 1 && !e.name.startsWith('.')) out.push(...(await listFiles(full, depth - 1)));
    else if (e.isFile() || e.isSymbolicLink()) out.push(full);
  }
  return out;
}

/** A file's text, or undefined (and a Problem) when it is not a regular file that can be read. */
async function readText(file: string, problems: Problem[]): Promise<string | undefined> {
  const result = await readRegularFile(file);
  if (result.ok) return result.text;
  problems.push(problem(file, START_OF_FILE, `Cannot read ${path.basename(file)}: ${result.reason}.`, 'unreadable-file'));
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => s.isFile(), () => false);
}
