// The engine's side of an agent loop (docs/agents.md): the conversation journal of one llm step,
// and its tool calls as tasks of the engine — routed like a step's attempt (agent acquire,
// contracts, timeout, retries), counted in the run's budgets, visible as events.
import {
  errorMessage,
  LoopWaiting,
  NonRetriableError,
  toolResultText,
  toolSafeName,
  type AgentLoopPort,
  type AgentTool,
  type CapabilityTool,
  type LoopCallHow,
  type LoopCallRecord,
  type LoopHistory,
  type LoopRoute,
  type LoopTurnRecord,
  type RoutedTool,
  type WorkflowTool,
} from '../core/index.ts';
import { Attempt, callIdempotencyKey, type AttemptOwner } from './attempt.ts';
import { classify, RunStoppedError } from './errors.ts';
import { backoffDelay, resolveRetry, resolveTimeout } from './policy.ts';
import { gateCall } from './tool-approval.ts';
import type { CapabilityInfo, JournalDurability } from './ports.ts';
import type { BudgetLink, RunDeps } from './run-deps.ts';
import type { RunRow } from './types.ts';

/** What a step's loop needs from its run (RunExecution implements it). */
export interface LoopOwner extends AttemptOwner {
  readonly row: RunRow;
  readonly deps: RunDeps;
  /** Counts one executor call against `budget.tool_calls`; false when the budget stops the run. */
  countToolCall(): boolean;
  /** The journaled conversation of one loop, loaded once per run execution and kept current in memory. */
  loopHistory(loopKey: string): Promise<LoopHistory>;
  /** How a child run started by a workflow tool charges the run's budgets. */
  childLink(stepId: string): BudgetLink;
}

const OBJECT_SCHEMA = { type: 'object', properties: {} } as const;

/**
 * A `template` capability has no side effect and gives the same result when it runs again (the
 * engine journals template steps without waiting for durability, too); declared `idempotent:
 * false` or behind an approval, it is treated like any other.
 */
function isPure(info: CapabilityInfo | undefined, route: Extract<LoopRoute, { kind: 'capability' }> | undefined): boolean {
  return route !== undefined && info?.kind === 'template' && info.idempotent !== false && route.approval === undefined;
}

/** A capability's input schema as tool parameters: an object schema (validation rejects others before runs). */
function asParameters(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  return schema && schema['type'] === 'object' ? schema : { ...OBJECT_SCHEMA };
}

export class StepLoop implements AgentLoopPort {
  /** The latest turn's journal write: a call with a side effect never runs before it is durable. */
  private turnWritten: Promise<void> | undefined;
  /** The last turn on disk (undefined while it is only written: see turnOnDisk). */
  private turnSynced: Promise<void> | undefined;
  private lastTurn: LoopTurnRecord | undefined;

  constructor(
    private readonly owner: LoopOwner,
    private readonly at: Attempt,
  ) {}

  history(): Promise<LoopHistory> {
    return this.owner.loopHistory(this.at.loopKey);
  }

  resolve(tool: CapabilityTool | AgentTool | WorkflowTool): RoutedTool[] {
    const { agents, workflows } = this.owner.deps;
    if ('capability' in tool) {
      const info = agents.describe(tool.capability, tool.agent);
      if (!info) throw new NonRetriableError(`llm tools: no agent${tool.agent ? ` "${tool.agent}"` : ''} has capability "${tool.capability}"`);
      const route: LoopRoute = { kind: 'capability', capability: tool.capability, ...(tool.agent ? { agentId: tool.agent } : {}), ...(tool.approval ? { approval: tool.approval } : {}) };
      return [{ name: tool.as ?? toolSafeName(tool.capability), description: tool.description ?? info.description ?? tool.capability, parameters: asParameters(info.input), kind: 'capability', route, idempotent: info.idempotent !== false, pure: isPure(info, route) }];
    }
    if ('agent' in tool) {
      const caps = agents.capabilitiesOf?.(tool.agent);
      if (!caps) throw new NonRetriableError(`llm tools: no agent "${tool.agent}"`);
      const wanted = tool.capabilities ?? caps;
      return wanted.map((capability) => {
        const info = caps.includes(capability) ? agents.describe(capability, tool.agent) : undefined;
        if (!info) throw new NonRetriableError(`llm tools: agent "${tool.agent}" has no capability "${capability}"`);
        const desc = `${info.description ?? capability} (delegated to agent ${tool.agent})`;
        const route = { kind: 'capability', capability, agentId: tool.agent } as const;
        return { name: toolSafeName(capability), description: desc, parameters: asParameters(info.input), kind: 'agent', route, idempotent: info.idempotent !== false, pure: isPure(info, route) };
      });
    }
    const spec = workflows?.(tool.workflow)?.spec;
    if (!spec) throw new NonRetriableError(`llm tools: no workflow "${tool.workflow}"`);
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [name, schema] of Object.entries(spec.inputs ?? {})) {
      properties[name] = schema;
      if (!('default' in schema)) required.push(name);
    }
    const parameters = { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
    return [{ name: tool.as ?? toolSafeName(tool.workflow), description: tool.description ?? spec.description ?? `runs workflow ${tool.workflow}`, parameters, kind: 'workflow', route: { kind: 'workflow', workflow: tool.workflow }, idempotent: true, pure: false }];
  }

