// A real HTTP server on 127.0.0.1 that stands for a slow external API in the scale-out test and
// bench: every POST is recorded (run, step, the Idempotency-Key amas sends, which amas process
// made it), answered after a delay, and marked `answered` once the answer was written or
// `aborted` when the caller's connection closed first (its process was killed mid-call). The
// answer carries the call's number, so the step output the store journaled names the call it
// came from.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  /** 1-based, in arrival order. */
  n: number;
  run: string;
  step: string;
  runAttempt: number;
  key: string;
  /** The amas process that made the call (its E2E_PROC environment variable). */
  proc: string;
  at: number;
  state: 'pending' | 'answered' | 'aborted';
}

export interface CountingServer {
  url: string;
  calls: Call[];
  /** TCP connections accepted (fewer than calls: callers keep connections alive). */
  connections(): number;
  close(): Promise<void>;
}

export interface CountingOptions {
  /** Delay before answering, drawn uniformly from [min, max] ms. */
  delayMs: [number, number];
}

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export async function startCountingServer(opts: CountingOptions): Promise<CountingServer> {
  const calls: Call[] = [];
  const [min, max] = opts.delayMs;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let parsed: { run?: unknown; step?: unknown; runAttempt?: unknown } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        res.writeHead(400).end('not JSON');
        return;
      }
      const call: Call = {
        n: calls.length + 1,
        run: String(parsed.run ?? ''),
        step: String(parsed.step ?? ''),
        runAttempt: Number(parsed.runAttempt ?? 0),
        key: header(req, 'idempotency-key'),
        proc: header(req, 'x-e2e-proc'),
        at: Date.now(),
        state: 'pending',
      };
      calls.push(call);
      res.on('finish', () => {
        if (call.state === 'pending') call.state = 'answered';
      });
      // A killed caller's kernel closes its socket with a FIN: the server sees the connection end
      // (half-closed: it could still write an answer nobody reads), or close. Either cuts the call off.
      const cutOff = (): void => {
        if (call.state !== 'pending') return;
        call.state = 'aborted';
        clearTimeout(timer);
        req.socket.destroy();
      };
      req.socket.once('end', cutOff);
      res.on('close', cutOff);
      const timer = setTimeout(
        () => {
          req.socket.off('end', cutOff);
          const text = JSON.stringify({ call: call.n, step: call.step });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        },
        min + Math.random() * (max - min),
      );
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
