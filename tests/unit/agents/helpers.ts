import { existsSync, readFileSync } from 'node:fs';
import type { TaskContext } from '../../../src/agents/index.ts';
import type { AgentSpec, CapabilitySpec, LogLevel } from '../../../src/core/index.ts';
import { memoryLogger } from '../../../src/core/index.ts';

export type LogRecord = { level: LogLevel; msg: string; fields?: Record<string, unknown> };

/** A task context filled the way the engine fills it. */
export function taskContext(over: Partial<TaskContext> = {}): TaskContext {
  const logs: LogRecord[] = [];
  return {
    signal: new AbortController().signal,
    projectDir: process.cwd(),
    project: {},
    runId: 'run-1',
    workflowId: 'wf',
    stepId: 'step',
    attempt: 1,
    idempotencyKey: 'run-1:step',
    timeoutMs: 10_000,
    scope: { env: {}, secrets: {}, run: { id: 'run-1', workflow: 'wf', attempt: 1 } },
    logger: memoryLogger(logs),
    ...over,
  };
}

export function agentSpec(id: string, capabilities: Record<string, CapabilitySpec>, over: Partial<AgentSpec> = {}): AgentSpec {
  return { id, capabilities, ...over };
}

/** A capability whose output is its rendered template. */
export function templateCap(template: unknown, more: Partial<CapabilitySpec> = {}): CapabilitySpec {
  return { run: { template }, ...more };
}

/** A pid is gone when signalling it fails or it is a zombie waiting to be reaped. */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Waits for a real process to do something observable (bounded, never a timing assertion). */
export async function until(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function readPids(file: string): { parent: number; child: number } {
  return JSON.parse(readFileSync(file, 'utf8')) as { parent: number; child: number };
}

export { existsSync };
