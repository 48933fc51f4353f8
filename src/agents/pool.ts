import { AmasError, NonRetriableError, errorMessage } from '../core/index.ts';
import type { AgentSpec, RetryPolicy } from '../core/index.ts';
import type { BusEvent, EventBus, Unsubscribe } from '../bus/index.ts';
import { AgentRuntime } from './agent.ts';
import type { AgentOptions, AgentSnapshot, TaskContext } from './agent.ts';
import { UnknownCapabilityError } from './errors.ts';
import { McpClients, type ExecutorKind } from './executors/index.ts';
import { compareAgents } from './routing.ts';
import { WaitQueue, type Waiter } from './wait-queue.ts';

/** How a task is routed: pinned to one agent, or any agent of the capability preferring a domain. */
export interface RouteOptions {
  agentId?: string;
  domain?: string;
}

export interface AgentPoolOptions extends AgentOptions {
  /** Slots held at once across all agents (project `runtime.max_concurrent_tasks`); unbounded when absent. */
  maxConcurrent?: number;
}

/** One concurrency slot of one agent, held until `release()` (idempotent). */
export class AgentLease {
  private released = false;
  constructor(
    readonly agent: AgentRuntime,
    private readonly onRelease: (agent: AgentRuntime) => void,
  ) {}

  execute(capability: string, input: unknown, ctx: TaskContext): Promise<unknown> {
    return this.agent.execute(capability, input, ctx);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this.agent);
  }
}

/** What routing-independent callers (the engine) need to know about a capability before running it. */
export interface CapabilityInfo {
  /** The executor kind, when every agent that could take it agrees (undefined otherwise). */
  kind: ExecutorKind | undefined;
  timeout: string | undefined;
  retry: RetryPolicy | undefined;
}

/** Builds the context for a task that arrived as a task_request event. */
export type TaskRequestContext = (event: BusEvent, capability: string) => TaskContext;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/**
 * The live agents of a project and the routing between them. `acquire()` hands out a slot of the
 * best agent — the pinned one, else an idle one preferring the domain, else the least loaded —
 * and waits (FIFO) when every capable agent is busy; it never fails for being busy.
 */
export class AgentPool {
  private readonly agents = new Map<string, AgentRuntime>();
  private byCapability = new Map<string, AgentRuntime[]>();
  private readonly queue = new WaitQueue();
  private readonly opts: AgentOptions;
  private readonly max: number;
  private total = 0;
  private grants = 0;
  private closed = false;
  private serving: { bus: EventBus; makeContext: TaskRequestContext; subs: Map<string, Unsubscribe> } | undefined;
  private readonly release = (agent: AgentRuntime): void => {
    this.total--;
    agent.releaseSlot();
  };
  private readonly slotFreed = (agent: AgentRuntime): void => {
    if (this.queue.size === 0) return;
    if (this.total === this.max - 1) this.pumpAll();
    else this.pumpFor(agent);
  };

  /** This project's MCP connections: its agents share them, and `close()` ends them. */
  readonly mcpClients: McpClients;

  constructor(opts: AgentPoolOptions = {}) {
    const { maxConcurrent, ...agentOpts } = opts;
    this.mcpClients = agentOpts.mcpClients ?? new McpClients();
    this.opts = { ...agentOpts, mcpClients: this.mcpClients };
    this.max = maxConcurrent !== undefined && maxConcurrent > 0 ? Math.floor(maxConcurrent) : Infinity;
  }

  /** Adds an agent and brings it online. */
  add(spec: AgentSpec): AgentRuntime {
    if (this.agents.has(spec.id)) throw new AmasError('AMAS_AGENT_DUPLICATE', `agent "${spec.id}" is already running`);
    return this.install(spec, 'started');
  }

  /**
   * Swaps in a new spec for an agent (hot reload): the new one takes new work at once; the old one
   * finishes its tasks in flight and then retires silently. Adds the agent when it is new.
   */
  replace(spec: AgentSpec): AgentRuntime {
    const old = this.agents.get(spec.id);
    if (!old) return this.install(spec, 'started');
    void old.offline('reloaded', true);
    const agent = this.install(spec, 'reloaded');
    this.rejectUnroutable(); // waiters for a capability the new spec dropped
    return agent;
  }

  /** Removes an agent: it takes no new work and goes offline once its tasks in flight are done. */
  async remove(id: string): Promise<void> {
    const agent = this.agents.get(id);
    if (!agent) return;
    this.agents.delete(id);
    this.reindex();
    this.serving?.subs.get(id)?.();
    this.serving?.subs.delete(id);
    this.rejectUnroutable();
    await agent.offline('removed');
  }

