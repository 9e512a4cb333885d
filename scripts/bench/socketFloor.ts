// What the bench's streams cost before any client does anything with them: a bare socket reader
// that sends the chat request and reads the chunked answer to its last chunk, parsing nothing.
// Its CPU a case is the floor of any Node client (the socket reads and the wake-ups between the
// server's per-token writes); the server's own CPU an answer shows how much of the machine
// the server itself takes.
import { readFileSync } from 'fs';
import * as net from 'net';

export interface FloorSample {
  clientCpuMs: number;
  /** Undefined where /proc cannot be read. */
  serverCpuMs?: number;
  readsPerAnswer: number;
}

const END_OF_BODY = '0\r\n\r\n';

/** `answers` streamed answers over `concurrency` keep-alive sockets, read and thrown away. */
export async function readRawAnswers(url: string, serverPids: number[], answers: number, concurrency: number): Promise<FloorSample> {
  const host = new URL(url);
  const body = JSON.stringify({ model: 'llama3.2:latest', messages: [{ role: 'user', content: 'question number 1' }], stream: true });
  const request = Buffer.from(
    `POST /api/chat HTTP/1.1\r\nHost: ${host.host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const lane = (count: number) =>
    new Promise<number>((resolve, reject) => {
      let left = count;
      let reads = 0;
      const socket = net.connect({
        host: host.hostname,
        port: Number(host.port),
        onread: {
          buffer,
          callback: (n) => {
            reads++;
            // The last chunk of a chunked body ends a read: the server writes it on its own.
            if (buffer.toString('latin1', Math.max(0, n - END_OF_BODY.length), n) !== END_OF_BODY) return true;
            if (--left === 0) {
              socket.destroy();
              resolve(reads);
            } else socket.write(request);
            return true;
          },
        },
      });
      socket.setNoDelay(true);
      socket.on('error', reject);
      socket.write(request);
    });
  const server0 = serverCpuMs(serverPids);
  const cpu0 = process.cpuUsage();
  const reads = await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(Math.floor(answers / concurrency) + (i < answers % concurrency ? 1 : 0))));
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpuMs(serverPids);
  return {
    clientCpuMs: (cpu.user + cpu.system) / 1000 / answers,
    serverCpuMs: server0 !== undefined && server1 !== undefined ? (server1 - server0) / answers : undefined,
    readsPerAnswer: reads.reduce((a, b) => a + b, 0) / answers,
  };
}

/** The user + system CPU of processes in milliseconds, from /proc (Linux); undefined elsewhere. */
export function serverCpuMs(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }
  return total;
}
