import { stringify } from 'yaml';
import * as z from 'zod';
import { problem, START_OF_FILE, type Problem } from './problems';
import { YamlSource } from './yamlSource';

/**
 * A Markdown file that starts with a `---` YAML block (runbooks' `covers:`, incidents): the
 * block validated by a zod schema with problems at the file's own lines, and the body kept
 * byte for byte so rewriting the front matter never touches what people wrote under it.
 */
export interface FrontMatterFile<T> {
  /** Undefined when there is no block, or it does not validate (then `problems` says why). */
  data?: T;
  body: string;
  problems: Problem[];
}

const BLOCK = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

export function parseFrontMatter<T>(file: string, text: string, schema: z.ZodType<T>): FrontMatterFile<T> {
  const match = text.startsWith('---') ? BLOCK.exec(text) : null;
  if (!match || match.index !== 0) return { body: text, problems: [] };
  const body = text.slice(match[0].length);
  // One blank line for the opening `---`, so the YAML's lines are the file's.
  const source = new YamlSource(file, `\n${match[1]}`);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { body, problems: syntax };
  const result = schema.safeParse(source.toJS() ?? {});
  if (!result.success) return { body, problems: source.schemaProblems(result.error.issues) };
  return { data: result.data, body, problems: [] };
}

/** The file with `data` as its front matter and `body` under it. */
export function withFrontMatter(data: Record<string, unknown>, body: string): string {
  const defined = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return `---\n${stringify(defined, { lineWidth: 0 })}---\n${body}`;
}

/** A file that should have front matter and has none. */
export function missingFrontMatter(file: string, what: string): Problem {
  return problem(file, START_OF_FILE, `${what} starts with a front matter block between --- lines.`, 'front-matter');
}
