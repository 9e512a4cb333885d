import { promises as fs } from 'fs';
import * as path from 'path';
import { MANIFEST_FILE } from './findClients';
import type { Problem } from './problems';
import { workspaceSettingsSchema, type WorkspaceSettingsFile } from './schemas';
import { YamlSource } from './yamlSource';

/** The workspace's own settings file, beside the client folders. */
export const WORKSPACE_FILE = 'upkeep.yaml';

/** What `upkeep.yaml` says, with where it is (its paths are inside its own folder). */
export interface WorkspaceSettings extends WorkspaceSettingsFile {
  file: string;
  dir: string;
}

/** Parses and validates `upkeep.yaml`; on any problem the settings are undefined and the problems say where. */
export function parseWorkspaceSettings(file: string, text: string): { settings?: WorkspaceSettingsFile; source: YamlSource; problems: Problem[] } {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { source, problems: syntax };
  const result = workspaceSettingsSchema.safeParse(source.toJS() ?? {});
  if (!result.success) return { source, problems: source.schemaProblems(result.error.issues) };
  return { settings: result.data, source, problems: [] };
}

/**
 * The `upkeep.yaml` of a workspace root. A root that is itself a client folder (`upkeep report
 * clients/acme-dental`) takes the nearest one in the folders above it, so the CLI run on one client
 * brands its report as the workspace does.
 */
export async function findWorkspaceFile(root: string): Promise<string | undefined> {
  let dir = path.resolve(root);
  const alone = await exists(path.join(dir, MANIFEST_FILE));
  for (;;) {
    const file = path.join(dir, WORKSPACE_FILE);
    if (await exists(file)) return file;
    const parent = path.dirname(dir);
    if (!alone || parent === dir) return undefined;
    dir = parent;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}
