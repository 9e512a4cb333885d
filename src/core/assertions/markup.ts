// is-xml, contains-xml, is-html, contains-html, as promptfoo's. XML is checked by fast-xml-parser
// (promptfoo's parser) and HTML parsed by parse5 (the WHATWG parser promptfoo uses); both are
// dist/markup.js, required on first use, so a run pays for them only when a set uses them.
import { requireBesideBundle } from '../util/besideBundle';
import type { Assertion } from '../workspace/schemas';
import { readValue } from './catalogue';
import type { AssertionContext, GradingResult } from './types';
import type * as MarkupParsers from './markupParsersBundle';
import { result } from './util';

let parsers: typeof MarkupParsers | undefined;
const markupParsers = (): typeof MarkupParsers => (parsers ??= requireBesideBundle<typeof MarkupParsers>('markup.js', 'The HTML and XML parsers'));

type XmlValue = { requiredElements: string[] } | undefined;
type XmlCheck = { ok: true; tree: Record<string, unknown> } | { ok: false; why: string };

/** Whether `text` is one well-formed XML document (a single root element), and its tree. */
function checkXml(text: string): XmlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, why: 'it is empty' };
  // promptfoo refuses an internal DTD subset: its entities could expand without bound, and no external resource is ever loaded.
  if (/<!DOCTYPE[^>[]*\[/i.test(trimmed)) return { ok: false, why: 'it declares a DTD internal subset, which is not read' };
  const { XMLValidator, XMLParser } = markupParsers();
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) return { ok: false, why: `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  const tree = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, ignorePiTags: true }).parse(trimmed) as Record<string, unknown>;
  const roots = Object.keys(tree);
  const count = roots.reduce((n, k) => n + (Array.isArray(tree[k]) ? (tree[k] as unknown[]).length : 1), 0);
  if (count !== 1) return { ok: false, why: count === 0 ? 'it has no root element' : `it has ${count} root elements, not one` };
  return { ok: true, tree };
}

/** The required element paths (`analysis.color`) that `tree` lacks. */
function missingElements(tree: Record<string, unknown>, paths: readonly string[]): string[] {
  const has = (node: unknown, keys: readonly string[]): boolean => {
    if (keys.length === 0) return true;
    if (Array.isArray(node)) return node.some((n) => has(n, keys));
    if (typeof node !== 'object' || node === null || !(keys[0] in node)) return false;
    return has((node as Record<string, unknown>)[keys[0]], keys.slice(1));
  };
  return paths.filter((p) => !has(tree, p.split('.')));
}

export function isXml(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const required = readValue<XmlValue>(assertion)?.requiredElements ?? [];
  const xml = checkXml(output);
  if (!xml.ok) return result(false, `Output is not one well-formed XML document: ${xml.why}`);
  const missing = missingElements(xml.tree, required);
  if (missing.length > 0) return result(false, `Output is XML but lacks ${missing.map((m) => `'${m}'`).join(', ')}`);
  return result(true, required.length ? `Output is well-formed XML with ${required.map((m) => `'${m}'`).join(', ')}` : 'Output is well-formed XML');
}

/** At most this many candidate fragments are tried in one output. */
const MAX_FRAGMENTS = 200;

/** Candidate XML fragments in `text`: from each opening tag to the last closing tag of the same name. */
function xmlFragments(text: string): string[] {
  const fragments: string[] = [];
  const opening = /<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = opening.exec(text)) !== null && fragments.length < MAX_FRAGMENTS) {
    if (m[2] === '/') {
      fragments.push(m[0]);
      continue;
    }
    const close = text.lastIndexOf(`</${m[1]}>`);
    if (close > m.index) fragments.push(text.slice(m.index, close + m[1].length + 3));
  }
  return fragments;
}

export function containsXml(assertion: Assertion, { output }: AssertionContext): GradingResult {
  const required = readValue<XmlValue>(assertion)?.requiredElements ?? [];
  let lacking: string[] | undefined;
  for (const fragment of xmlFragments(output)) {
    const xml = checkXml(fragment);
    if (!xml.ok) continue;
    const missing = missingElements(xml.tree, required);
    if (missing.length === 0) return result(true, required.length ? `Output contains well-formed XML with ${required.map((m) => `'${m}'`).join(', ')}` : 'Output contains well-formed XML');
    lacking ??= missing;
  }
  if (lacking) return result(false, `Output contains XML, but none with ${lacking.map((m) => `'${m}'`).join(', ')}`);
  return result(false, 'Output contains no well-formed XML');
}

const HTML_SIGNS: readonly [RegExp, number][] = [
  [/<!DOCTYPE\s+html/i, 2],
  [/<(?:html|head|body|div|span|p|a|img|h[1-6]|ul|ol|li|table|tr|td|th|form|input|button|script|style|link|meta|br|hr|em|strong|section|article|nav|header|footer|main)\b[^<>]*>/i, 2],
  [/<[a-zA-Z][\w-]*(?:\s[^<>]*)?>/, 1],
  [/<\/[a-zA-Z][\w-]*\s*>/, 1],
  [/<[a-zA-Z][\w-]*(?:\s[^<>]*)?\/>/, 1],
  [/&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/, 1],
  [/<!--[\s\S]*?-->/, 1],
  [/\s[a-zA-Z-]+\s*=\s*["'][^"']*["']/, 1],
];

/** As promptfoo's contains-html: at least two signs of HTML, so "a < b" or "<example>" alone is not HTML. */
export function containsHtml(_assertion: Assertion, { output }: AssertionContext): GradingResult {
  const weight = HTML_SIGNS.reduce((n, [sign, w]) => n + (sign.test(output) ? w : 0), 0);
  return weight >= 2 ? result(true, 'Output contains HTML') : result(false, 'Output contains no HTML (fewer than two signs of it)');
}

// The elements of the HTML standard (and custom elements, which contain a hyphen).
const HTML_ELEMENTS = new Set(
  ('a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data datalist dd del ' +
    'details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ' +
    'ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option output p picture pre progress q rp rt ruby ' +
    's samp script search section select slot small source span strong style sub summary sup svg table tbody td template textarea tfoot th thead ' +
    'time title tr track u ul var video wbr math').split(' '),
);

interface HtmlNode {
  nodeName: string;
  value?: string;
  childNodes?: HtmlNode[];
  sourceCodeLocation?: unknown;
}

/**
 * As promptfoo's is-html: the whole output is HTML, parsed by a real HTML parser. It must begin
 * with a tag and end with one, hold no text outside elements (unless it writes its own <body>),
 * and contain at least one element of the HTML standard that it wrote itself.
 */
export function isHtml(_assertion: Assertion, { output }: AssertionContext): GradingResult {
  const text = output.trim();
  const no = (why: string): GradingResult => result(false, `Output is not HTML: ${why}`);
  if (text === '') return no('it is empty');
  if (!text.startsWith('<') || !text.endsWith('>')) return no('it does not begin and end with a tag');
  if (/^<\?xml/i.test(text)) return no('it is an XML document');
  const { parse } = markupParsers();
  const document = parse(text, { sourceCodeLocationInfo: true }) as unknown as HtmlNode;
  const elements: HtmlNode[] = [];
  const walk = (node: HtmlNode): void => {
    for (const child of node.childNodes ?? []) {
      if (child.sourceCodeLocation && !child.nodeName.startsWith('#')) elements.push(child);
      walk(child);
    }
  };
  walk(document);
  const html = document.childNodes?.find((n) => n.nodeName === 'html');
  const body = html?.childNodes?.find((n) => n.nodeName === 'body');
  if (body && !body.sourceCodeLocation && body.childNodes?.some((n) => n.nodeName === '#text' && (n.value ?? '').trim() !== '')) {
    return no('it has text outside its elements');
  }
  if (!elements.some((e) => HTML_ELEMENTS.has(e.nodeName) || e.nodeName.includes('-'))) return no('it has no element of the HTML standard');
  const last = /<\/?([a-zA-Z][\w-]*)[^<>]*>$/.exec(text);
  if (!last) return no('it does not end with a tag');
  return result(true, 'Output is HTML');
}
