// Shared by the provider tests: servers that are always closed, and a way to catch the error.

import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../../../src/core/providers/types';
import { startOllamaServer, type OllamaTestServer, type StartOptions } from '../../fixtures/ollamaServer';

/** Use inside a describe: `const servers = serverPool();` then `await servers.start(...)`. */
export function serverPool(): { start(options?: StartOptions): Promise<OllamaTestServer>; raw(handler: RawHandler): Promise<string> } {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  return {
    async start(options = {}) {
      const server = await startOllamaServer(options);
      closers.push(() => server.close());
      return server;
    },
    /** A bare HTTP server for answers the test server cannot give; returns its URL. */
    async raw(handler) {
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (part: Buffer) => (body += part.toString('utf8')));
        req.on('end', () => handler(req, res, body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closers.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** The ProviderError a promise rejects with (fails the test if it resolves or throws anything else). */
export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

/** Runs `fn` with console.log/warn/error captured; returns what was printed. */
export async function consoleOutput(fn: () => Promise<unknown>): Promise<string[]> {
  const printed: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const capture = (...args: unknown[]): void => void printed.push(args.map(String).join(' '));
  console.log = capture;
  console.warn = capture;
  console.error = capture;
  try {
    await fn().catch(() => undefined);
  } finally {
    Object.assign(console, saved);
  }
  return printed;
}

export const REFUND = 'What is the refund window?';
export const REFUND_ANSWER = 'Refunds are available within 30 days of the appointment.';
