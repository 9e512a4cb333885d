// Nearly every line of an Ollama chat stream is one token, in the one shape Go's encoder writes:
//
//   {"model":"…","created_at":"…","message":{"role":"assistant","content":"…"},"done":false}
//
// For a line of exactly that shape the content is read straight from the bytes: no JSON.parse,
// no objects, no string but the token's own. Any other line (the final one, an error, a thinking
// or tool-call token, other key order, escapes outside the content) is not recognised and goes
// through JSON.parse, so the fast path can only agree with it.

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

const MODEL_KEY = ascii('{"model":"');
const CREATED_AT_KEY = ascii('","created_at":"');
const CONTENT_KEY = ascii('","message":{"role":"assistant","content":"');
const TAIL = ascii('"},"done":false}');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const DECODER = new TextDecoder();

/** Whether `bytes` holds `key` at `at`. */
function hasAt(bytes: Uint8Array, at: number, key: Uint8Array): boolean {
  if (at + key.length > bytes.length) return false;
  for (let i = 0; i < key.length; i++) if (bytes[at + i] !== key[i]) return false;
  return true;
}

/** Where the string starting at `from` ends (its closing quote), or -1 if it holds an escape or a control character. */
function plainStringEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = bytes[i];
    if (b === QUOTE) return i;
    if (b === BACKSLASH || b < 0x20) return -1;
  }
  return -1;
}

/** The UTF-8 text of `bytes` from `start` to `end`: a Buffer decodes itself, a plain Uint8Array through a TextDecoder. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8', start, end) : DECODER.decode(bytes.subarray(start, end));
}

/**
 * The content of a token line of `bytes` from `start` to `end` (the newline excluded), or
 * undefined when the line is anything else and must be parsed as JSON.
 */
export function tokenLineContent(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (!hasAt(bytes, start, MODEL_KEY)) return undefined;
  const modelEnd = plainStringEnd(bytes, start + MODEL_KEY.length, end);
  if (modelEnd < 0 || !hasAt(bytes, modelEnd, CREATED_AT_KEY)) return undefined;
  const createdEnd = plainStringEnd(bytes, modelEnd + CREATED_AT_KEY.length, end);
  if (createdEnd < 0 || !hasAt(bytes, createdEnd, CONTENT_KEY)) return undefined;
  const contentStart = createdEnd + CONTENT_KEY.length;
  let escaped = false;
  let i = contentStart;
  for (; i < end; i++) {
    const b = bytes[i];
    if (b === QUOTE) break;
    if (b < 0x20) return undefined;
    if (b === BACKSLASH) {
      escaped = true;
      i++; // the escaped character, a quote included, cannot end the string
    }
  }
  if (i >= end || i + TAIL.length !== end || !hasAt(bytes, i, TAIL)) return undefined;
  if (!escaped) return utf8Text(bytes, contentStart, i);
  try {
    return JSON.parse(utf8Text(bytes, contentStart - 1, i + 1)) as string; // the quotes included: JSON decodes the escapes
  } catch {
    return undefined; // a bad escape: JSON.parse of the whole line says so
  }
}
