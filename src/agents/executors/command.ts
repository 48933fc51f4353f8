import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { NonRetriableError, isInsideDir, systemClock } from '../../core/index.ts';
import type { CommandSpec, TimerHandle } from '../../core/index.ts';
import { ExprError, render } from '../../expr/index.ts';
import type { Scope } from '../../expr/index.ts';
import type { Executor, ExecutorContext } from '../executor.ts';

/** Most stdout we buffer; a program printing more fails clearly instead of exhausting memory. */
export const MAX_STDOUT_BYTES = 16 * 1024 * 1024;
/** How much of the end of stderr is kept for the error message. */
export const STDERR_TAIL_BYTES = 64 * 1024;
/** Time between SIGTERM and SIGKILL to the process group when stopping a command. */
export const KILL_GRACE_MS = 2000;

/** A program that ran and failed: its exit code (or signal) and the end of its stderr. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

interface Prepared {
  file: string;
  args: string[];
  label: string;
  stdin: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  parse: 'json' | 'text' | 'auto';
}

function renderValue(value: unknown, ctx: ExecutorContext, what: string): unknown {
  try {
    return render(value, ctx.scope as Scope);
  } catch (err) {
    if (err instanceof ExprError) throw new NonRetriableError(`command ${what}: ${err.message}`, { cause: err });
    throw err;
  }
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * What a program inherits from amas's environment: the ordinary variables (PATH, HOME, LANG…),
 * never amas's own (`AMAS_*`, e.g. AMAS_API_KEY), never a secret of the project by name, and no
 * variable whose value the project's redactor would mask — a provider key read as
 * `${{ env.OPENAI_API_KEY }}` is a credential although it is not in the secrets scope. A value
 * that merely contains a secret (a URL with a password) stays out too. A secret reaches the
 * program only when its `env:` maps one (docs/security.md).
 */
function inheritedEnv(ctx: ExecutorContext): NodeJS.ProcessEnv {
  const secrets = ctx.scope['secrets'];
  const names = new Set(secrets !== null && typeof secrets === 'object' ? Object.keys(secrets) : []);
  const values = new Set<unknown>(secrets !== null && typeof secrets === 'object' ? Object.values(secrets).filter((v) => typeof v === 'string' && v !== '') : []);
  const masks = ctx.redactor;
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AMAS_') || names.has(k) || values.has(v)) continue;
    if (masks !== undefined && masks.redact(v) !== v) continue;
    out[k] = v;
  }
  return out;
}

function prepare(spec: NonNullable<CommandSpec | [string, ...string[]]>, ctx: ExecutorContext): Prepared {
  const cs: CommandSpec = Array.isArray(spec) ? { argv: spec } : spec;
  const argv = cs.argv.map((a, i) => asText(renderValue(a, ctx, `argv[${i}]`)));
  if (argv.length === 0 || argv[0] === '') throw new NonRetriableError('command: argv is empty (the program to run comes first)');
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(ctx),
    AMAS_RUN_ID: ctx.runId,
    AMAS_WORKFLOW_ID: ctx.workflowId,
    AMAS_STEP_ID: ctx.stepId,
    AMAS_AGENT_ID: ctx.agentId,
    AMAS_CAPABILITY: ctx.capability,
    AMAS_ATTEMPT: String(ctx.attempt),
    AMAS_IDEMPOTENCY_KEY: ctx.idempotencyKey,
    AMAS_PROJECT_DIR: ctx.projectDir,
  };
  for (const [k, v] of Object.entries(cs.env ?? {})) env[k] = asText(renderValue(v, ctx, `env.${k}`));
  const cwd = path.resolve(ctx.projectDir, cs.cwd === undefined ? '.' : asText(renderValue(cs.cwd, ctx, 'cwd')));
  if (cs.cwd !== undefined) {
    // A cwd rendered from an input (`${{ inputs.dir }}` = `../..`) must not leave the project either (AMAS317).
    if (!isInsideDir(ctx.projectDir, cwd)) throw new NonRetriableError(`command: working directory ${cwd} is outside the project directory (AMAS317)`);
    let ok = false;
    try {
      ok = statSync(cwd).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new NonRetriableError(`command: working directory ${cwd} does not exist`);
  }
  let stdin: string | undefined;
  if (cs.stdin !== undefined) {
    const v = renderValue(cs.stdin, ctx, 'stdin');
    stdin = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  }
  const label = argv[0]!;
  if (cs.shell) return { file: '/bin/sh', args: ['-c', argv.join(' ')], label: 'sh', stdin, env, cwd, parse: cs.parse ?? 'auto' };
  return { file: label, args: argv.slice(1), label, stdin, env, cwd, parse: cs.parse ?? 'auto' };
}

