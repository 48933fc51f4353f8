// A real `amas up --no-tui` child on a copy of a fixture project, and the CLI run against it:
// shared by the first-hour tests (issue 18) that need a running runtime.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/amas');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, synchronously (the runtime under test is another process). */
export function amasIn(dir: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '', ...env }, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function copyProject(fixture: string, prefix = 'amas-first-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** Polls `get` every `everyMs` until it returns something truthy, or fails after `ms` naming `what`. */
export async function until<T>(get: () => T | undefined | false | null, what: string, ms = 15_000, everyMs = 25): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface UpChild {
  dir: string;
  child: ChildProcess;
  stdout(): string;
  /** Parsed JSON log lines so far. */
  lines(): { msg: string; [k: string]: unknown }[];
  stop(): Promise<void>;
}

/** Starts `amas up --no-tui DIR` and resolves once it logged "amas is up". */
export async function startUp(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<UpChild> {
  const child = spawn(process.execPath, [BIN, 'up', '--no-tui', dir, ...args], {
    cwd: dir,
    env: { ...process.env, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });
  try {
    await until(() => lines().some((l) => l.msg === 'amas is up') || child.exitCode !== null, 'amas up to start');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\nstdout:\n${out.slice(-2000)}\nstderr:\n${err}`);
  }
  if (child.exitCode !== null) throw new Error(`amas up exited ${child.exitCode}\nstdout:\n${out.slice(-2000)}\nstderr:\n${err}`);
  return {
    dir,
    child,
    stdout: () => out,
    lines,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** The HTTP API key `amas up` keeps in .amas/, when it generated one; else none. */
export function apiKeyHeaders(dir: string): Record<string, string> {
  const file = path.join(dir, '.amas/api-key');
  return fs.existsSync(file) ? { authorization: `Bearer ${fs.readFileSync(file, 'utf8').trim()}` } : {};
}
