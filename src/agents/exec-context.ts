import type { AgentLoopPort, Clock, Logger, ModelCallReport, ProjectSpec, Redactor } from '../core/index.ts';
import type { TaskContext } from './agent.ts';
import type { CallInterceptor } from './calls.ts';
import type { McpClients } from './executors/mcp-clients.ts';
import type { ExecutorContext, KnowledgeAccess } from './executor.ts';

/**
 * The executor's context over a task context: a class whose pass-through members are prototype
 * getters, so a task allocates one small object instead of a literal with fresh getter closures
 * (which was the largest allocation of a pure step). `signal`, `idempotencyKey` and `knowledge`
 * stay lazy: the engine creates them only when an executor reads them.
 */
export class ExecContext implements ExecutorContext {
  constructor(
    private readonly ctx: TaskContext,
    readonly agentId: string,
    readonly capability: string,
    readonly scope: Record<string, unknown>,
    readonly outputSchema: Record<string, unknown> | undefined,
    readonly clock: Clock,
    readonly mcpClients: McpClients | undefined,
    private readonly agentCalls: CallInterceptor | undefined,
    readonly redactor: Pick<Redactor, 'redact'> | undefined,
  ) {}
  get calls(): CallInterceptor | undefined {
    return this.ctx.calls ?? this.agentCalls;
  }
  get signal(): AbortSignal {
    return this.ctx.signal;
  }
  get projectDir(): string {
    return this.ctx.projectDir;
  }
  get project(): ProjectSpec {
    return this.ctx.project;
  }
  get runId(): string {
    return this.ctx.runId;
  }
  get workflowId(): string {
    return this.ctx.workflowId;
  }
  get stepId(): string {
    return this.ctx.stepId;
  }
  get attempt(): number {
    return this.ctx.attempt;
  }
  get idempotencyKey(): string {
    return this.ctx.idempotencyKey;
  }
  get timeoutMs(): number {
    return this.ctx.timeoutMs;
  }
  get logger(): Logger {
    return this.ctx.logger;
  }
  get loop(): AgentLoopPort | undefined {
    return this.ctx.loop;
  }
  get knowledge(): KnowledgeAccess | undefined {
    return this.ctx.knowledge;
  }
  reportUsage(usage: { promptTokens: number; completionTokens: number }): void {
    this.ctx.reportUsage?.(usage);
  }
  reportModelCall(call: ModelCallReport): void {
    this.ctx.reportModelCall?.(call);
  }
}
