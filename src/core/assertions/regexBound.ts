// An upper bound on the work a backtracking regex engine can do for one `test()`, computed from
// the pattern's syntax tree and the text's length, for the patterns where one exists: characters,
// classes, ^ $ \b \B, groups, choices and repeats of those. Lookarounds, backreferences and
// classes that match strings (the v flag's \q{…}) have no bound here.
//
// The bound is a count, not a guess: at one start position the engine explores a tree of
// choices whose leaves are at most the pattern's ways to match (`ways`: a sequence multiplies, a
// choice adds, a repeat of k copies is ways^k summed over the ks it can take), and each
// root-to-leaf path visits each node of the pattern unrolled by its repeats at most once
// (`unrolled`). A repeat can take at most n / (its element's shortest match) copies of a
// non-empty element, so an unbounded repeat is bounded by the text. Steps ≤ (n + 1) starts ×
// ways × unrolled: loose (it counts `.*x` as n³ where it is n²) but never too small.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** The bound for a text of `n` characters (UTF-16 code units); Infinity when it overflows. */
export type StepBound = (n: number) => number;

interface Shape {
  /** Ways to match at one position, for a text of n characters left. */
  ways: (n: number) => number;
  /** Nodes visited along one path, the repeats unrolled. */
  unrolled: (n: number) => number;
  /** The fewest characters it can match. */
  minWidth: number;
}

const parser = new RegExpParser({ ecmaVersion: 2025 });
/** Past this a count is as good as infinite (and products stay finite numbers). */
const HUGE = 1e15;

/** The step bound of `/pattern/flags`, or undefined when the pattern has a part this cannot bound (or does not parse). */
export function stepBound(pattern: string, flags: string): StepBound | undefined {
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  } catch {
    return undefined;
  }
  const shape = choice(ast.alternatives);
  if (!shape) return undefined;
  return (n) => cap((n + 1) * shape.ways(n) * shape.unrolled(n));
}

const cap = (x: number): number => (x > HUGE || Number.isNaN(x) ? Infinity : x);

const ONE: Shape = { ways: () => 1, unrolled: () => 1, minWidth: 1 };
const EMPTY: Shape = { ways: () => 1, unrolled: () => 1, minWidth: 0 };

function element(node: AST.Element): Shape | undefined {
  switch (node.type) {
    case 'Character':
      return ONE;
    case 'CharacterSet':
      // \p{RGI_Emoji} under v matches strings of several lengths
      return node.kind === 'property' && node.strings ? undefined : ONE;
    case 'CharacterClass':
      return node.unicodeSets && node.elements.some((e) => e.type !== 'Character' && e.type !== 'CharacterClassRange' && !(e.type === 'CharacterSet' && !(e.kind === 'property' && e.strings))) ? undefined : ONE;
    case 'Assertion':
      return node.kind === 'start' || node.kind === 'end' || node.kind === 'word' ? EMPTY : undefined;
    case 'Group':
    case 'CapturingGroup':
      return choice(node.alternatives);
    case 'Quantifier':
      return repeat(node);
    default:
      return undefined; // backreferences, expression classes
  }
}

function sequence(alternative: AST.Alternative): Shape | undefined {
  const parts: Shape[] = [];
  for (const e of alternative.elements) {
    const s = element(e);
    if (!s) return undefined;
    parts.push(s);
  }
  return {
    ways: (n) => cap(parts.reduce((w, p) => w * p.ways(n), 1)),
    unrolled: (n) => cap(parts.reduce((u, p) => u + p.unrolled(n), 1)),
    minWidth: parts.reduce((w, p) => w + p.minWidth, 0),
  };
}

function choice(alternatives: readonly AST.Alternative[]): Shape | undefined {
  const parts: Shape[] = [];
  for (const a of alternatives) {
    const s = sequence(a);
    if (!s) return undefined;
    parts.push(s);
  }
  return {
    ways: (n) => cap(parts.reduce((w, p) => w + p.ways(n), 0)),
    unrolled: (n) => cap(parts.reduce((u, p) => u + p.unrolled(n), 1)),
    minWidth: Math.min(...parts.map((p) => p.minWidth)),
  };
}

function repeat(q: AST.Quantifier): Shape | undefined {
  const e = element(q.element);
  if (!e) return undefined;
  // An unbounded repeat of something that can match nothing has no bound on its copies.
  if (q.max === Infinity && e.minWidth === 0) return undefined;
  const copies = (n: number): number => (e.minWidth > 0 ? Math.min(q.max, Math.floor(n / e.minWidth)) : q.max);
  return {
    ways: (n) => {
      const most = copies(n);
      if (most < q.min) return 1; // cannot match: one way to fail
      const w = e.ways(n);
      if (w === 1) return most - q.min + 1;
      // Σ w^k for k = min … most, a geometric series
      return cap((Math.pow(w, most + 1) - Math.pow(w, q.min)) / (w - 1));
    },
    unrolled: (n) => cap(Math.max(copies(n), q.min) * e.unrolled(n) + 1),
    minWidth: q.min * e.minWidth,
  };
}
