// The HTTP/1.1 client under nodeFetch, against TCP servers on 127.0.0.1 that write exact bytes:
// framing split across reads, keep-alive reuse and its races, and answers that are not HTTP.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { nodeFetch } from '../../../src/core/providers/nodeFetch';

interface Seen {
  connections: number;
  requests: string[];
}

/** A server that hands each request (head and body as text) and its socket to `answer`. */
function tcpServers(): (answer: (socket: Socket, request: string, index: number) => void) => Promise<{ url: string; seen: Seen }> {
  const open: Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  return async (answer) => {
    const seen: Seen = { connections: 0, requests: [] };
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      seen.connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      let pending = '';
      socket.on('data', (bytes) => {
        pending += bytes.toString('latin1');
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n');
          if (headEnd === -1) return;
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(pending.slice(0, headEnd))?.[1] ?? 0);
          if (pending.length < headEnd + 4 + length) return;
          const request = pending.slice(0, headEnd + 4 + length);
          pending = pending.slice(request.length);
          seen.requests.push(request);
          answer(socket, request, seen.requests.length - 1);
        }
      });
    });
    const close = server.close.bind(server);
    server.close = (cb) => {
      sockets.forEach((s) => s.destroy());
      return close(cb);
    };
    open.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  };
}

/** Writes `bytes` one byte a write, a timer apart, so the client reads them in many pieces. */
async function trickle(socket: Socket, bytes: string): Promise<void> {
  for (const byte of Buffer.from(bytes, 'latin1')) {
    socket.write(Buffer.from([byte]));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function failure(promise: Promise<unknown>): Promise<Error & { cause?: Error & { code?: string } }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { cause?: Error & { code?: string } };
  }
  assert.fail('expected a failure');
}

const OK_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n';

