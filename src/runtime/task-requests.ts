// task_request events from the bus (`amas emit`, HTTP, MCP, other agents) run as agent tasks
// outside any workflow run; the agent answers the requester with task_complete or error_occurred.
import type { AgentPool, TaskContext } from '../agents/index.ts';
import type { BusEvent, Unsubscribe } from '../bus/index.ts';
import { parseDuration, type Clock, type Logger, type ProjectSpec } from '../core/index.ts';

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** What a request reads as it is now (a reload changes the project and the secrets). */
export interface TaskRequestSource {
  projectDir: string;
  project(): ProjectSpec;
  env: Record<string, string | undefined>;
  secrets(): Record<string, string | undefined>;
  logger: Logger;
  clock: Clock;
}

/**
 * The context of a task an event asked for (a task_request, or an agent's reaction): outside any
 * run, keyed by the event, with the capability's own timeout else the project default — the same
 * order a workflow step uses.
 */
export function eventTaskContext(pool: AgentPool, src: TaskRequestSource, event: BusEvent, capability: string, agentId?: string): TaskContext {
  const project = src.project();
  const declared = pool.describe(capability, agentId)?.timeout ?? project.runtime?.default_timeout;
  const timeoutMs = declared === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(declared);
  return {
    signal: AbortSignal.timeout(timeoutMs),
    projectDir: src.projectDir,
    project,
    runId: '',
    workflowId: '',
    stepId: capability,
    attempt: 1,
    idempotencyKey: event.id,
    timeoutMs,
    scope: { env: src.env, secrets: src.secrets(), event: { id: event.id, type: event.type, source: event.source, data: event.data } },
    logger: src.logger,
    clock: src.clock,
  };
}

export function serveTaskRequests(pool: AgentPool, bus: Parameters<AgentPool['serveTaskRequests']>[0], src: TaskRequestSource): Unsubscribe {
  return pool.serveTaskRequests(bus, (event: BusEvent, capability: string): TaskContext => eventTaskContext(pool, src, event, capability));
}
