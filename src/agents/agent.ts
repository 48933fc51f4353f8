import { LoopWaiting, NonRetriableError, errorMessage, silentLogger, systemClock } from '../core/index.ts';
import type { AgentSpec, CapabilitySpec, Clock, ExecutorSpec, Logger, Redactor } from '../core/index.ts';
import type { EventBus } from '../bus/index.ts';
import { InputContractError, OutputContractError, UnknownCapabilityError } from './errors.ts';
import { ExecContext } from './exec-context.ts';
import type { Executor, ExecutorContext } from './executor.ts';
import { executors as defaultExecutors } from './executors/index.ts';
import type { ExecutorKind, ExecutorRegistry } from './executors/index.ts';
import type { McpClients } from './executors/mcp-clients.ts';
import type { CallInterceptor } from './calls.ts';
import { MetricsWindow } from './metrics.ts';
import type { AgentMetrics } from './metrics.ts';
import { checkInput, checkOutput } from './validate.ts';
import type { JsonSchema } from './validate.ts';

export type AgentStatus = 'idle' | 'working' | 'error' | 'offline';

export interface AgentOptions {
  bus?: EventBus;
  clock?: Clock;
  logger?: Logger;
  /** Executor kinds available to capabilities (default: the built-in registry). */
  executors?: ExecutorRegistry;
  /** Recent tasks the average and p95 durations cover (default 256). */
  metricsWindow?: number;
  /** The project's MCP connections, shared by its agents (the pool passes its own). */
  mcpClients?: McpClients;
  /** `amas test`: outgoing model, http and mcp calls go through this (record or replay). */
  calls?: CallInterceptor;
  /**
   * `amas test`: capabilities answered with a fixed value instead of running their executor
   * (checked against the capability's output contract like a real result). Keyed by capability name.
   */
  mocks?: ReadonlyMap<string, unknown>;
  /** The project's redactor: what its `command` children must not inherit (see ExecutorContext). */
  redactor?: Pick<Redactor, 'redact'>;
}

/** What a caller gives per task: the executor context minus what the agent fills in itself. */
export type TaskContext = Omit<ExecutorContext, 'agentId' | 'capability' | 'outputSchema'> & {
  /** Id reported in task_complete / error_occurred (default: the idempotency key). */
  taskId?: string;
  /** Who asked: task_complete and error_occurred are targeted at it (broadcast when absent). */
  requester?: string;
};

export interface AgentSnapshot {
  id: string;
  domain: string | undefined;
  description: string | undefined;
  status: AgentStatus;
  concurrency: number;
  /** Slots held (routing load) and tasks executing right now. */
  load: number;
  inFlight: number;
  capabilities: string[];
  metrics: AgentMetrics;
}

interface Capability {
  name: string;
  spec: CapabilitySpec;
  kind: ExecutorKind | undefined;
  run: unknown;
  input: JsonSchema | undefined;
  output: JsonSchema | undefined;
}

/** The task scope plus `input`, without an object spread (slow in V8 when keys are added). */
function withInput(scope: Record<string, unknown>, input: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in scope) if (Object.hasOwn(scope, k)) out[k] = scope[k];
  out.input = input;
  return out;
}

/** A mocked capability's stand-in executor: a deep copy of the mock value, so a step cannot change the mock. */
function mockExecutor(value: unknown): Executor {
  return () => Promise.resolve(value === undefined ? null : structuredClone(value));
}

function executorKind(run: ExecutorSpec): ExecutorKind | undefined {
  let kind: ExecutorKind | undefined;
  for (const k of Object.keys(run) as ExecutorKind[]) {
    if (run[k] === undefined) continue;
    if (kind !== undefined) return undefined; // more than one: the spec layer reports it
    kind = k;
  }
  return kind;
}

/**
 * A declared agent, live: status, concurrency slots, metrics, and `execute()`, which checks the
 * capability's input contract, runs its executor, checks the output contract and announces
 * the outcome on the bus.
 */
