// Entry of dist/ajv.js: Ajv's three drafts and ajv-formats (about 300 KB), a bundle of their own
// so that runner.js and cli.js do not compile them at start-up; json.ts requires it the first time
// a schema is compiled.
export { default as Ajv } from 'ajv';
export { default as Ajv2019 } from 'ajv/dist/2019';
export { default as Ajv2020 } from 'ajv/dist/2020';
export { default as addFormats } from 'ajv-formats';
