// Secrets (API keys) never reach disk or logs. A server or a model can send one back: an error
// body that quotes the request, an answer that echoes the Authorization header. Whatever Upkeep
// keeps of what came back (error messages, answers, judge reasons, run records, log lines) passes
// through here first.

export const REDACTED = '[redacted]';

/**
 * `text` with every secret replaced by [redacted]; with `bearerTokens`, any `Bearer <token>` too
 * (for server-sent error text, which may quote a token Upkeep never knew).
 */
export function redact(text: string, secrets: readonly string[], bearerTokens = false): string {
  let out = bearerTokens ? text.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`) : text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of a JSON-shaped value with every string redacted; the value itself when there is no secret. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  // A run without an API key (every Ollama run) has nothing to look for.
  if (!secrets.some((s) => s)) return value;
  const json = JSON.stringify(value);
  // The common case, nothing to hide, costs one stringify and no copy.
  if (!secrets.some((s) => s && json.includes(JSON.stringify(s).slice(1, -1)))) return value;
  return JSON.parse(json, (_key, v: unknown) => (typeof v === 'string' ? redact(v, secrets) : v)) as T;
}
