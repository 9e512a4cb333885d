import { readFileSync, statSync } from 'fs';
import * as path from 'path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

/** The file the build copies next to the bundles (esbuild.js) and `.vscodeignore` ships. */
export const SQL_WASM_FILE = 'sql-wasm.wasm';

/**
 * Where sql.js's WebAssembly binary is: next to the running bundle (`dist/sql-wasm.wasm`, what
 * the packaged extension and CLI use), or, when running from `out/` (tests, the CLI compiled by
 * tsc), the copy in `node_modules/sql.js/dist`. Undefined when neither exists.
 */
export function findSqlWasm(bundleDir: string = __dirname): string | undefined {
  const beside = path.join(bundleDir, SQL_WASM_FILE);
  if (isFile(beside)) return beside;
  try {
    const installed = require.resolve(`sql.js/dist/${SQL_WASM_FILE}`);
    if (isFile(installed)) return installed;
  } catch {
    // not installed (the packaged extension ships no node_modules)
  }
  return undefined;
}

// The WebAssembly global, which the ES2022 lib without DOM types does not declare.
const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: ArrayBuffer): boolean } }).WebAssembly;

let loaded: { wasmPath: string; sql: Promise<SqlJsStatic> } | undefined;

/**
 * Loads sql.js from a local WebAssembly file, never from a network: the bytes are read here and
 * handed over as `wasmBinary`, and `locateFile` points at the same file, so sql.js has nothing
 * to fetch. sql.js keeps one module per process, so the first path loaded is the one used.
 */
export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  if (loaded) return loaded.sql;
  const file = wasmPath ?? findSqlWasm();
  if (!file) return Promise.reject(new Error(`sql.js's ${SQL_WASM_FILE} was not found next to ${__dirname} nor in node_modules/sql.js/dist.`));
  let binary: Buffer;
  try {
    binary = readFileSync(file);
  } catch (e) {
    // Checked before sql.js is started: a failed start would be cached by sql.js for the process.
    return Promise.reject(new Error(`Cannot read sql.js's WebAssembly file ${file}: ${(e as Error).message}`));
  }
  const wasmBinary = binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength) as ArrayBuffer;
  // sql.js would abort with an unhandled rejection on a file that is not WebAssembly.
  if (!wasm.validate(wasmBinary)) return Promise.reject(new Error(`${file} is not a valid WebAssembly module (sql.js's ${SQL_WASM_FILE} is needed).`));
  const sql = initSqlJs({ wasmBinary, locateFile: () => file });
  loaded = { wasmPath: file, sql };
  return sql;
}

/** The WebAssembly file this process loaded sql.js from, once it has. */
export function loadedSqlWasm(): string | undefined {
  return loaded?.wasmPath;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
