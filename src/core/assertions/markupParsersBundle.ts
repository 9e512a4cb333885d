// Entry of dist/markup.js: parse5 and fast-xml-parser (about 460 KB), a bundle of their own so
// that runner.js and cli.js neither carry nor compile them at start-up; markup.ts requires it the
// first time a set grades HTML or XML.
export { parse } from 'parse5';
export { XMLParser, XMLValidator } from 'fast-xml-parser';