  recordTurn(turn: LoopTurnRecord, calls: LoopCallRecord[], pure: boolean): Promise<void> {
    // A turn of pure calls costs only requests asked again if the machine loses it, so it need
    // not wait for the disk: written is enough (it survives the process's crash). A turn with a
    // side effect must be on disk before that effect happens (docs/agents.md, "Durability").
    const durable = turn.final ? false : pure ? 'written' : true;
    const written = this.journalTurn(turn, calls, durable);
    if (!turn.final) {
      this.turnWritten = written;
      this.turnSynced = durable === true ? written : undefined;
      this.lastTurn = turn;
    }
    return written;
  }

  /** Resolves once the last turn is on disk (a written-only one is written again, durably). */
  private turnOnDisk(): Promise<void> | undefined {
    const turn = this.lastTurn;
    if (!turn || !this.turnWritten) return undefined;
    return (this.turnSynced ??= this.turnWritten.then(() => this.owner.deps.journal.turn(turn, true)));
  }

  private async journalTurn(turn: LoopTurnRecord, calls: LoopCallRecord[], durable: JournalDurability): Promise<void> {
    const h = await this.history();
    turn.runId = this.owner.row.id;
    turn.loop = this.at.loopKey;
    h.turns.push(turn);
    const { journal } = this.owner.deps;
    const writes: (Promise<void> | undefined)[] = [journal.turn(turn, durable)];
    for (const c of calls) {
      c.runId = turn.runId;
      c.loop = turn.loop;
      h.calls.push(c);
      writes.push(journal.call(c, durable));
    }
    await Promise.all(writes);
  }

  async runCall(call: LoopCallRecord, how: LoopCallHow): Promise<{ ok: boolean; text: string }> {
    // Refused before it ran: the same refusal is given again if the call is replayed.
    if ('invalid' in how) return this.finish(call, false, how.invalid, 0, false);
    const kind = call.kind === 'unknown' ? 'capability' : call.kind;
    const { deps, row } = this.owner;
    if ('route' in how && how.route.kind === 'capability' && how.route.approval !== undefined) {
      const g = await gateCall({ deps, runId: row.id, workflow: row.workflow, stepId: this.at.stepId, loopKey: this.at.loopKey }, call, how.route.approval);
      if (!g.run) {
        const result = await this.finish(call, false, g.text);
        if (deps.listening()) deps.emit({ type: 'tool_call_finished', runId: row.id, stepId: this.at.stepId, callId: call.callId, tool: call.tool, kind, args: call.args, ok: false, durationMs: 0, error: 'rejected' });
        return result;
      }
    }
    if (!this.owner.countToolCall()) throw this.at.reason ?? new RunStoppedError('budget_exceeded', 'tool-call budget exceeded');
    const route = 'route' in how && how.route.kind === 'capability' ? how.route : undefined;
    const info = route && deps.agents.describe(route.capability, route.agentId);
    // The executor runs only pure calls before their turn is on disk; this holds even if the
    // capability changed kind since the loop resolved its tools (a reload): the turn, written
    // only as a turn of pure calls, is then written again durably first.
    if (!isPure(info, route)) await this.turnOnDisk();
    if (deps.listening()) deps.emit({ type: 'tool_call_started', runId: row.id, stepId: this.at.stepId, callId: call.callId, tool: call.tool, kind, args: call.args });
    const t0 = performance.now();
    let ok = false;
    let value: unknown;
    try {
      if ('local' in how) value = await how.local(this.at.signal, callIdempotencyKey(row.id, this.at.loopKey, call.callId));
      else if (how.route.kind === 'capability') value = await this.runTask(how.route, info, call);
      else value = await this.runWorkflow(how.route.workflow, call);
      ok = true;
    } catch (err) {
      // The attempt itself ended (cancel, timeout, shutdown): the call stays as journaled (running).
      if (this.at.reason !== undefined) throw this.at.reason;
      // A nested agent's call waits for a person: so does this call (it runs again on the answer).
      if (err instanceof LoopWaiting) throw err;
      value = errorMessage(err);
    }
    const result = await this.finish(call, ok, value, performance.now() - t0, !isPure(info, route));
    if (deps.listening()) {
      deps.emit({ type: 'tool_call_finished', runId: row.id, stepId: this.at.stepId, callId: call.callId, tool: call.tool, kind, args: call.args, ok, durationMs: call.durationMs ?? 0, ...(ok ? {} : { error: String(value) }) });
    }
    return result;
  }

