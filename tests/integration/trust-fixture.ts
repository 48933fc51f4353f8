// Shared by the HTTP/socket/MCP hardening suites: a small project written by a factory, and
// `amas up --no-tui` on it as a child process (optionally under a lowered open-file limit).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/amas');

/**
 * `hello` (no `on:`: manual), `on-event` (an event trigger only), `every-second` (a cron
 * only). `record` runs a real child process, so a run needs free file descriptors.
 */
export function trustProject(httpYaml = 'http:\n  listen: 127.0.0.1:0\n'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-trust-'));
  const w = (f: string, s: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), s);
  };
  w('amas.yaml', `apiVersion: amas/v1\nname: trust\nstore: { path: .amas/amas.db }\nruntime: { shutdown_grace: 5s }\n${httpYaml}`);
  w(
    'agents.d/worker.yaml',
    `apiVersion: amas/v1
id: worker
domain: Testing
description: Records what it is given through a real process
concurrency: 4
capabilities:
  record:
    description: Echo through a child process
    input: { type: object, required: [what], properties: { what: { type: string } } }
    output: { type: object, required: [seen] }
    run:
      command:
        argv: [node, -e, "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({seen:s})))"]
        stdin: \${{ input.what }}
        parse: json
  stamp:
    description: Render a stamp
    input: { type: object }
    output: { type: object, required: [text] }
    run:
      template: { text: "stamp" }
`,
  );
  w(
    'workflows.d/hello.yaml',
    `apiVersion: amas/v1
id: hello
description: No on:, so manual
inputs:
  name: { type: string, default: world }
  extra: { type: object, default: {} }
steps:
  - id: greet
    task: record
    with: { what: "hello \${{ inputs.name }}" }
outputs:
  seen: \${{ steps.greet.output.seen }}
`,
  );
  w(
    'workflows.d/on-event.yaml',
    `apiVersion: amas/v1
id: on-event
description: Started by data_update events only
on:
  - event: data_update
steps:
  - id: s
    task: stamp
`,
  );
  w(
    'workflows.d/every-second.yaml',
    `apiVersion: amas/v1
id: every-second
description: Started by its cron only
on:
  - cron: "* * * * * *"
concurrency: { max_runs: 1, overlap: skip }
steps:
  - id: s
    task: stamp
`,
  );
  return dir;
}

export interface LogLine {
  time: string;
  level: string;
  msg: string;
  [k: string]: unknown;
}

export interface Up {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  lines(): LogLine[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `amas up --no-tui DIR`, under `ulimit -n fdLimit` when given; resolves once it is up. */
export async function startUp(dir: string, fdLimit?: number): Promise<Up> {
  const cmd = `${fdLimit ? `ulimit -n ${fdLimit} && ` : ''}exec "${process.execPath}" "${BIN}" up --no-tui "${dir}"`;
  const proc = spawn('bash', ['-c', cmd], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info', AMAS_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const up: Up = {
    proc,
    stdout: () => out,
    stderr: () => err,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LogLine),
    exit,
  };
  await until(() => up.lines().some((l) => l.msg === 'amas is up') || proc.exitCode !== null, 'amas up to start', 45_000, up);
  if (proc.exitCode !== null) throw new Error(`amas up exited ${proc.exitCode}\n${out}\n${err}`);
  return up;
}

export async function stopUp(up: Up): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (up.proc.exitCode === null && up.proc.signalCode === null) up.proc.kill('SIGTERM');
  return up.exit;
}

export async function until<T>(get: () => T | undefined | false, what: string, ms = 10_000, up?: Up): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${up ? `\nstdout:\n${up.stdout().slice(-3000)}\nstderr:\n${up.stderr()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The real CLI, with the project's directory as cwd. */
export function amas(dir: string, args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '', ...env }, timeout: 45_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
