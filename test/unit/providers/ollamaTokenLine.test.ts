// The token-line fast path of the Ollama stream: it must read exactly what JSON.parse reads, and
// leave every line it cannot be sure of to JSON.parse.

import { strict as assert } from 'node:assert';
import { tokenLineContent } from '../../../src/core/providers/ollamaTokenLine';
import { OllamaProvider } from '../../../src/core/providers/ollama';
import { serverPool } from './helpers';

/** A line as Go's encoder writes a streamed chat token. */
function goLine(content: string, model = 'llama3.2:latest', createdAt = '2026-12-01T19:00:00.123456789Z'): string {
  return `{"model":${JSON.stringify(model)},"created_at":${JSON.stringify(createdAt)},"message":{"role":"assistant","content":${JSON.stringify(content)}},"done":false}`;
}

function read(line: string, asBuffer = true): string | undefined {
  const bytes = asBuffer ? Buffer.from(`xx${line}\nyy`) : new TextEncoder().encode(`xx${line}\nyy`);
  return tokenLineContent(bytes, 2, 2 + Buffer.byteLength(line));
}

describe('Ollama token lines', () => {
  it('reads the content of a Go token line, from a Buffer or a Uint8Array, without the bytes around it', () => {
    assert.equal(read(goLine(' refunds')), ' refunds');
    assert.equal(read(goLine(' refunds'), false), ' refunds');
    assert.equal(read(goLine('')), '');
  });

  it('decodes what JSON decodes: quotes, backslashes, newlines, \\u escapes, astral characters, multi-byte UTF-8', () => {
    const contents = ['say "30 days"', 'C:\\clinic\\', 'line\nnext\ttab', '\u0000\u001f', 'naïve café 日本語', '🦷 and 👍🏽', '\\"', '"', '\\', '}', '"},"done":false}'];
    for (const content of contents) assert.equal(read(goLine(content)), content, JSON.stringify(content));
    // An escape JSON.stringify never writes, but Go's encoder does (<, >, & and U+2028 as \u escapes).
    assert.equal(read('{"model":"m","created_at":"t","message":{"role":"assistant","content":"\\u003cb\\u003e \\u0026 \\u2028"},"done":false}'), '<b> & \u2028');
  });

  it('agrees with JSON.parse on random contents', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = ['a', ' ', '"', '\\', '\n', '\u0001', 'é', '😀', '/', '}', ',', '\u2028'];
    for (let n = 0; n < 2000; n++) {
      const content = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      const line = goLine(content);
      assert.equal(read(line), (JSON.parse(line) as { message: { content: string } }).message.content, JSON.stringify(line));
    }
  });

  it('leaves to JSON.parse every line that is not exactly a token line', () => {
    const notTokens = [
      // the final line, and lines with more in them
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"eval_count":3}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"","thinking":"hmm"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]},"done":false}',
      '{"error":"model runner has unexpectedly stopped"}',
      // the same fields in another order, or other roles
      '{"created_at":"t","model":"m","message":{"role":"assistant","content":"x"},"done":false}',
      '{"model":"m","created_at":"t","message":{"content":"x","role":"assistant"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"user","content":"x"},"done":false}',
      // spacing, a CR before the newline, escapes outside the content
      '{ "model":"m","created_at":"t","message":{"role":"assistant","content":"x"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"x"},"done":false}\r',
      '{"model":"m\\"x","created_at":"t","message":{"role":"assistant","content":"x"},"done":false}',
      // not JSON: a raw control character, a bad escape, a line cut short, bytes after the end
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"a\tb"},"done":false}',
      '{"model":"m","created_at":"t\u0001","message":{"role":"assistant","content":"x"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"\\x"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"\\u12"},"done":false}',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"x"},"done":fal',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"x\\',
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":"x"},"done":false}}',
      '',
    ];
    for (const line of notTokens) assert.equal(read(line), undefined, line);
  });

  describe('in a streamed answer', () => {
    const servers = serverPool();

    it('token lines and parsed lines make one answer, in order, the done line ending it', async () => {
      const url = await servers.raw((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.write(goLine('He') + '\n' + goLine('llo') + '\r\n'); // a CRLF line goes through JSON.parse
        res.write('{"model":"m","created_at":"t","message":{"role":"assistant","content":", \\"you\\""},"done":false}\n');
        res.write('{"model":"m","created_at":"t","message":{"role":"assistant","content":"","thinking":"…"},"done":false}\n');
        res.end('{"model":"m","created_at":"t","message":{"role":"assistant","content":"!"},"done":true,"done_reason":"stop","eval_count":4}\n' + goLine('after the end') + '\n');
      });
      const answer = await new OllamaProvider({ host: url, model: 'm' }).complete({ messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(answer.output, 'Hello, "you"!');
      assert.equal(answer.tokens.completion, 4);
      assert.equal(answer.doneReason, 'stop');
    });

    it('a stream of token lines only, without its done line, is still an answer that did not finish', async () => {
      const url = await servers.raw((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        res.end(goLine('Hel') + '\n' + goLine('lo'));
      });
      await assert.rejects(new OllamaProvider({ host: url, model: 'm' }).complete({ messages: [{ role: 'user', content: 'hi' }] }), (err: Error) => /final chunk|done/i.test(err.message));
    });
  });
});
