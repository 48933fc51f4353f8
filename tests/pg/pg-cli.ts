// The real CLI on a project whose store is PostgreSQL (AMAS_STORE_URL): a project factory, one-shot
// commands (asynchronous, so `amas up` children keep draining their output meanwhile) and
// long-running `amas up --no-tui` processes with their JSON log lines.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');

/**
 * A project: agent `a` with `say` (a template, with the first five entries of knowledge category
 * `notes`), `wait` (a real process that waits until the file `release` exists in the project) and
 * `stamp`; workflows `say`, `slow` (say → wait → say), `review` (an approval step, then `say`) and,
 * with `cron`, `tick` firing every second (misfire run-all, grace 1m).
 */
export function pgProject(name: string, opts: { cron?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-pg-${name}-`));
  const w = (f: string, s: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), s);
  };
  w('amas.yaml', `apiVersion: amas/v1\nname: ${name}\nruntime: { shutdown_grace: 2s, max_concurrent_tasks: 12 }\n`);
  const release = JSON.stringify(path.join(dir, 'release'));
  w(
    'agents.d/a.yaml',
    `apiVersion: amas/v1
id: a
concurrency: 8
capabilities:
  say:
    run:
      template: { text: "\${{ input.text }}", notes: "\${{ knowledge('notes', 5) }}" }
  wait:
    run:
      command:
        argv: [node, -e, "const f = process.argv[1]; const t = setInterval(() => { if (require('fs').existsSync(f)) { clearInterval(t); console.log(JSON.stringify({ pid: process.pid })); } }, 50)", ${release}]
        parse: json

  stamp:
    run:
      template: { at: "\${{ run.id }}" }
`,
  );
  w('workflows.d/say.yaml', 'apiVersion: amas/v1\nid: say\ninputs:\n  text: { type: string, default: hi }\nsteps:\n  - id: s\n    task: say\n    with: { text: "${{ inputs.text }}" }\noutputs:\n  out: ${{ steps.s.output }}\n');
  w(
    'workflows.d/slow.yaml',
    'apiVersion: amas/v1\nid: slow\nsteps:\n  - id: first\n    task: say\n    with: { text: one }\n  - id: wait\n    needs: [first]\n    task: wait\n  - id: last\n    needs: [wait]\n    task: say\n    with: { text: two }\noutputs:\n  text: ${{ steps.last.output.text }}\n',
  );
  w(
    'workflows.d/review.yaml',
    'apiVersion: amas/v1\nid: review\nsteps:\n  - id: ask\n    approval:\n      prompt: "Go?"\n  - id: after\n    needs: [ask]\n    if: ${{ steps.ask.output.approved }}\n    task: say\n    with: { text: "approved by ${{ steps.ask.output.by }}" }\noutputs:\n  text: ${{ steps.after.output.text }}\n',
  );
  if (opts.cron) {
    w(
      'workflows.d/tick.yaml',
      'apiVersion: amas/v1\nid: tick\non:\n  - cron: "* * * * * *"\n    misfire: run-all\n    grace: 1m\nconcurrency: { overlap: allow, max_runs: 100 }\nsteps:\n  - id: stamp\n    task: stamp\n',
    );
  }
  return dir;
}

/** A copy of a project in another directory: what another machine with the same files sees (no shared control socket). */
export function elsewhere(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-pg-copy-'));
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}.amas`) });
  return copy;
}

export function cliEnv(url: string): NodeJS.ProcessEnv {
  return { ...process.env, AMAS_STORE_URL: url, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', NO_COLOR: '1', CI: '1' };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One CLI command to its end. */
export function amas(url: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cliEnv(url), timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface UpProcess {
  child: ChildProcess;
  dir: string;
  logs(): Record<string, unknown>[];
  output(): string;
  exited: Promise<number | null>;
  waitLog(test: (l: Record<string, unknown>) => boolean, what: string, ms?: number): Promise<Record<string, unknown>>;
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
}

/** `amas up --no-tui DIR` on the PostgreSQL store; resolves once it logged "amas is up". */
export async function startUp(url: string, dir: string, extra: string[] = []): Promise<UpProcess> {
  const child = spawn(process.execPath, [BIN, 'up', '--no-tui', ...extra, dir], { cwd: dir, env: cliEnv(url), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const logs = () =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const output = () => `stdout:\n${stdout.slice(-6000)}\nstderr:\n${stderr.slice(-3000)}`;
  const waitLog = async (test: (l: Record<string, unknown>) => boolean, what: string, ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = logs().find(test);
      if (hit) return hit;
      if (gone) throw new Error(`amas up exited before ${what}\n${output()}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitLog((l) => l.msg === 'amas is up', 'amas is up');
  return {
    child,
    dir,
    logs,
    output,
    exited,
    waitLog,
    async kill9() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function until<T>(get: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One query on the test database (what the runs' rows say, beside the CLI). */
export async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
