import * as assert from 'assert';
import { createHash } from 'crypto';
import { staticDocumentHtml } from '../../../src/extension/webview/html';

describe('webview: a finished document under our policy', () => {
  const doc = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>p{}</style></head><body><p style="color:red">&lt;b&gt;</p></body></html>`;

  it("replaces the document's policy: no script, styles by nonce and attribute hashes, never 'unsafe-inline'", () => {
    const html = staticDocumentHtml(doc, 'vscode-resource:', 'N0NCE');
    const policies = [...html.matchAll(/http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]);
    assert.strictEqual(policies.length, 1);
    const policy = policies[0];
    assert.ok(!policy.includes('unsafe-inline'), policy);
    assert.ok(!policy.includes('script-src'), policy);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /style-src 'nonce-N0NCE' 'unsafe-hashes' /);
    assert.ok(policy.includes(`'sha256-${createHash('sha256').update('color:red').digest('base64')}'`), policy);
    assert.match(html, /<style nonce="N0NCE">p\{\}<\/style>/);
    assert.ok(html.includes('&lt;b&gt;'), 'the text stays escaped');
  });

  it('a fresh nonce each render', () => {
    const nonceOf = (html: string) => /'nonce-([^']+)'/.exec(html)![1];
    assert.notStrictEqual(nonceOf(staticDocumentHtml(doc, 'x')), nonceOf(staticDocumentHtml(doc, 'x')));
  });
});
