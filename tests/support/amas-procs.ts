// Real `amas up` and `amas worker` processes (the built CLI, bin/amas) for the scale-out test and
// bench: each keeps the tail of its output for a failure report, and reads its own CPU time from
// /proc so the bench can say which process a run's cost lands in.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/amas');

const TAIL_BYTES = 16_000;

export interface AmasProc {
  /** A label for reports: `up-1`, `worker-2`… (also its E2E_PROC, the header of its http calls). */
  name: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  /** The last lines of stdout and stderr, interleaved as they came. */
  tail(): string;
  /** Whether `text` appeared in its output so far. */
  saw(text: string): boolean;
  /** CPU seconds (user + system) the process has used, read from /proc; undefined once it is gone. */
  cpuSeconds(): number | undefined;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Where a child's output goes: `pipe` (the default) reads it as it comes; a file (the bench)
 * leaves the child writing to the page cache and this process reading only when asked, as with a
 * log collector that keeps up: neither a busy parent nor a full pipe slows the child down.
 */
export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  outputFile?: string;
}

/** The real CLI (bin/amas, built dist/) as a child process. */
export function spawnAmas(name: string, args: string[], opts: SpawnOptions): AmasProc {
  return spawnNode(name, [...(opts.nodeArgs ?? []), BIN, ...args], opts);
}

/** `node ARGV…` as a child process, with the same output tail and CPU reading. */
export function spawnNode(name: string, argv: string[], opts: SpawnOptions): AmasProc {
  const fd = opts.outputFile === undefined ? undefined : fs.openSync(opts.outputFile, 'w');
  const child = spawn(process.execPath, argv, {
    cwd: opts.cwd,
    env: { ...process.env, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', E2E_PROC: name, ...opts.env },
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) fs.closeSync(fd);
  let out = '';
  let seen = '';
  const keep = (tag: string) => (d: string) => {
    const text = d
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `${tag} ${l}\n`)
      .join('');
    out = (out + text).slice(-TAIL_BYTES);
    // What `saw` searches: the whole output, but only the first 1 MB of it.
    if (seen.length < 1_000_000) seen += d;
  };
  child.stdout?.setEncoding('utf8').on('data', keep('out'));
  child.stderr?.setEncoding('utf8').on('data', keep('err'));
  const file = opts.outputFile;
  const read = (from: 'start' | 'end'): string => {
    if (file === undefined) return from === 'start' ? seen : out;
    const size = fs.statSync(file).size;
    const h = fs.openSync(file, 'r');
    try {
      const n = Math.min(size, from === 'start' ? 1_000_000 : TAIL_BYTES);
      const buf = Buffer.alloc(n);
      fs.readSync(h, buf, 0, n, from === 'start' ? 0 : size - n);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(h);
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const proc: AmasProc = {
    name,
    child,
    pid: child.pid!,
    exited,
    tail: () => read('end'),
    saw: (text) => read('start').includes(text),
    cpuSeconds: () => processCpuSeconds(child.pid!),
    async kill(signal) {
      if (gone()) return;
      child.kill(signal);
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
  return proc;
}

/** CPU seconds (utime + stime) of a live process, from /proc/PID/stat; undefined when it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/** A free TCP port on 127.0.0.1 (bound, then released for a child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `get` until it returns something truthy, or throws naming `what` after `ms`. */
export async function until<T>(get: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once `GET base/health` answers at all (the HTTP API listens). */
export function httpUp(base: string, ms = 30_000): Promise<true> {
  return until(
    () =>
      fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) }).then(
        () => true as const,
        () => false as const,
      ),
    `${base}/health`,
    ms,
    200,
  );
}

/** Starts a run of `workflow` through the HTTP API; resolves with its id (202 expected). */
export async function submitRun(base: string, apiKey: string, workflow: string, inputs: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${base}/api/workflows/${workflow}/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(inputs),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`POST ${workflow} run: ${res.status} ${text}`);
  return (JSON.parse(text) as { runId: string }).runId;
}

/** The tails of every process, for a failure message. */
export function report(procs: AmasProc[]): string {
  return procs.map((p) => `--- ${p.name} (pid ${p.pid}, exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'}) ---\n${p.tail()}`).join('\n');
}
