// `amas up --no-tui` as a real child process on the store fixture project (HTTP API on a free
// loopback port), for the store's trust tests: queued runs, limits, fencing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/amas');
export const PROJECT = path.join(ROOT, 'tests/fixtures/store/project');
export const API_KEY = 'store-test-key-0123456789';

export interface LogLine {
  msg: string;
  level: string;
  [k: string]: unknown;
}

export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** A fresh copy of the fixture project (in `parent` when given, e.g. a small tmpfs). */
export function copyProject(parent = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(parent, 'amas-store-'));
  fs.cpSync(PROJECT, dir, { recursive: true });
  return dir;
}

export const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  AMAS_DEBUG: '',
  AMAS_LOG_LEVEL: 'info',
  NO_COLOR: '1',
  STORE_TEST_API_KEY: API_KEY,
  ...extra,
});

export async function until<T>(get: () => T | undefined | false, what: string, ms = 20_000, log?: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${log ? `\n${log()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `until` for a check that has to ask over the network. */
export async function untilAsync<T>(get: () => Promise<T | undefined | false>, what: string, ms = 20_000, log?: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${log ? `\n${log()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Up {
  child: ChildProcess;
  url: string;
  lines(): LogLine[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  api(method: string, p: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `amas up --no-tui DIR`. `shell` wraps the command (e.g. `ulimit -n 64; exec "$@"`) to run
 * it under other limits; the child is still the amas process itself (exec).
 */
export async function startUp(dir: string, opts: { shell?: string; env?: Record<string, string> } = {}): Promise<Up> {
  const argv = [process.execPath, BIN, 'up', '--no-tui', dir];
  const child = opts.shell
    ? spawn('bash', ['-c', `${opts.shell}; exec "$@"`, 'amas-up', ...argv], { cwd: dir, env: env(opts.env), stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(argv[0]!, argv.slice(1), { cwd: dir, env: env(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const lines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  const output = () => `stdout:\n${stdout.slice(-4000)}\nstderr:\n${stderr.slice(-4000)}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const listening = await until(() => (gone ? ({ msg: 'exited' } as LogLine) : lines().find((l) => l.msg === 'HTTP API listening')), 'the HTTP API', 30_000, output);
  if (gone) throw new Error(`amas up exited\n${output()}`);
  await until(() => lines().some((l) => l.msg === 'amas is up'), 'amas up', 30_000, output);
  const url = String(listening.url).replace(/\/$/, '');
  return {
    child,
    url,
    lines,
    output,
    exited,
    async api(method, p, body) {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The real CLI, run to completion in `dir`. */
export function amas(dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string; json(): any } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: env(), timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}
