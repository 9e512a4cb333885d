import { clientManifestSchema, type ClientManifest } from './schemas';
import type { Problem } from './problems';
import { YamlSource } from './yamlSource';

export interface ParsedManifest {
  manifest?: ClientManifest;
  source: YamlSource;
  problems: Problem[];
}

/** Parses and validates `client.yaml`; on any problem the manifest is undefined and the problems say why. */
export function parseClientManifest(file: string, text: string): ParsedManifest {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { source, problems: syntax };
  const result = clientManifestSchema.safeParse(source.toJS() ?? {});
  if (!result.success) return { source, problems: source.schemaProblems(result.error.issues) };
  return { manifest: result.data, source, problems: [] };
}
