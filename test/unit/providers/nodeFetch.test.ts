// nodeFetch against bare HTTP servers on 127.0.0.1: what fetch promises (status, headers, bodies,
// streamed reads, redirects, failures and aborts) and what it adds (reused sockets, no leaks).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { nodeFetch, type BodyReadResult } from '../../../src/core/providers/nodeFetch';
import { serverPool } from './helpers';

async function rejection(promise: Promise<unknown>): Promise<Error & { cause?: { code?: string } }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { cause?: { code?: string } };
  }
  assert.fail('expected a rejection');
}

const bodyOf = (res: Response) => res.body as unknown as { getReader(): { read(): Promise<BodyReadResult>; cancel(): Promise<void> } };

/** Resolves when the test says so: lets a server hold an answer open. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('nodeFetch', () => {
  it('a request with plain-object headers never loads Node\'s own fetch (about 40 ms of a CLI run\'s start-up)', () => {
    const modulePath = path.join(__dirname, '..', '..', '..', 'src', 'core', 'providers', 'nodeFetch.js');
    const script = `
      const { nodeFetch } = require(${JSON.stringify(modulePath)});
      const server = require('http').createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
        const res = await nodeFetch('http://127.0.0.1:' + server.address().port + '/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        await res.text();
        console.log(process.moduleLoadList.some((m) => m.includes('undici')));
        process.exit(0);
      });`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(child.stdout.trim(), 'false', child.stderr);
  });

  const servers = serverPool();

  it('reads status, headers (any case, repeated ones joined) and a JSON body', async () => {
    const url = await servers.raw((_req, res) => {
      res.statusCode = 201;
      res.statusMessage = 'Made';
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('X-Many', ['a', 'b']);
      res.end(JSON.stringify({ said: 'héllo ✓' }));
    });
    const res = await nodeFetch(`${url}/x`);
    assert.equal(res.ok, true);
    assert.equal(res.status, 201);
    assert.equal(res.statusText, 'Made');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('CONTENT-TYPE'), 'application/json');
    assert.equal(res.headers.get('x-many'), 'a, b');
    assert.equal(res.headers.get('x-absent'), null);
    assert.deepEqual(await res.json(), { said: 'héllo ✓' });
    assert.equal(res.bodyUsed, true);
  });

  it('sends the method, headers and a string body with its byte length', async () => {
    let seen: { method?: string; length?: string; type?: string; body: string } = { body: '' };
    const url = await servers.raw((req, res, body) => {
      seen = { method: req.method, length: req.headers['content-length'], type: req.headers['content-type'], body };
      res.end('ok');
    });
    const text = 'naïve – 日本';
    const res = await nodeFetch(`${url}/post?q=1`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: text });
    assert.equal(await res.text(), 'ok');
    assert.deepEqual(seen, { method: 'POST', length: String(Buffer.byteLength(text)), type: 'text/plain', body: text });
  });

  it('hands over chunks as they arrive, before the answer ends', async () => {
    const rest = gate();
    const url = await servers.raw((_req, res) => {
      res.setHeader('Content-Type', 'application/x-ndjson');
      res.write('{"n":1}\n');
      void rest.wait.then(() => res.end('{"n":2}\n'));
    });
    const reader = bodyOf(await nodeFetch(url)).getReader();
    const first = await reader.read();
    assert.equal(Buffer.from(first.value!).toString(), '{"n":1}\n');
    rest.open();
    const second = await reader.read();
    assert.equal(Buffer.from(second.value!).toString(), '{"n":2}\n');
    assert.equal((await reader.read()).done, true);
  });

  it('reuses the connection for the next request, also after a finished body is cancelled', async () => {
    const ports: number[] = [];
    const url = await servers.raw((req, res) => {
      ports.push(req.socket.remotePort!);
      res.end('{"done":true}\n');
    });
    await (await nodeFetch(url)).text();
    const reader = bodyOf(await nodeFetch(url)).getReader();
    await reader.read();
    await reader.cancel();
    await (await nodeFetch(url)).text();
    assert.equal(ports.length, 3);
    assert.equal(new Set(ports).size, 1, `ports ${ports.join(', ')}`);
  });

  it('cancelling a body that has fully arrived but is not yet read keeps the connection', async () => {
    const ports: number[] = [];
    const url = await servers.raw((req, res) => {
      ports.push(req.socket.remotePort!);
      // Many chunks at once: the reader takes one, the rest wait in the paused response.
      for (let i = 0; i < 40; i++) res.write(`{"n":${i}}\n`);
      res.end();
    });
    const reader = bodyOf(await nodeFetch(url)).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve)); // the drained socket goes back to the pool
    await (await nodeFetch(url)).text();
    assert.deepEqual(ports, [ports[0], ports[0]]);
  });

  it('cancelling an unfinished body closes its connection, so an endless answer cannot hold it', async () => {
    const closed = gate();
    const url = await servers.raw((req, res) => {
      res.write('{"n":1}\n');
      req.socket.on('close', closed.open);
    });
    const reader = bodyOf(await nodeFetch(url)).getReader();
    await reader.read();
    await reader.cancel();
    await closed.wait;
  });

  it('a refused connection: TypeError "fetch failed" with the system error as cause', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const err = await rejection(nodeFetch(`http://127.0.0.1:${port}/`));
    assert.ok(err instanceof TypeError);
    assert.equal(err.message, 'fetch failed');
    assert.equal(err.cause?.code, 'ECONNREFUSED');
  });

  it('an answer cut off mid-body: the read fails with TypeError "terminated"', async () => {
    let answering: ServerResponse | undefined;
    const url = await servers.raw((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":');
      answering = res;
    });
    const res = await nodeFetch(url);
    // Cut once the client has the head, so it is the body's read that fails, however slow the machine.
    answering!.socket?.destroy();
    const err = await rejection(res.text());
    assert.ok(err instanceof TypeError);
    assert.equal(err.message, 'terminated');
  });

  it('an abort rejects with the signal’s reason, before the answer and while reading it', async () => {
    const held: ServerResponse[] = [];
    const url = await servers.raw((req, res) => {
      if (req.url === '/body') res.write('{"n":1}\n');
      held.push(res);
    });
    const before = new AbortController();
    const pending = nodeFetch(`${url}/headers`, { signal: before.signal });
    setTimeout(() => before.abort(new Error('stop before')), 20);
    assert.equal((await rejection(pending)).message, 'stop before');

    const during = new AbortController();
    const reader = bodyOf(await nodeFetch(`${url}/body`, { signal: during.signal })).getReader();
    await reader.read();
    setTimeout(() => during.abort(new Error('stop during')), 20);
    assert.equal((await rejection(reader.read())).message, 'stop during');
  });

  it('an already-aborted signal rejects without sending anything', async () => {
    let requests = 0;
    const url = await servers.raw((_req, res) => {
      requests++;
      res.end();
    });
    const controller = new AbortController();
    controller.abort(new Error('already'));
    assert.equal((await rejection(nodeFetch(url, { signal: controller.signal }))).message, 'already');
    assert.equal(requests, 0);
  });

  it('stops listening to the signal once the body has ended', async () => {
    const rest = gate();
    const url = await servers.raw((_req, res) => {
      res.write('x');
      void rest.wait.then(() => res.end('y'));
    });
    const controller = new AbortController();
    const res = await nodeFetch(url, { signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    rest.open();
    assert.equal(await res.text(), 'xy');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('follows redirects as fetch does: 307 keeps POST and body, 303 turns into GET', async () => {
    const seen: string[] = [];
    const url = await servers.raw((req, res, body) => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url === '/a') res.writeHead(307, { Location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(303, { Location: '/c' }).end();
      else res.end('landed');
    });
    const res = await nodeFetch(`${url}/a`, { method: 'POST', body: 'payload' });
    assert.equal(await res.text(), 'landed');
    assert.equal(res.redirected, true);
    assert.equal(res.url, `${url}/c`);
    assert.deepEqual(seen, ['POST /a payload', 'POST /b payload', 'GET /c ']);
  });

  it('drops Authorization when a redirect leaves the origin', async () => {
    const auth: Array<string | undefined> = [];
    const other = await servers.raw((req, res) => {
      auth.push(req.headers.authorization);
      res.end('elsewhere');
    });
    const first = await servers.raw((req, res) => {
      auth.push(req.headers.authorization);
      res.writeHead(302, { Location: `${other}/x` }).end();
    });
    const res = await nodeFetch(first, { headers: { Authorization: 'Bearer secret' } });
    assert.equal(await res.text(), 'elsewhere');
    assert.deepEqual(auth, ['Bearer secret', undefined]);
  });
});
