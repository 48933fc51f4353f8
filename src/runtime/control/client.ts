import fs from 'node:fs';
import net from 'node:net';
import { AmasError } from '../../core/index.ts';
import { LineSplitter, type RpcErrorBody } from './protocol.ts';

export interface ControlClient {
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Notifications pushed by the runtime (e.g. events after `events.subscribe`). */
  onNotification(fn: (method: string, params: unknown) => void): void;
  /** Called once when the connection is gone (the runtime stopped or crashed); later calls reject. */
  onClose(fn: () => void): void;
  close(): void;
}

/** Connects to a running runtime's control socket, or resolves undefined when none is up. */
export async function connectControl(socketPath: string): Promise<ControlClient | undefined> {
  if (!fs.existsSync(socketPath)) return undefined;
  const socket = await new Promise<net.Socket | undefined>((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(undefined));
  });
  if (!socket) return undefined;
  socket.setEncoding('utf8');
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const listeners: ((method: string, params: unknown) => void)[] = [];
  const closers: (() => void)[] = [];
  let closed = false;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const splitter = new LineSplitter(
    (line) => {
      let msg: { id?: number; result?: unknown; error?: RpcErrorBody; method?: string; params?: unknown };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.method !== undefined && msg.id === undefined) {
        for (const l of listeners) l(msg.method, msg.params);
        return;
      }
      const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
      if (!p || msg.id === undefined) return;
      pending.delete(msg.id);
      if (msg.error) {
        const d = msg.error.data;
        p.reject(new AmasError(d?.code ?? 'AMAS_CONTROL', msg.error.message, { ...(d?.hint ? { hint: d.hint } : {}), exitCode: d?.exitCode === 2 ? 2 : 1 }));
      } else p.resolve(msg.result);
    },
    () => socket.destroy(new Error('response line too long')),
  );
  socket.on('data', (chunk: string) => splitter.push(chunk));
  socket.on('error', (err) => failAll(err));
  const closedError = () => new AmasError('AMAS_CONTROL_CLOSED', 'the amas runtime closed the control connection');
  socket.on('close', () => {
    closed = true;
    failAll(closedError());
    for (const fn of closers.splice(0)) fn();
  });
  return {
    call<T>(method: string, params?: unknown): Promise<T> {
      // A write to a closed socket neither fails nor answers: refuse instead of hanging.
      if (closed || socket.destroyed) return Promise.reject(closedError());
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? {} })}\n`);
      });
    },
    onNotification: (fn) => listeners.push(fn),
    onClose: (fn) => (closed ? fn() : closers.push(fn)),
    close: () => socket.end(),
  };
}
