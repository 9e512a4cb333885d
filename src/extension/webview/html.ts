import { createHash, randomBytes } from 'crypto';

/** 128 random bits: a nonce nobody can guess, so only our own script tag runs. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy every Upkeep webview runs under. Scripts only with this render's nonce (no inline
 * handlers, no eval: `'unsafe-inline'` and `'unsafe-eval'` never appear); styles and fonts only from
 * the extension's own files (`cspSource`) or a nonce'd <style>; images from our files or data:
 * URIs; nothing else (no fetch, no frames, no forms).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/**
 * The whole page: a policy, style sheets, an empty root and one script. It holds no data, so no
 * text from a model or a file ever passes through HTML; the script builds the page from messages.
 */
export function renderHtml(o: { cspSource: string; script: string; styles: readonly string[]; nonce?: string }): string {
  const nonce = o.nonce ?? makeNonce();
  const links = o.styles.map((href) => `<link rel="stylesheet" href="${attr(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
  </head>
  <body>
    <main id="app" aria-busy="true"></main>
    <script nonce="${attr(nonce)}" src="${attr(o.script)}"></script>
  </body>
</html>`;
}

/**
 * Our own URIs and the policy contain no double quotes, but an attribute is escaped anyway. Not
 * `escapeMarkup`: the policy's single quotes stay as they are, so the page reads as it is sent.
 */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * A finished document (the monthly report's HTML) shown as it is, with no script at all: its own
 * policy is replaced by ours, its <style> blocks get this render's nonce, and its style attributes
 * are allowed by their hashes ('unsafe-hashes' covers attributes only, never a script).
 */
export function staticDocumentHtml(document: string, cspSource: string, nonce: string = makeNonce()): string {
  const hashes = new Set<string>();
  for (const m of document.matchAll(/\sstyle="([^"]*)"/g)) hashes.add(`'sha256-${createHash('sha256').update(decodeAttribute(m[1])).digest('base64')}'`);
  const policy = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'${hashes.size ? ` 'unsafe-hashes' ${[...hashes].join(' ')}` : ''}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${attr(policy)}">`;
  const withoutPolicy = document.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/gi, '');
  const withPolicy = /<head>/i.test(withoutPolicy) ? withoutPolicy.replace(/<head>/i, `<head>\n${meta}`) : `${meta}\n${withoutPolicy}`;
  return withPolicy.replace(/<style>/gi, `<style nonce="${attr(nonce)}">`);
}

/** The value a browser hashes: the attribute as parsed, entities decoded. */
function decodeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