  get(id: string): AgentRuntime | undefined {
    return this.agents.get(id);
  }

  list(): AgentRuntime[] {
    return [...this.agents.values()];
  }

  snapshot(): AgentSnapshot[] {
    return this.list().map((a) => a.snapshot());
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.size;
  }

  /** Slots held across all agents. */
  get active(): number {
    return this.total;
  }

  /** Agents that could take the task right now, best first (for status views and tests). */
  candidates(capability: string, route: RouteOptions = {}): AgentRuntime[] {
    if (route.agentId !== undefined) {
      const a = this.agents.get(route.agentId);
      return a && a.hasCapability(capability) && a.hasFreeSlot ? [a] : [];
    }
    const list = (this.byCapability.get(capability) ?? []).filter((a) => a.hasFreeSlot);
    return list.sort((a, b) => compareAgents(a, b, route.domain));
  }

  /** A slot now, or undefined when every capable agent is busy. Throws when nothing could ever take it. */
  tryAcquire(capability: string, route: RouteOptions = {}): AgentLease | undefined {
    const err = this.unroutable(capability, route.agentId);
    if (err) throw err;
    const agent = this.best(capability, route.agentId, route.domain);
    return agent ? this.grant(agent) : undefined;
  }

  /**
   * A slot of the best agent, waiting FIFO while all are busy. Rejects at once when no agent
   * could ever take it (NonRetriableError), and when `signal` aborts (with its reason).
   */
  acquire(capability: string, route: RouteOptions = {}, signal?: AbortSignal): Promise<AgentLease> {
    const err = this.unroutable(capability, route.agentId);
    if (err) return Promise.reject(err);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const agent = this.best(capability, route.agentId, route.domain);
    if (agent) return Promise.resolve(this.grant(agent));
    return new Promise<AgentLease>((resolve, reject) => {
      const w: Waiter = { prev: undefined, next: undefined, capability, agentId: route.agentId, domain: route.domain, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          this.queue.unlink(w);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
    });
  }

  /** acquire + execute + release: one task on the best agent. */
  async run(capability: string, input: unknown, ctx: TaskContext, route: RouteOptions = {}): Promise<unknown> {
    const lease = await this.acquire(capability, route, ctx.signal);
    try {
      return await lease.execute(capability, input, ctx);
    } finally {
      lease.release();
    }
  }

  /**
   * The executor kind (when all capable agents agree) and the declared timeout/retry of a
   * capability; undefined when no running agent (or not the pinned one) has it.
   */
  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    const agents = agentId !== undefined ? [this.agents.get(agentId)].filter((a) => a !== undefined) : (this.byCapability.get(capability) ?? []);
    let info: CapabilityInfo | undefined;
    for (const a of agents) {
      const cap = a.capability(capability);
      if (!cap) continue;
      const kind = a.executorKind(capability);
      if (!info) info = { kind, timeout: cap.timeout, retry: cap.retry };
      else if (info.kind !== kind) info.kind = undefined;
    }
    return info;
  }

  /**
   * Runs task_request events (data: `{ capability | taskType, input, taskId }`): one targeted at an
   * agent on that agent, a broadcast one on whichever capable agent routing picks. The agent
   * answers the event's source with task_complete or error_occurred.
   */
  serveTaskRequests(bus: EventBus, makeContext: TaskRequestContext): Unsubscribe {
    this.serving = { bus, makeContext, subs: new Map() };
    for (const id of this.agents.keys()) this.listenFor(id);
    // A broadcast request (no target) goes to one capable agent, routed like a workflow step.
    this.serving.subs.set('\0broadcast', bus.subscribe('task_request', (event) => this.takeRequest(event, undefined)));
    return () => {
      if (!this.serving) return;
      for (const off of this.serving.subs.values()) off();
      this.serving = undefined;
    };
  }

  private listenFor(agentId: string): void {
    const s = this.serving;
    if (!s || s.subs.has(agentId)) return;
    s.subs.set(
      agentId,
      s.bus.subscribe('task_request', (event) => this.takeRequest(event, agentId), { agentId }),
    );
  }

