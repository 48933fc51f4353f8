import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AmasError, DEFAULT_MAX_JSON_DEPTH, errorMessage, jsonRpcIdOf, jsonTextTooDeep, type Logger, type Redactor } from '../../core/index.ts';
import {
  LineSplitter,
  MAX_REQUEST_BYTES,
  RPC_APP_ERROR,
  RPC_INVALID_PARAMS,
  RPC_INVALID_REQUEST,
  RPC_METHOD_NOT_FOUND,
  RPC_PARSE_ERROR,
  type RpcResponse,
} from './protocol.ts';

/** A method handler; `notify` pushes a notification to the calling client (for live tails). */
export type ControlHandler = (params: unknown, client: ControlClientHandle) => Promise<unknown> | unknown;

export interface ControlClientHandle {
  notify(method: string, params: unknown): void;
  onClose(fn: () => void): void;
}

export class InvalidParamsError extends Error {}

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serves newline-delimited JSON-RPC on a unix socket, mode 0600. A stale socket file left by a
 * crashed runtime is removed; a live one means another runtime is up, which the project lock
 * already prevents, so it is an error here.
 */
export interface ControlLimits {
  /** Largest request line in bytes. */
  maxBytes: number;
  /** Deepest JSON nesting of a request. */
  maxDepth: number;
}

export async function serveControl(
  socketPath: string,
  handlers: Record<string, ControlHandler>,
  logger: Logger,
  redactor?: Pick<Redactor, 'redactDeep'>,
  limits: ControlLimits = { maxBytes: MAX_REQUEST_BYTES, maxDepth: DEFAULT_MAX_JSON_DEPTH },
): Promise<ControlServer> {
  fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  await removeStaleSocket(socketPath);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    const closers: (() => void)[] = [];
    // Every reply and notification leaves through here: the project's secrets are masked in the
    // values before the line is serialized.
    const send = (msg: unknown) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(redactor ? redactor.redactDeep(msg) : msg)}\n`);
    };
    const client: ControlClientHandle = {
      notify: (method, params) => send({ jsonrpc: '2.0', method, params }),
      onClose: (fn) => closers.push(fn),
    };
    const splitter = new LineSplitter(
      (line) => void handleLine(line, handlers, client, limits.maxDepth, logger).then((res) => res && send(res)),
      () => {
        // The rest of the line cannot be told from the next request: answer, then hang up.
        send({ jsonrpc: '2.0', id: null, error: { code: RPC_INVALID_REQUEST, message: `request larger than ${limits.maxBytes} bytes` } });
        // The client may still be writing: once the answer is flushed, close both ways.
        socket.pause();
        socket.end(() => socket.destroy());
      },
      limits.maxBytes,
    );
    socket.on('data', (chunk: string) => splitter.push(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      for (const fn of closers) fn();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  server.on('error', (err) => logger.warn('control socket error', { error: errorMessage(err) }));
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          fs.rmSync(socketPath, { force: true });
          resolve();
        });
      }),
  };
}

async function handleLine(line: string, handlers: Record<string, ControlHandler>, client: ControlClientHandle, maxDepth: number, logger: Logger): Promise<RpcResponse | undefined> {
  // Before parsing: what a handler does with a 200,000-deep value (store it, answer it) recurses.
  if (jsonTextTooDeep(line, maxDepth)) return { jsonrpc: '2.0', id: jsonRpcIdOf(line), error: { code: RPC_INVALID_REQUEST, message: `invalid request: nested deeper than ${maxDepth} levels` } };
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return { jsonrpc: '2.0', id: null, error: { code: RPC_PARSE_ERROR, message: 'parse error: not JSON' } };
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof (msg as { method?: unknown }).method !== 'string') {
    return { jsonrpc: '2.0', id: null, error: { code: RPC_INVALID_REQUEST, message: 'invalid request: expected {"jsonrpc":"2.0","method":…}' } };
  }
  const { id = null, method, params } = msg as { id?: number | string | null; method: string; params?: unknown };
  const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
  if (!handler) return { jsonrpc: '2.0', id, error: { code: RPC_METHOD_NOT_FOUND, message: `unknown method ${method}` } };
  // What each client asks (at debug level): how often `amas status`/`amas run` call is visible in the log.
  logger.debug('control call', { method });
  try {
    const result = await handler(params ?? {}, client);
    return { jsonrpc: '2.0', id, result: result ?? null };
  } catch (err) {
    if (err instanceof InvalidParamsError) return { jsonrpc: '2.0', id, error: { code: RPC_INVALID_PARAMS, message: err.message } };
    const data = err instanceof AmasError ? { code: err.code, ...(err.hint ? { hint: err.hint } : {}), exitCode: err.exitCode } : undefined;
    return { jsonrpc: '2.0', id, error: { code: RPC_APP_ERROR, message: errorMessage(err), ...(data ? { data } : {}) } };
  }
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  if (!fs.existsSync(socketPath)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
  if (alive) throw new AmasError('AMAS_CONTROL_BUSY', `another amas runtime is serving ${socketPath}`, { hint: 'stop it first, or use its control socket' });
  fs.rmSync(socketPath, { force: true });
}
