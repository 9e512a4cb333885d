// The fast first pass over an eval set: js-yaml builds the data without a syntax tree or source
// positions, about twenty times faster than the `yaml` parser that YamlSource uses (which keeps
// every node's range for the messages). It only ever says "this is the data" or "ask the full
// parser": a file with anything unusual, or anything wrong, is left to YamlSource, so every
// message and position comes from one parser.
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * Plain scalars resolved exactly as the `yaml` package's YAML 1.2 core schema resolves them (its
 * regular expressions, in its order), not as js-yaml's own core schema does (which also reads
 * `1_000` and `0b101` as numbers): the data is the same whichever parser read the file.
 */
const CORE_SCALARS = [
  new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
  new Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
    construct: (s: string) => s[0] === 't' || s[0] === 'T',
  }),
  new Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(s),
    construct: (s: string) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
  }),
  new Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/.test(s),
    construct: (s: string) =>
      /^[-+]?\.inf$/i.test(s) ? (s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : /^\.nan$/i.test(s) ? NaN : parseFloat(s),
  }),
];
const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: CORE_SCALARS });

/** The file's data, or undefined when the full parser must read it (something unusual, or any error). */
export function fastYamlData(text: string): { value: unknown } | undefined {
  if (needsFullParser(text)) return undefined;
  try {
    // js-yaml refuses duplicate keys, as YamlSource does; an empty file is null, as in yaml.
    return { value: load(text, { schema: CORE_SCHEMA }) ?? null };
  } catch {
    return undefined;
  }
}

const SPACE = 32;
const NEWLINE = 10;

/**
 * One pass over the text for what the two parsers read differently, what needs the full
 * parser's own checks, and what yaml refuses but js-yaml lets through (each found in yaml's test
 * suite):
 * - anchors and aliases (the expansion limit), tags, directives, document markers and tabs;
 * - explicit, empty and null keys (js-yaml names a null key "null", yaml ""), and collections as
 *   keys (`[a, b]: x`, `{ [a] }`, which the two turn into different strings);
 * - a `[ ]` or `{ }` collection whose later lines are not indented further than the line it
 *   starts on, a quoted value that goes on past its line, a comment straight after a closing
 *   quote, and a line of only spaces longer than the indentation of the next line with text.
 * Quotes and comments are followed, so `'[,!]?'` in a regex is text; a quote counts only where a
 * value can start, so the apostrophe in `don't` is text. A false alarm (`*bold*` or `see [1` in
 * plain text, a bracket in a block scalar) only costs the fast pass, never a difference.
 */
function needsFullParser(text: string): boolean {
  if (text.includes('\t')) return true;
  const open: number[] = []; // the [ and { open outside quotes and comments, innermost last
  let flowIndent = 0; // the indentation of the line the outermost open collection starts on
  let quote = 0; // the quote character's code while inside a quoted scalar
  let comment = false;
  let previous = NEWLINE; // the last character outside comments that is not a space or a line break
  let lineStart = 0;
  let indent = -1; // the line's indentation, once a character other than a space is seen
  let blankWidth = 0; // the widest line of only spaces since the last line with text
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? NEWLINE : text.charCodeAt(i);
    if (c === NEWLINE) {
      if (quote !== 0) return true;
      if (indent === -1) blankWidth = Math.max(blankWidth, i - lineStart);
      comment = false;
      lineStart = i + 1;
      indent = -1;
      continue;
    }
    if (indent === -1 && c !== SPACE) {
      indent = i - lineStart;
      if (blankWidth > indent) return true;
      blankWidth = 0;
      if (open.length > 0 && indent <= flowIndent) return true;
      if (indent === 0 && (c === 37 || text.startsWith('---', i) || text.startsWith('...', i))) return true;
    }
    if (comment) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : NEWLINE;
    if (quote !== 0) {
      if (quote === 34 && c === 92) i++; // \ escapes the next character in "..."
      else if (quote === 39 && c === 39 && next === 39) i++; // '' is a quote inside '...'
      else if (c === quote) {
        quote = 0;
        previous = c;
        if (next === 35) return true;
      }
      continue;
    }
    const before = i === lineStart ? NEWLINE : text.charCodeAt(i - 1);
    const startsValue = before === SPACE || before === NEWLINE || before === 91 || before === 123 || before === 44;
    const spaceAfter = next === SPACE || next === NEWLINE;
    switch (c) {
      case 34: // "
      case 39: // '
        if (startsValue || before === 58) quote = c;
        break;
      case 91: // [
      case 123: // {
        // An entry of a { } mapping that is a collection is a key: `{ [a, b] }`.
        if (open[open.length - 1] === 123 && (previous === 123 || previous === 44)) return true;
        if (open.push(c) === 1) flowIndent = indent;
        break;
      case 93: // ]
      case 125: // }
        if (open.pop() === undefined) return true;
        break;
      case 35: // #
        if (before === SPACE || before === NEWLINE) comment = true;
        break;
      case 38: // & anchor
      case 42: // * alias
        if ((startsValue || before === 58) && !spaceAfter && next !== 44 && next !== 91 && next !== 93 && next !== 123 && next !== 125) return true;
        break;
      case 33: // ! tag
        if (startsValue || before === 58) return true;
        break;
      case 63: // ? explicit key
        if (startsValue && spaceAfter) return true;
        break;
      case 58: // :
        if (before === 93 || before === 125) return true;
        if (spaceAfter && emptyOrNullKeyBefore(text, i, lineStart)) return true;
        break;
    }
    if (c !== SPACE && !comment) previous = c;
  }
  return false;
}

const NULL_KEYS = new Set(['', '-', '~', 'null', 'Null', 'NULL']);

/** Whether the key before the `: ` at `colon` is empty (`: x`, `- : x`) or a plain null (`~`, `null`). */
function emptyOrNullKeyBefore(text: string, colon: number, lineStart: number): boolean {
  let end = colon;
  while (end > lineStart && text.charCodeAt(end - 1) === SPACE) end--;
  let start = end;
  while (start > lineStart && !SEPARATORS.has(text.charCodeAt(start - 1))) start--;
  return end - start <= 4 && NULL_KEYS.has(text.slice(start, end));
}

/** What may stand before a key: a space, `[`, `{` or `,`. */
const SEPARATORS = new Set([SPACE, 91, 123, 44]);