  /** Journals a call's result: durably, unless the call was pure (it runs again after a crash). */
  private async finish(call: LoopCallRecord, ok: boolean, value: unknown, durationMs = 0, durable = true): Promise<{ ok: boolean; text: string }> {
    const text = toolResultText(ok, value);
    call.status = ok ? 'ok' : 'error';
    call.result = text;
    call.endedAt = this.owner.deps.clock.now();
    call.durationMs = durationMs;
    const w = this.owner.deps.journal.call(call, durable);
    if (w) await w;
    return { ok, text };
  }

  /** A capability call routed like a step's attempt: acquire, contracts, timeout, retries, usage. */
  private async runTask(route: Extract<LoopRoute, { kind: 'capability' }>, info: CapabilityInfo | undefined, call: LoopCallRecord): Promise<unknown> {
    const { deps, row } = this.owner;
    if (!info) throw new NonRetriableError(`no agent${route.agentId ? ` "${route.agentId}"` : ''} has capability "${route.capability}"`);
    const timeoutMs = resolveTimeout(deps.project, info.timeout);
    const retry = resolveRetry(info.retry, deps.project?.runtime?.retry);
    const prefs = route.agentId === undefined ? {} : { agentId: route.agentId };
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && !this.owner.countToolCall()) throw this.at.reason ?? new RunStoppedError('budget_exceeded', 'tool-call budget exceeded');
      const at = new Attempt(this.owner, row.id, row.workflow, this.at.stepId, route.capability, attempt, timeoutMs, this.at.scope, '', call.callId, this.at.loopKey);
      this.at.adopt(at);
      const deadline = deps.deadlines.add(timeoutMs, at);
      let failure: unknown;
      try {
        const lease = deps.agents.tryAcquire?.(route.capability, prefs) ?? (await deps.agents.acquire(route.capability, prefs, at));
        try {
          // Handed to another process: the task commits with the call's row, in one durable write.
          const task = deps.agents.handsOff === true ? lease.handoff?.(call.args, at) : undefined;
          if (task !== undefined) {
            const w = deps.journal.call(call, true, task);
            if (w) await w;
            if (at.reason !== undefined) throw at.reason;
          }
          return await lease.execute(call.args, at);
        } finally {
          lease.release();
        }
      } catch (err) {
        failure = at.reason ?? err;
      } finally {
        deps.deadlines.cancel(deadline);
        this.at.disown(at);
      }
      if (this.at.reason !== undefined) throw this.at.reason;
      if (failure instanceof LoopWaiting) throw failure;
      const c = classify(failure);
      if (!c.retry || attempt >= retry.attempts) throw new Error(c.error.message);
      await this.sleep(c.afterMs ?? backoffDelay(retry, attempt + 1, deps.random));
    }
  }

  private async runWorkflow(workflow: string, call: LoopCallRecord): Promise<unknown> {
    const args = call.args && typeof call.args === 'object' && !Array.isArray(call.args) ? (call.args as Record<string, unknown>) : {};
    // The child's id derives from this loop and call, so a call that runs again after a crash re-attaches to it.
    const parent = { runId: this.owner.row.id, stepId: this.at.stepId, key: `loop/${this.at.loopKey}/${call.callId}` };
    const result = await this.owner.deps.runChild(parent, workflow, args, this.at.signal, this.owner.childLink(this.at.stepId));
    if (result.status !== 'completed') throw new Error(`workflow ${workflow} (run ${result.id}) ended ${result.status}${result.error ? `: ${result.error}` : ''}`);
    return result.outputs ?? {};
  }

  private sleep(ms: number): Promise<void> {
    const { clock } = this.owner.deps;
    const signal = this.at.signal;
    return new Promise((resolve) => {
      const done = () => {
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