  private async takeRequest(event: BusEvent, agentId: string | undefined): Promise<void> {
    const s = this.serving;
    if (!s) return;
    const data = (event.data ?? {}) as { capability?: unknown; taskType?: unknown; task_type?: unknown; input?: unknown; taskId?: unknown };
    const capability = String(data.capability ?? data.taskType ?? data.task_type ?? '');
    const base = s.makeContext(event, capability);
    const ctx: TaskContext = { ...base, requester: event.source, taskId: typeof data.taskId === 'string' ? data.taskId : event.id };
    const agent = agentId === undefined ? undefined : this.agents.get(agentId);
    try {
      // An agent refuses (and reports) a capability it lacks itself; only routing goes through the queue.
      if (agent && !agent.hasCapability(capability)) await agent.execute(capability, data.input, ctx);
      else await this.run(capability, data.input, ctx, agentId === undefined ? {} : { agentId });
    } catch (err) {
      if (!agent) {
        s.bus.publish({
          type: 'error_occurred',
          priority: 'high',
          source: 'agents',
          target: event.source,
          data: { taskId: ctx.taskId, taskType: capability, agentId, error: errorMessage(err), retriable: false },
        });
      }
      // otherwise the agent already published error_occurred; the request itself was handled
    }
  }

  /** Rejects every waiter and takes all agents offline once their tasks in flight are done. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.serving) for (const off of this.serving.subs.values()) off();
    this.serving = undefined;
    while (this.queue.head) this.settle(this.queue.head, new AmasError('AMAS_POOL_CLOSED', 'the agent pool is shutting down'));
    const agents = this.list();
    this.agents.clear();
    this.reindex();
    await Promise.all(agents.map((a) => a.offline('shutdown')));
    await this.mcpClients.close();
  }

  private install(spec: AgentSpec, reason: string): AgentRuntime {
    if (this.closed) throw new AmasError('AMAS_POOL_CLOSED', 'the agent pool is shutting down');
    const agent = new AgentRuntime(spec, this.opts);
    agent.onSlotFree = this.slotFreed;
    this.agents.set(spec.id, agent);
    this.reindex();
    this.listenFor(spec.id);
    agent.online(reason);
    if (this.queue.size) this.pumpFor(agent);
    return agent;
  }

  private reindex(): void {
    const next = new Map<string, AgentRuntime[]>();
    for (const a of this.agents.values()) {
      for (const c of a.capabilityNames) {
        const list = next.get(c);
        if (list) list.push(a);
        else next.set(c, [a]);
      }
    }
    this.byCapability = next;
  }

  private unroutable(capability: string, agentId: string | undefined): Error | undefined {
    if (this.closed) return new AmasError('AMAS_POOL_CLOSED', 'the agent pool is shutting down');
    if (agentId !== undefined) {
      const a = this.agents.get(agentId);
      if (!a) return new NonRetriableError(`no agent "${agentId}" is running`);
      if (!a.hasCapability(capability)) return new UnknownCapabilityError(agentId, capability, a.capabilityNames);
      return undefined;
    }
    if (!this.byCapability.has(capability)) return new NonRetriableError(`no running agent has capability "${capability}"`);
    return undefined;
  }

  private best(capability: string, agentId: string | undefined, domain: string | undefined): AgentRuntime | undefined {
    if (this.total >= this.max) return undefined;
    if (agentId !== undefined) {
      const a = this.agents.get(agentId);
      return a && a.hasFreeSlot && a.hasCapability(capability) ? a : undefined;
    }
    const list = this.byCapability.get(capability);
    if (!list) return undefined;
    let best: AgentRuntime | undefined;
    for (const a of list) {
      if (!a.hasFreeSlot) continue;
      if (!best || compareAgents(a, best, domain) < 0) best = a;
    }
    return best;
  }

  private grant(agent: AgentRuntime): AgentLease {
    agent.tryTakeSlot();
    this.total++;
    agent.lastGranted = ++this.grants;
    return new AgentLease(agent, this.release);
  }

  /** Takes `w` off the queue and resolves it with a lease or rejects it. */
  private settle(w: Waiter, result: AgentLease | Error): void {
    this.queue.unlink(w);
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    if (result instanceof AgentLease) w.resolve(result);
    else w.reject(result);
  }

  /** Serves the oldest waiters that `agent` can take (only it gained room). */
  private pumpFor(agent: AgentRuntime): void {
    let w = this.queue.head;
    while (w && agent.hasFreeSlot && this.total < this.max) {
      const next = w.next;
      if (agent.hasCapability(w.capability) && (w.agentId === undefined || w.agentId === agent.id)) this.settle(w, this.grant(agent));
      w = next;
    }
  }

  /** Serves waiters oldest first, each with its best agent (room under the global limit opened). */
  private pumpAll(): void {
    let w = this.queue.head;
    while (w && this.total < this.max) {
      const next = w.next;
      const agent = this.best(w.capability, w.agentId, w.domain);
      if (agent) this.settle(w, this.grant(agent));
      w = next;
    }
  }

  private rejectUnroutable(): void {
    let w = this.queue.head;
    while (w) {
      const next = w.next;
      const err = this.unroutable(w.capability, w.agentId);
      if (err) this.settle(w, err);
      w = next;
    }
  }
}
