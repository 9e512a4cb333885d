// Entry of dist/sql.js: node-sql-parser with every dialect (2.6 MB of grammars), a bundle of its
// own so that runner.js and cli.js neither carry nor compile it; sql.ts requires it on first use.
export { Parser } from 'node-sql-parser';
