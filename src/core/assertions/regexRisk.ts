// Whether a regex assertion's pattern may backtrack for far too long on an unlucky output, for the
// warning in the editor. A pattern runs in-process only under a proven bound, else under a time limit
// (regexGuard.ts), so this can err both ways; it looks for the three shapes behind almost every slow pattern:
//  - a repeat inside a repeat: `^(a+)+$`, `(\w+\s?)+`, or of something optional: `(a?){25}` (exponential);
//  - a repeated choice whose branches can start alike: `^(a|a)+$`, `(\w|\d)+` (exponential);
//  - two unbounded repeats of overlapping characters with nothing solid between them:
//    `\d+\d+x`, `\s*\s*$`, `(.*)(.*)=` (polynomial: n², n³ … steps on a long output).
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';

type CharTest = (c: string) => boolean;

/** Characters the charsets are compared on: printable ASCII, white space, and a few beyond. */
const SAMPLE = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', '\n', '\r', 'é', 'ß', 'Ж', '中', '😀'];

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Why `pattern` may backtrack catastrophically, in a few words, or undefined when it looks safe (or does not parse). */
export function backtrackingRisk(pattern: string, flags: string): string | undefined {
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  } catch {
    return undefined; // an invalid pattern is reported as invalid, not as slow
  }
  const testFlags = flags.replace(/[gyd]/g, '');
  let risk: string | undefined;
  visitRegExpAST(ast, {
    onQuantifierEnter(q) {
      if (risk || q.max <= 1) return;
      if (containsRepeat(q.element)) risk = `a repeat inside a repeat, ${q.raw}`;
      else if (q.max > 2 && matchesEmpty(q.element)) risk = `a repeat of something that can match nothing, ${q.raw}`;
      else if (branchesOverlap(q.element, testFlags)) risk = `a repeated choice whose branches can match alike, ${q.raw}`;
    },
    onAlternativeEnter(alternative) {
      risk ??= adjacentRepeats(alternative, testFlags);
    },
  });
  return risk;
}

function containsRepeat(node: AST.Node): boolean {
  let found = false;
  visitRegExpAST(node, {
    onQuantifierEnter(q) {
      if (q.max > 1) found = true;
    },
  });
  return found;
}

function matchesEmpty(node: AST.Element): boolean {
  switch (node.type) {
    case 'Assertion':
      return true;
    case 'Quantifier':
      return node.min === 0 || matchesEmpty(node.element);
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.some((a) => a.elements.every(matchesEmpty));
    default:
      return false;
  }
}

function branchesOverlap(element: AST.QuantifiableElement, flags: string): boolean {
  if ((element.type !== 'Group' && element.type !== 'CapturingGroup') || element.alternatives.length < 2) return false;
  const firsts = element.alternatives.map((a) => firstChars(a.elements, flags));
  return firsts.some((a, i) => firsts.slice(i + 1).some((b) => overlap(a, b)));
}

/** `\d+\d+`, `.*.*`: two unbounded repeats of overlapping charsets, only empty-matching elements between them. */
function adjacentRepeats(alternative: AST.Alternative, flags: string): string | undefined {
  let open: Array<{ raw: string; chars: CharTest }> = [];
  for (const element of alternative.elements) {
    const repeated = unwrap(element);
    if (repeated.type === 'Quantifier' && repeated.max === Infinity) {
      const chars = charTest(repeated.element, flags);
      if (chars) {
        const before = open.find((o) => overlap(o.chars, chars));
        if (before) return `two unbounded repeats of the same characters in a row, ${before.raw} then ${repeated.raw}`;
        // A repeat that must match at least once, of characters none of the open ones match,
        // separates them from what follows: `\s+\d+\s*` cannot split its spaces two ways.
        open = repeated.min > 0 ? [{ raw: repeated.raw, chars }] : [...open, { raw: repeated.raw, chars }];
        continue;
      }
    }
    if (!matchesEmpty(element)) open = [];
  }
  return undefined;
}

/** `(\d+)` is `\d+` for this purpose: a group of one element. */
function unwrap(element: AST.Element): AST.Element {
  if ((element.type === 'Group' || element.type === 'CapturingGroup') && element.alternatives.length === 1 && element.alternatives[0].elements.length === 1) {
    return unwrap(element.alternatives[0].elements[0]);
  }
  return element;
}

/** The characters an alternative can start with; undefined when that is not simple to say (taken as anything). */
function firstChars(elements: readonly AST.Element[], flags: string): CharTest | undefined {
  const tests: CharTest[] = [];
  for (const element of elements) {
    if (element.type === 'Assertion') continue; // zero-width
    const node = unwrap(element);
    const inner = node.type === 'Quantifier' ? node.element : node;
    const chars = charTest(inner, flags) ?? (inner.type === 'Group' || inner.type === 'CapturingGroup' ? unionOfFirsts(inner, flags) : undefined);
    if (!chars) return undefined;
    tests.push(chars);
    if (!(node.type === 'Quantifier' && node.min === 0)) break;
  }
  return (c) => tests.some((t) => t(c));
}

function unionOfFirsts(group: AST.Group | AST.CapturingGroup, flags: string): CharTest | undefined {
  const firsts = group.alternatives.map((a) => firstChars(a.elements, flags));
  if (firsts.some((f) => f === undefined)) return undefined;
  return (c) => firsts.some((f) => f!(c));
}

/** For one-character atoms (`a`, `\d`, `.`, `[a-z]`, `\p{L}`): which sample characters they match. */
function charTest(node: AST.Node, flags: string): CharTest | undefined {
  if (node.type !== 'Character' && node.type !== 'CharacterSet' && node.type !== 'CharacterClass' && node.type !== 'ExpressionCharacterClass') return undefined;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${node.raw})$`, flags);
  } catch {
    return undefined;
  }
  const matched = new Set(SAMPLE.filter((c) => re.test(c)));
  return (c) => matched.has(c);
}

/** Unknown first characters overlap everything: the check errs toward a warning. */
function overlap(a: CharTest | undefined, b: CharTest | undefined): boolean {
  if (!a || !b) return true;
  return SAMPLE.some((c) => a(c) && b(c));
}