describe('HTTP/1.1 client (nodeFetch over http:)', () => {
  const server = tcpServers();

  it('reads a chunked body split anywhere: size lines, extensions, data, CRLFs and trailers a byte at a time', async () => {
    const { url } = await server((socket) => void trickle(socket, `${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhéllo\r\n1\r\n \r\nA\r\n{"a":"b"}\n\r\n0\r\nX-Trailer: yes\r\n\r\n`));
    const res = await nodeFetch(url);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString('latin1'), 'héllo {"a":"b"}\n');
  });

  it('keeps the connection for the next request after a Content-Length body, a 204 and a HEAD', async () => {
    const { url, seen } = await server((socket, request) => {
      if (request.startsWith('HEAD')) socket.write(`${OK_HEAD}Content-Length: 10\r\n\r\n`);
      else if (request.includes('/empty')) socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      else socket.write(`${OK_HEAD}Content-Length: 2\r\n\r\nok`);
    });
    assert.equal(await (await nodeFetch(url)).text(), 'ok');
    assert.equal((await nodeFetch(`${url}/empty`)).status, 204);
    assert.equal(await (await nodeFetch(url, { method: 'HEAD' })).text(), '');
    assert.equal(await (await nodeFetch(url)).text(), 'ok');
    assert.equal(seen.requests.length, 4);
    assert.equal(seen.connections, 1);
  });

  it('a body without length or chunking ends when the server closes, and that socket is not reused', async () => {
    const { url, seen } = await server((socket) => {
      socket.write(`${OK_HEAD}Connection: close\r\n\r\nuntil the end`);
      setTimeout(() => socket.end(), 5);
    });
    assert.equal(await (await nodeFetch(url)).text(), 'until the end');
    assert.equal(await (await nodeFetch(url)).text(), 'until the end');
    assert.equal(seen.connections, 2);
  });

  it('skips a 100 Continue head and reads the answer after it', async () => {
    const { url } = await server((socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${OK_HEAD}Content-Length: 4\r\n\r\ndone`));
    const res = await nodeFetch(url, { method: 'POST', body: 'x' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'done');
  });

  it('a reused socket the server closed as the request went out: sent again once on a new socket', async () => {
    const { url, seen } = await server((socket, _request, index) => {
      if (index === 1) return void socket.destroy(); // read the second request, then hang up without a byte
      socket.write(`${OK_HEAD}Content-Length: ${String(index).length}\r\n\r\n${index}`);
    });
    assert.equal(await (await nodeFetch(url)).text(), '0');
    assert.equal(await (await nodeFetch(url, { method: 'POST', body: 'again' })).text(), '2');
    assert.equal(seen.connections, 2);
    assert.deepEqual(
      seen.requests.map((r) => r.split(' ', 1)[0]),
      ['GET', 'POST', 'POST'],
    );
  });

  it('a fresh socket closed before any answer is "fetch failed", never retried', async () => {
    const { url, seen } = await server((socket) => socket.destroy());
    const err = await failure(nodeFetch(url, { method: 'POST', body: 'once' }));
    assert.ok(err instanceof TypeError);
    assert.equal(err.message, 'fetch failed');
    assert.equal(err.cause?.code, 'ECONNRESET');
    assert.equal(seen.requests.length, 1);
  });

  it('an answer that is not HTTP: "fetch failed" saying so', async () => {
    const { url } = await server((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    const err = await failure(nodeFetch(url));
    assert.equal(err.message, 'fetch failed');
    assert.match(err.cause?.message ?? '', /did not answer in HTTP\/1\.x \("SSH-2\.0/);
  });

  it('a head over 64 KiB: "fetch failed" saying so', async () => {
    const { url } = await server((socket) => socket.write(`${OK_HEAD}X-Big: ${'a'.repeat(70_000)}\r\n`));
    const err = await failure(nodeFetch(url));
    assert.match(err.cause?.message ?? '', /head is over 65536 bytes/);
  });

  it('a bad chunk size cuts the answer: the read fails with "terminated" and says why', async () => {
    const { url } = await server((socket) => socket.write(`${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n`));
    const res = await nodeFetch(url);
    const err = await failure(res.text());
    assert.equal(err.message, 'terminated');
    assert.match(err.cause?.message ?? '', /bad chunk size \("zz"\)/);
  });

  it('bytes after the answer: the answer is read, the socket is not trusted again', async () => {
    const { url, seen } = await server((socket) => socket.write(`${OK_HEAD}Content-Length: 2\r\n\r\nokEXTRA`));
    assert.equal(await (await nodeFetch(url)).text(), 'ok');
    assert.equal(await (await nodeFetch(url)).text(), 'ok');
    assert.equal(seen.connections, 2);
  });

  it('refuses a header value that would split the request, or that latin1 cannot carry', async () => {
    const { seen } = await server(() => assert.fail('nothing should be sent'));
    const err = await failure(nodeFetch('http://127.0.0.1:9/', { headers: { 'X-Evil': 'a\r\nHost: elsewhere' } }));
    assert.ok(err instanceof TypeError);
    assert.match(err.message, /Invalid header "X-Evil"/);
    const wide = await failure(nodeFetch('http://127.0.0.1:9/', { headers: { 'X-Name': 'Zoë ✓' } }));
    assert.match(wide.message, /Invalid header "X-Name"/); // sent as latin1, ✓ would arrive as another character
    assert.equal(seen.requests.length, 0);
  });

  it('sends Basic credentials from the URL, and the Host with its port', async () => {
    const { url, seen } = await server((socket) => socket.write(`${OK_HEAD}Content-Length: 0\r\n\r\n`));
    await (await nodeFetch(url.replace('http://', 'http://ann:p%40ss@'))).text();
    assert.match(seen.requests[0], new RegExp(`\r\nHost: ${new URL(url).host}\r\n`));
    assert.match(seen.requests[0], new RegExp(`\r\nAuthorization: Basic ${Buffer.from('ann:p@ss').toString('base64')}\r\n`));
  });

  it('an idle pooled socket does not keep the process alive', () => {
    const modulePath = path.join(__dirname, '..', '..', '..', 'src', 'core', 'providers', 'nodeFetch.js');
    const script = `
      const { nodeFetch } = require(${JSON.stringify(modulePath)});
      const server = require('http').createServer((req, res) => {
        res.end('ok');
        req.socket.unref();
      });
      server.keepAliveTimeout = 60000; // the server would close the idle socket itself after 5 s
      server.listen(0, '127.0.0.1', async () => {
        const res = await nodeFetch('http://127.0.0.1:' + server.address().port + '/');
        console.log(await res.text());
        server.unref(); // only the client's idle socket is left
      });`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 4_000 });
    assert.equal(child.signal, null, 'the process had to be killed: something kept it alive');
    assert.equal(child.stdout.trim(), 'ok', child.stderr);
  });
});
