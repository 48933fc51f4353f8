// Readers of the runtime's event stream for the stream tests: an SSE client over node:http, the
// real CLI run asynchronously (a synchronous spawn would stop this process reading its streams),
// and `amas events tail` as a child.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { BIN } from './up-child.ts';

export interface SseMessage {
  id: number;
  event: string;
  data: { seq: number; type: string; runId?: string; [k: string]: unknown };
}

export interface SseReader {
  status: number;
  messages: SseMessage[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an SSE stream; resolves once the response headers are in. */
export function sse(url: string, key: string, headers: Record<string, string> = {}): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = [];
      let buf = '';
      res.setEncoding('utf8');
      const ended = new Promise<void>((done) => {
        res.on('end', () => done());
        res.on('close', () => done());
      });
      res.on('data', (chunk: string) => {
        buf += chunk;
        let at: number;
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, at);
          buf = buf.slice(at + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (fields.has('data')) messages.push({ id: Number(fields.get('id')), event: fields.get('event') ?? '', data: JSON.parse(fields.get('data')!) as SseMessage['data'] });
        }
      });
      resolve({ status: res.statusCode ?? 0, messages, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function amasAsync(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Tail {
  child: ChildProcess;
  /** Parsed JSON lines so far. */
  events(): SseMessage['data'][];
  stop(): Promise<number | null>;
}

export function tail(dir: string, args: string[]): Tail {
  const child = spawn(process.execPath, [BIN, 'events', 'tail', dir, ...args], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '' } });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.resume();
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    events: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as SseMessage['data']),
    stop: () => {
      child.kill('SIGINT');
      return closed;
    },
  };
}
