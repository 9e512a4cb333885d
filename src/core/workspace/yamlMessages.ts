/**
 * The yaml parser's errors in words that say what to do. Its own text ("Nested mappings are not
 * allowed in compact mappings") names a grammar rule; the person editing an eval set needs to
 * know which quote or indent to fix. Positions are reported separately.
 */
export function yamlErrorMessage(code: string, raw: string): string {
  const text = raw.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/block sequence/i.test(text)) return 'A list item ("- ") is where a key was expected: line the "- " items up under their key, indented further than it.';
      return 'This value contains ": ", which YAML reads as the start of another key. Put the whole value in quotes, e.g. input: "Note: bring your card", or check the indentation of this line.';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A key runs onto the next line: check this line\'s indentation, or quote a value that continues over several lines (or write it as a block with |).';
    case 'TAB_AS_INDENT':
      return 'YAML does not allow tabs for indentation: indent this line with spaces.';
    case 'MISSING_CHAR':
      if (/quote/i.test(text)) return 'This quoted value has no closing quote: add the matching " or \' at its end (a quote inside the value must be doubled \'\' or escaped \\").';
      if (/map values/i.test(text)) return 'This line has no ": " after its key: write key: value, or indent it under the line above if it continues that value.';
      if (/\]|\}/.test(text)) return `${text}: close the [ ] or { } list it belongs to.`;
      return `${text}: check the quotes and brackets on this line.`;
    case 'BAD_INDENT':
      if (/same column/i.test(text)) return 'This key is not lined up with the keys around it: indent it by the same number of spaces as the key above.';
      if (/flow (sequence|mapping)/i.test(text)) return `A ${/sequence/i.test(text) ? '[ list' : '{ mapping'} is not closed: end it with ${/sequence/i.test(text) ? ']' : '}'}, and indent its lines further than its key.`;
      return `${text}: check the indentation of this line.`;
    case 'DUPLICATE_KEY':
      return 'This key appears twice in the same mapping: keep one (YAML does not allow both).';
    case 'BAD_SCALAR_START': {
      const char = /character (.)/.exec(text)?.[1] ?? 'this character';
      return `A value cannot start with ${char} in YAML: put the value in quotes.`;
    }
    case 'BLOCK_IN_FLOW':
      return 'Inside [ ] or { }, a value containing ": " or starting with "- " must be quoted: put it in quotes, or write the list one item a line.';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return '"&" and "*" start anchors and aliases in YAML: put a value that begins with & or * in quotes.';
    case 'MULTIPLE_DOCS':
      return 'The file holds more than one YAML document ("---"): keep one document per file.';
    default:
      return `${text}: check the quotes and indentation of this line.`;
  }
}