export class AgentRuntime {
  readonly id: string;
  readonly spec: AgentSpec;
  readonly domain: string | undefined;
  readonly concurrency: number;
  readonly capabilityNames: readonly string[];
  private readonly caps = new Map<string, Capability>();
  private readonly bus: EventBus | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly executors: ExecutorRegistry;
  private readonly mcpClients: McpClients | undefined;
  private readonly calls: CallInterceptor | undefined;
  private readonly mocks: ReadonlyMap<string, unknown> | undefined;
  private readonly redactor: Pick<Redactor, 'redact'> | undefined;
  private readonly stats: MetricsWindow;
  private slots = 0;
  private running = 0;
  private accepting = false;
  private lastFailed = false;
  private offlineWaiters: (() => void)[] = [];
  /** Set by a pool: called whenever a slot frees up. */
  onSlotFree: ((agent: AgentRuntime) => void) | undefined;
  /** Tie-breaker for routing: the pool's counter value when this agent last got a slot. */
  lastGranted = 0;

  constructor(spec: AgentSpec, opts: AgentOptions = {}) {
    this.id = spec.id;
    this.spec = spec;
    this.domain = spec.domain;
    this.concurrency = Math.max(1, Math.floor(spec.concurrency ?? 1));
    this.bus = opts.bus;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.executors = opts.executors ?? defaultExecutors;
    this.mcpClients = opts.mcpClients;
    this.calls = opts.calls;
    this.mocks = opts.mocks;
    this.redactor = opts.redactor;
    this.stats = new MetricsWindow(opts.metricsWindow ?? 256);
    for (const [name, cap] of Object.entries(spec.capabilities ?? {})) {
      const kind = executorKind(cap.run ?? {});
      this.caps.set(name, { name, spec: cap, kind, run: kind === undefined ? undefined : cap.run[kind], input: cap.input, output: cap.output });
    }
    this.capabilityNames = [...this.caps.keys()];
  }

  get status(): AgentStatus {
    if (!this.accepting && this.slots === 0 && this.running === 0) return 'offline';
    if (this.running > 0 || this.slots > 0) return 'working';
    return this.lastFailed ? 'error' : 'idle';
  }

  /** Tasks executing right now. */
  get inFlight(): number {
    return this.running;
  }

  /** Slots held through a pool (what routing balances on). */
  get load(): number {
    return this.slots;
  }

  /** Takes new work (online and not going offline). */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Accepting and below its concurrency limit. */
  get hasFreeSlot(): boolean {
    return this.accepting && this.slots < this.concurrency;
  }

  hasCapability(name: string): boolean {
    return this.caps.has(name);
  }

  capability(name: string): CapabilitySpec | undefined {
    return this.caps.get(name)?.spec;
  }

  /** The executor kind a capability runs (undefined: unknown capability or not exactly one executor). */
  executorKind(name: string): ExecutorKind | undefined {
    return this.caps.get(name)?.kind;
  }

  metrics(): AgentMetrics {
    return this.stats.snapshot();
  }

  snapshot(): AgentSnapshot {
    return {
      id: this.id,
      domain: this.domain,
      description: this.spec.description,
      status: this.status,
      concurrency: this.concurrency,
      load: this.slots,
      inFlight: this.running,
      capabilities: [...this.capabilityNames],
      metrics: this.stats.snapshot(),
    };
  }

  /** Takes one concurrency slot if the agent accepts work and has one free. */
  tryTakeSlot(): boolean {
    if (!this.hasFreeSlot) return false;
    this.slots++;
    return true;
  }

  releaseSlot(): void {
    if (this.slots === 0) return;
    this.slots--;
    this.afterWork();
    this.onSlotFree?.(this);
  }

  /** Starts accepting work and announces the agent and its capabilities (system_status). */
  online(reason = 'started'): void {
    if (this.accepting) return;
    this.accepting = true;
    this.announce('online', reason);
  }

  /**
   * Stops accepting work; resolves once tasks in flight have finished, then announces the agent
   * offline. `silent` skips the announcement (a reloaded agent whose successor is already online).
   */
  offline(reason = 'stopped', silent = false): Promise<void> {
    const wasAccepting = this.accepting;
    this.accepting = false;
    const done = new Promise<void>((resolve) => {
      this.offlineWaiters.push(() => {
        if (wasAccepting && !silent) this.announce('offline', reason);
        resolve();
      });
    });
    this.afterWork();
    return done;
  }

