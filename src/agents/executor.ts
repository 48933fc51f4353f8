import type { AgentLoopPort, Clock, ExecutorSpec, Logger, ModelCallReport, ProjectSpec, Redactor } from '../core/index.ts';
import type { CallInterceptor } from './calls.ts';
import type { McpClients } from './executors/mcp-clients.ts';

/** What an executor may read and write of the knowledge base (provided by the engine from the store). */
export interface KnowledgeAccess {
  retrieve(query: { category?: string; agentId?: string; limit?: number }): Promise<unknown[]>;
  store(entry: { category: string; content: unknown; metadata?: Record<string, unknown>; confidence?: number }): Promise<{ id: string; duplicate: boolean }>;
  /** Ranked full-text search (the `knowledge_search` tool of agent loops). */
  search?(text: string, query: { category?: string; limit?: number }): Promise<unknown[]>;
}

/** Everything an executor is given besides its spec and input. */
export interface ExecutorContext {
  /** Aborted on cancel, timeout or shutdown; executors must stop their I/O and child processes. */
  signal: AbortSignal;
  projectDir: string;
  project: ProjectSpec;
  agentId: string;
  capability: string;
  runId: string;
  workflowId: string;
  stepId: string;
  /** 1 for the first attempt; grows with retries and with re-runs after a crash. */
  attempt: number;
  /** Stable across attempts of one step of one run: executors pass it to side-effecting APIs. */
  idempotencyKey: string;
  /** Attempt timeout in ms (the engine also aborts `signal` when it passes). */
  timeoutMs: number;
  /** Scope for `${{ }}` inside the executor spec: input, env, secrets, run. */
  scope: Record<string, unknown>;
  /** Output JSON Schema of the capability, when declared (the llm executor asks the model for it). */
  outputSchema?: Record<string, unknown>;
  logger: Logger;
  knowledge?: KnowledgeAccess;
  /** The project's pooled MCP connections (the agent pool's); absent for an executor called on its own. */
  mcpClients?: McpClients | undefined;
  /** Executors that consume LLM tokens report them here (feeds budget.tokens). */
  reportUsage?(usage: { promptTokens: number; completionTokens: number }): void;
  /** Executors that call a model report each request here, answered or failed (the `model_call` event). */
  reportModelCall?(call: ModelCallReport): void;
  /** Time source for the executor's own timers (timeouts, kill grace); systemClock when absent. */
  clock?: Clock;
  /** The engine's agent-loop port (journal, routed tool calls): what `llm` with `tools:` runs on. Absent outside the engine. */
  readonly loop?: AgentLoopPort | undefined;
  /**
   * The project's redactor: a `command` child inherits no variable whose value it would mask (a
   * provider key read as `${{ env.X }}` is a credential too), unless the capability's own `env:`
   * maps it. Absent for an executor called on its own: then only the secrets scope is filtered.
   */
  readonly redactor?: Pick<Redactor, 'redact'> | undefined;
  /** Set only under `amas test`: model, http and mcp calls go through it (record or replay). */
  calls?: CallInterceptor | undefined;
}

/** An executor kind: turns an input into an output, or throws (NonRetriableError stops retries). */
export type Executor<K extends keyof ExecutorSpec = keyof ExecutorSpec> = (
  spec: NonNullable<ExecutorSpec[K]>,
  input: unknown,
  ctx: ExecutorContext,
) => Promise<unknown>;
