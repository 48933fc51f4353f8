// Agents that react to bus events (`reacts_to` in an agent spec, docs/guide.md "Agents that react
// to events"): an event of a listed type whose data matches `where` runs the named capability on
// that agent as a task — outside any workflow run, like a task_request — with the event's data as
// input; the agent answers the event's publisher with task_complete or error_occurred.
import type { AgentPool } from '../agents/index.ts';
import type { BusEvent, EventBus, Unsubscribe } from '../bus/index.ts';
import { errorMessage, type AgentSpec } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { matchesFilter, valueAtPath } from '../triggers/index.ts';
import { eventTaskContext, type TaskRequestSource } from './task-requests.ts';

type Reaction = NonNullable<AgentSpec['reacts_to']>[number];

/** The task id of a reaction's task: its answer carries it, which is how reactions recognise answers of reactions. */
const REACTION_TASK = 'reaction:';

/**
 * Whether an event is the answer of a reaction. Reactions do not chain: an agent reacting to
 * task_complete would otherwise answer the answer of another reacting agent, and two such agents
 * would ping-pong for ever.
 */
function answersReaction(event: BusEvent): boolean {
  const taskId = (event.data as { taskId?: unknown } | null | undefined)?.taskId;
  return typeof taskId === 'string' && taskId.startsWith(REACTION_TASK);
}

function matches(r: Reaction, event: BusEvent): boolean {
  if (r.event !== event.type) return false;
  for (const [path, expected] of Object.entries(r.where ?? {})) {
    if (!matchesFilter(valueAtPath(event.data, path), expected)) return false;
  }
  return true;
}

/**
 * The bus subscriptions of every agent's reactions, kept in step with the model: one broadcast
 * subscription per event type some agent reacts to, and one targeted subscription per reacting
 * agent and type (an event addressed to an agent reaches only that agent's subscribers). Types no
 * agent reacts to stay unsubscribed, so their events still count as untaken (dead letters).
 */
export class AgentReactions {
  private readonly subs = new Map<string, Unsubscribe>();
  private byAgent = new Map<string, Reaction[]>();

  constructor(
    private readonly pool: AgentPool,
    private readonly bus: EventBus,
    private readonly src: TaskRequestSource,
  ) {}

  /** Follows the model's agents (at start and after every reload). */
  sync(model: ProjectModel): void {
    const byAgent = new Map<string, Reaction[]>();
    const wanted = new Map<string, { type: Reaction['event']; agentId?: string }>();
    for (const { spec } of model.agents.values()) {
      if (!spec.reacts_to?.length) continue;
      byAgent.set(spec.id, spec.reacts_to);
      for (const r of spec.reacts_to) {
        wanted.set(r.event, { type: r.event });
        wanted.set(`${r.event}\0${spec.id}`, { type: r.event, agentId: spec.id });
      }
    }
    this.byAgent = byAgent;
    for (const [key, off] of this.subs) {
      if (wanted.has(key)) continue;
      off();
      this.subs.delete(key);
    }
    for (const [key, w] of wanted) {
      if (this.subs.has(key)) continue;
      const agentId = w.agentId;
      this.subs.set(key, agentId === undefined ? this.bus.subscribe(w.type, (e) => this.take(e, undefined)) : this.bus.subscribe(w.type, (e) => this.take(e, agentId), { agentId }));
    }
  }

  close(): void {
    for (const off of this.subs.values()) off();
    this.subs.clear();
  }

  /** An event delivered to the broadcast subscription (agentId undefined) or to one agent's. */
  private take(event: BusEvent, agentId: string | undefined): void {
    if (answersReaction(event)) return;
    const agents = agentId === undefined ? [...this.byAgent.keys()] : [agentId];
    for (const id of agents) {
      // An agent does not react to its own events.
      if (event.source === id) continue;
      (this.byAgent.get(id) ?? []).forEach((r, i) => {
        if (matches(r, event)) void this.run(id, r, i, event);
      });
    }
  }

  private async run(agentId: string, r: Reaction, index: number, event: BusEvent): Promise<void> {
    const ctx = { ...eventTaskContext(this.pool, this.src, event, r.capability, agentId), requester: event.source, taskId: `${REACTION_TASK}${agentId}:${index}:${event.id}` };
    try {
      await this.pool.run(r.capability, event.data, ctx, { agentId });
    } catch (err) {
      // The agent has published error_occurred to the event's source; this log says which reaction it was.
      this.src.logger.warn('reaction failed', { agent: agentId, event: event.type, eventId: event.id, capability: r.capability, error: errorMessage(err) });
    }
  }
}
