import type { ExecutorContext } from '../../../src/agents/executor.ts';
import { memoryLogger, type ProjectSpec } from '../../../src/core/index.ts';

/** A hand-built ExecutorContext: the executor contract, filled the way the engine fills it. */
export function makeContext(over: Partial<ExecutorContext> = {}): ExecutorContext & { logs: Parameters<typeof memoryLogger>[0] } {
  const logs: Parameters<typeof memoryLogger>[0] = [];
  const project: ProjectSpec = over.project ?? ({} as ProjectSpec);
  return {
    signal: new AbortController().signal,
    projectDir: process.cwd(),
    project,
    agentId: 'tester',
    capability: 'do_it',
    runId: 'run-1',
    workflowId: 'wf',
    stepId: 'step',
    attempt: 1,
    idempotencyKey: 'run-1:step',
    timeoutMs: 5_000,
    scope: { input: {}, env: {}, secrets: {}, run: { id: 'run-1', workflow: 'wf', attempt: 1 } },
    logger: memoryLogger(logs),
    logs,
    ...over,
  };
}