  /**
   * Runs one task of `capability`. Refuses unknown capabilities and bad inputs (NonRetriableError)
   * before the executor runs; a result that breaks the output contract fails the attempt
   * (OutputContractError, retriable). Publishes task_complete or a high-priority error_occurred.
   */
  async execute(capability: string, input: unknown, ctx: TaskContext): Promise<unknown> {
    const start = this.clock.now();
    this.running++;
    this.stats.touch(start);
    const cap = this.caps.get(capability);
    let ran = false;
    try {
      if (!cap) throw new UnknownCapabilityError(this.id, capability, this.capabilityNames);
      let value = input;
      if (cap.input) {
        const checked = checkInput(cap.input, input === undefined ? {} : input);
        if (!checked.ok) throw new InputContractError(this.id, capability, checked.problems);
        value = checked.value;
      }
      const mocked = this.mocks?.has(capability) === true;
      const executor = mocked ? mockExecutor(this.mocks!.get(capability)) : cap.kind === undefined ? undefined : (this.executors[cap.kind] as Executor | undefined);
      if (!executor) {
        throw new NonRetriableError(
          cap.kind === undefined
            ? `${this.id}.${capability} declares no single executor under run:`
            : `${this.id}.${capability}: no "${cap.kind}" executor is available in this runtime`,
        );
      }
      const ectx = new ExecContext(ctx, this.id, capability, withInput(ctx.scope, value), cap.output, ctx.clock ?? this.clock, this.mcpClients, this.calls, this.redactor);
      ran = true;
      const result = await executor(cap.run as never, value, ectx);
      if (cap.output) {
        const checked = checkOutput(cap.output, result);
        if (!checked.ok) throw new OutputContractError(this.id, capability, checked.problems);
      }
      // The capability's own categories (`writes:`) get the result, before the task counts as done.
      if (cap.spec.writes?.length && ctx.knowledge) {
        for (const category of cap.spec.writes) {
          await ctx.knowledge.store({ category, content: result, metadata: { run_id: ctx.runId, step: ctx.stepId, task: capability, agent: this.id } });
        }
      }
      const end = this.clock.now();
      this.stats.record(true, end - start, end);
      this.lastFailed = false;
      // task_complete is informational (the engine journals the step itself): with nobody to
      // receive it, it is not built at all — it was a third of a pure step's cost.
      if (this.bus?.hasTakers('task_complete', ctx.requester)) this.bus.publish({
        type: 'task_complete',
        source: this.id,
        target: ctx.requester,
        correlationId: ctx.runId,
        data: { taskId: ctx.taskId ?? ctx.idempotencyKey, taskType: capability, agentId: this.id, runId: ctx.runId, stepId: ctx.stepId, attempt: ctx.attempt, result, durationMs: end - start },
      });
      return result;
    } catch (err) {
      // A loop waiting for a person has not failed: its step waits and runs again when answered.
      if (err instanceof LoopWaiting) throw err;
      const end = this.clock.now();
      if (ran) {
        this.stats.record(false, end - start, end);
        if (!ctx.signal.aborted) this.lastFailed = true;
      } else {
        this.stats.failed++;
      }
      this.bus?.publish({
        type: 'error_occurred',
        priority: 'high',
        source: this.id,
        target: ctx.requester,
        correlationId: ctx.runId,
        data: {
          taskId: ctx.taskId ?? ctx.idempotencyKey,
          taskType: capability,
          agentId: this.id,
          runId: ctx.runId,
          stepId: ctx.stepId,
          attempt: ctx.attempt,
          error: errorMessage(err),
          errorName: err instanceof Error ? err.name : 'Error',
          retriable: !(err instanceof NonRetriableError),
          cancelled: ctx.signal.aborted,
          durationMs: end - start,
        },
      });
      this.logger.debug('task failed', { agentId: this.id, capability, error: errorMessage(err) });
      throw err;
    } finally {
      this.running--;
      this.afterWork();
    }
  }

  private afterWork(): void {
    if (!this.accepting && this.slots === 0 && this.running === 0 && this.offlineWaiters.length) {
      const waiters = this.offlineWaiters;
      this.offlineWaiters = [];
      for (const w of waiters) w();
    }
  }

  private announce(state: 'online' | 'offline', reason: string): void {
    this.bus?.publish({
      type: 'system_status',
      source: this.id,
      data: {
        kind: 'agent',
        agentId: this.id,
        state,
        reason,
        domain: this.domain,
        concurrency: this.concurrency,
        capabilities: [...this.caps.values()].map((c) => ({ name: c.name, description: c.spec.description, executor: c.kind })),
      },
    });
  }
}
