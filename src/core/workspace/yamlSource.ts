import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { LineIndex, problem, type Problem, type SourceRange } from './problems';
import { yamlErrorMessage } from './yamlMessages';

export type PathKey = string | number;

/** How much bigger than the written file aliases may make the data, and the least they may add. */
export const ALIAS_EXPANSION_FACTOR = 20;
export const MIN_ALIAS_BUDGET = 100_000;

/**
 * A YAML (or JSON, which YAML parses too) text parsed with source positions kept, so every
 * schema problem can be reported at the exact line and column of the value that caused it.
 */
export class YamlSource {
  /** How many texts this process has parsed with positions: tests check that the fast pass was taken. */
  static parses = 0;
  readonly doc: Document.Parsed;
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
    /** Added to every offset: a JSONL line is parsed alone but reported where it sits in its file. */
    private readonly baseOffset = 0,
    lines?: LineIndex,
  ) {
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    YamlSource.parses++;
    this.lines = lines ?? new LineIndex(text);
  }

  /**
   * Syntax errors (and duplicate keys, which YAML forbids) at their positions, and aliases that
   * expand the file beyond what any honest reuse needs (a "billion laughs"): read nothing then.
   */
  syntaxProblems(): Problem[] {
    const syntax = this.doc.errors.map((e) =>
      problem(this.file, this.rangeOf(e.pos[0], e.pos[1]), yamlErrorMessage(e.code, e.message), 'yaml-syntax'),
    );
    if (syntax.length) return syntax;
    const bomb = this.aliasBomb();
    return bomb ? [bomb] : [];
  }

  /** The data, once: call syntaxProblems() first, which refuses what must not be expanded. */
  toJS(): unknown {
    if (this.data === undefined) {
      if (this.aliasBomb()) throw new Error(`${this.file}: aliases expand beyond the limit; check syntaxProblems() first.`);
      // Aliases are bounded by the expanded size (aliasBomb), so yaml's own count limit, which
      // refuses one anchor reused by 100 cases, is off.
      this.data = { value: this.doc.toJS({ maxAliasCount: -1 }) };
    }
    return this.data.value;
  }

  private data?: { value: unknown };
  private bomb?: { problem?: Problem };

  /**
   * Aliases may reuse a value as often as a file needs (one `&std` assertion list for every case),
   * as long as the expanded data stays within ALIAS_EXPANSION_FACTOR times the written nodes (and
   * at least MIN_ALIAS_BUDGET): memory stays proportional to the file. Past that, one Problem at
   * the alias where the expansion crosses the limit.
   */
  private aliasBomb(): Problem | undefined {
    if (!this.bomb) {
      this.bomb = {};
      const sizes = new Map<unknown, number>();
      const sizeOf = (node: unknown, depth: number): number => {
        if (isAlias(node)) node = node.resolve(this.doc);
        if (!node || typeof node !== 'object') return 1;
        const known = sizes.get(node);
        if (known !== undefined) return known;
        if (depth > 1000) return Infinity; // an alias inside the value it names
        sizes.set(node, Infinity);
        let size = 1;
        if (isMap(node) || isSeq(node)) for (const item of node.items) size += sizeOf(item, depth + 1);
        else if (isPair(node)) size = sizeOf(node.key, depth + 1) + sizeOf(node.value, depth + 1);
        sizes.set(node, size);
        return size;
      };
      let written = 0;
      const aliases: Alias[] = [];
      visit(this.doc, {
        Alias: (_, node) => void aliases.push(node),
        Scalar: () => void written++,
        Map: () => void written++,
        Seq: () => void written++,
      });
      if (aliases.length) {
        const budget = Math.max(MIN_ALIAS_BUDGET, ALIAS_EXPANSION_FACTOR * written);
        let expanded = written;
        for (const alias of aliases) {
          if (!alias.resolve(this.doc)) {
            const range = alias.range ?? [0, 0, 0];
            const message = `The alias *${alias.source} has no anchor &${alias.source} before it: define the anchor first, or put a value that begins with * in quotes.`;
            this.bomb.problem = problem(this.file, this.rangeOf(range[0], range[1]), message, 'yaml-syntax');
            break;
          }
          expanded += sizeOf(alias, 0);
          if (expanded <= budget) continue;
          const range = alias.range ?? [0, 0, 0];
          const message = `The alias *${alias.source} expands this file past ${budget.toLocaleString('en')} values (${ALIAS_EXPANSION_FACTOR} times what is written), which only a YAML "billion laughs" does; nothing in the file is read. Reuse an anchor directly instead of nesting aliases of aliases.`;
          this.bomb.problem = problem(this.file, this.rangeOf(range[0], range[1]), message, 'yaml-alias-expansion');
          break;
        }
      }
    }
    return this.bomb.problem;
  }

  rangeOf(start: number, end: number): SourceRange {
    return this.lines.range(start + this.baseOffset, end + this.baseOffset);
  }

  /** The range of the node at `path`, or of its deepest existing ancestor when it is missing. */
  locate(path: readonly PathKey[], part: 'value' | 'key' = 'value'): SourceRange {
    let node: unknown = this.doc.contents;
    let found: Node | Pair | undefined = this.doc.contents ?? undefined;
    for (const key of path) {
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key)) : undefined;
      const next = pair ? pair.value : isSeq(node) && typeof key === 'number' ? node.items[key] : undefined;
      if (!next) {
        // A missing value: point at the key that holds it, if the key itself exists.
        if (pair) found = pair;
        break;
      }
      found = part === 'key' && pair && key === path[path.length - 1] ? pair : (next as Node);
      node = next;
    }
    return this.rangeOfNode(found, part);
  }

  private rangeOfNode(node: Node | Pair | undefined, part: 'value' | 'key'): SourceRange {
    if (!node) return this.rangeOf(0, 0);
    if (isPair(node)) {
      const key = node.key as Node | null;
      const target = part === 'key' || !node.value ? key : (node.value as Node);
      return this.rangeOfNode(target ?? undefined, part);
    }
    const range = node.range;
    if (!range) return this.rangeOf(0, 0);
    // Collections span many lines; a squiggle on their first line reads better.
    if (isMap(node) || isSeq(node)) {
      const firstLineEnd = this.text.indexOf('\n', range[0]);
      const end = firstLineEnd === -1 || firstLineEnd > range[1] ? range[1] : firstLineEnd;
      return this.rangeOf(range[0], end);
    }
    return this.rangeOf(range[0], range[1]);
  }

  /** Schema problems from zod, each at the position of the value it is about. */
  schemaProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PathKey[] = []): Problem[] {
    return issues.flatMap((issue) => {
      const path = [...prefix, ...(issue.path as PathKey[])];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) =>
          problem(this.file, this.locate([...path, key], 'key'), `Unknown property '${key}'${where(path)}.`, 'schema'),
        );
      }
      const missing = issue.code === 'invalid_type' && !this.doc.hasIn(path);
      return [problem(this.file, this.locate(path), describeIssue(issue, path, missing), 'schema')];
    });
  }
}

function where(path: readonly PathKey[]): string {
  return path.length ? ` in '${formatPath(path)}'` : '';
}

export function formatPath(path: readonly PathKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

function describeIssue(issue: z.core.$ZodIssue, path: readonly PathKey[], missing: boolean): string {
  const at = path.length ? `'${formatPath(path)}': ` : '';
  if (missing) return `${at}required property is missing.`;
  return `${at}${issue.message}`;
}