function parseStdout(text: string, mode: Prepared['parse'], label: string): unknown {
  if (mode === 'text') return text.replace(/\r?\n$/, '');
  const trimmed = text.trim();
  if (mode === 'json') {
    try {
      return JSON.parse(trimmed);
    } catch (err) {
      const head = trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
      throw new Error(`command "${label}" did not print JSON (${(err as Error).message}): ${JSON.stringify(head)}`);
    }
  }
  if (trimmed === '') return '';
  if (/^[[{"\-0-9]|^(true|false|null)$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // not JSON after all: text
    }
  }
  return text.replace(/\r?\n$/, '');
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new Error(r === undefined ? 'command aborted' : String(r));
}

/**
 * `command: [argv…]` or `{ argv, stdin, env, cwd, shell, parse }`. The program gets its own process
 * group (detached) so that a timeout or an abort kills everything it started: SIGTERM to the
 * group, SIGKILL after a grace. When the program exits, what is left of its group is terminated
 * too — a task's helpers must not outlive the task.
 */
export const commandExecutor: Executor<'command'> = (spec, _input, ctx) => {
  if (ctx.signal.aborted) return Promise.reject(abortReason(ctx.signal));
  let p: Prepared;
  try {
    p = prepare(spec, ctx);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const clock = ctx.clock ?? systemClock;

  return new Promise<unknown>((resolve, reject) => {
    const child = spawn(p.file, p.args, {
      cwd: p.cwd,
      env: p.env,
      stdio: [p.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let errTail = '';
    let stopReason: Error | undefined;
    let exited = false;
    let settled = false;
    let timeoutTimer: TimerHandle | undefined;
    let graceTimer: TimerHandle | undefined;

    const cleanup = () => {
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      if (timeoutTimer) clock.clearTimeout(timeoutTimer);
      if (graceTimer) clock.clearTimeout(graceTimer);
    };
    const fail = (err: Error) => {
      if (settled) return;
      cleanup();
      reject(err);
    };
    const stop = (reason: Error) => {
      if (stopReason || settled) return;
      stopReason = reason;
      const pid = child.pid;
      if (pid === undefined) return;
      killGroup(pid, 'SIGTERM');
      graceTimer = clock.setTimeout(() => {
        killGroup(pid, 'SIGKILL');
        // A grandchild that left our group could hold the pipes open forever: stop waiting for it.
        child.stdout?.destroy();
        child.stderr?.destroy();
        if (exited) fail(reason);
      }, KILL_GRACE_MS);
    };
    function onAbort() {
      stop(abortReason(ctx.signal));
    }

    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(ctx.timeoutMs) && ctx.timeoutMs > 0) {
      timeoutTimer = clock.setTimeout(() => stop(new Error(`command "${p.label}" timed out after ${ctx.timeoutMs}ms`)), ctx.timeoutMs);
    }

    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_STDOUT_BYTES) {
        stop(new NonRetriableError(`command "${p.label}" printed more than ${MAX_STDOUT_BYTES / (1024 * 1024)} MB on stdout`));
        return;
      }
      out.push(chunk);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      errTail += chunk;
      if (errTail.length > 2 * STDERR_TAIL_BYTES) errTail = errTail.slice(-STDERR_TAIL_BYTES);
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE when the program does not read its input: its exit code tells
      child.stdin.end(p.stdin);
    }

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EACCES') {
        fail(new NonRetriableError(`command "${p.label}" cannot be run (${err.code}): is it installed and on PATH?`, { cause: err }));
      } else fail(err);
    });
    child.on('exit', () => {
      exited = true;
      // Whatever the program left running in its group goes with it (it also closes pipes they hold).
      if (child.pid !== undefined) killGroup(child.pid, stopReason ? 'SIGKILL' : 'SIGTERM');
    });
    child.on('close', (code: number | null, sig: NodeJS.Signals | null) => {
      if (settled) return;
      if (stopReason) return fail(stopReason);
      const stderr = errTail.length > STDERR_TAIL_BYTES ? errTail.slice(-STDERR_TAIL_BYTES) : errTail;
      if (code !== 0) {
        const excerpt = stderr.trim().slice(-2000);
        const how = code === null ? `was killed by ${sig ?? 'a signal'}` : `exited with code ${code}`;
        return fail(new CommandError(`command "${p.label}" ${how}${excerpt ? `: ${excerpt}` : ''}`, code, sig, stderr));
      }
      let value: unknown;
      try {
        value = parseStdout(Buffer.concat(out).toString('utf8'), p.parse, p.label);
      } catch (err) {
        return fail(err as Error);
      }
      cleanup();
      resolve(value);
    });
  });
};
