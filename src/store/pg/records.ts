// Events, metrics, trigger state and agent-loop conversations on PostgreSQL (the embedded
// store's events.ts, metrics.ts, triggers.ts and agent-turns.ts).
import type { AgentTurnRepository, EventRepository, MetricRepository, TriggerPut, TriggerRepository, WriteOptions } from '../backend.ts';
import type { AgentCallRecord, AgentTurnRecord } from '../agent-turns.ts';
import type { EventRecord } from '../events.ts';
import { toJsonColumn } from '../json-column.ts';
import type { MetricSample } from '../metrics.ts';
import type { TriggerState } from '../triggers.ts';
import type { PgCore } from './core.ts';
import type { PgParam } from './pool.ts';
import { callOf, eventOf, triggerOf, turnOf, type CallRaw, type EventRaw, type TriggerRaw, type TurnRaw } from './rows.ts';

const EVENT_SQL = 'INSERT INTO events (id, type, priority, source, target, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING 1';

export class PgEvents implements EventRepository {
  constructor(private readonly core: PgCore) {}

  private params(e: EventRecord): PgParam[] {
    return [e.id, e.type, e.priority, e.source, e.target, toJsonColumn(this.core.mask(e.data)), e.createdAt, e.expiresAt];
  }

  append(e: EventRecord, opts?: WriteOptions): Promise<void> {
    return this.appendMany([e], opts);
  }

  appendMany(events: readonly EventRecord[], opts?: WriteOptions): Promise<void> {
    const stmts = events.map((e) => ({ sql: EVENT_SQL, params: this.params(e) }));
    return this.core.statements(stmts, opts).then(() => undefined);
  }

  async list(q: { type?: string; since?: number; limit?: number } = {}): Promise<EventRecord[]> {
    const where: string[] = [];
    const params: PgParam[] = [];
    if (q.type !== undefined) {
      params.push(q.type);
      where.push(`type = $${params.length}`);
    }
    if (q.since !== undefined) {
      params.push(q.since);
      where.push(`created_at >= $${params.length}`);
    }
    params.push(q.limit ?? 1000);
    const rows = await this.core.rows<EventRaw>(`SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rid DESC LIMIT $${params.length}`, params);
    return rows.map(eventOf);
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.write((tx) => tx.run('DELETE FROM events WHERE created_at < $1', [before]), opts);
  }
}

export class PgMetrics implements MetricRepository {
  constructor(private readonly core: PgCore) {}

  record(samples: MetricSample | MetricSample[], opts?: WriteOptions): Promise<void> {
    const now = this.core.clock.now();
    const rows = (Array.isArray(samples) ? samples : [samples]).map((s): PgParam[] => [s.name, s.ts ?? now, s.value, JSON.stringify(s.labels ?? {})]);
    return this.core.statements(rows.map((params) => ({ sql: 'INSERT INTO metrics (name, ts, value, labels) VALUES ($1, $2, $3, $4) RETURNING 1', params })), opts).then(() => undefined);
  }

  async query(name: string, q: { since?: number; until?: number } = {}): Promise<Required<MetricSample>[]> {
    const rows = await this.core.rows<{ name: string; ts: number; value: number; labels: string }>(
      'SELECT name, ts, value, labels FROM metrics WHERE name = $1 AND ts >= $2 AND ts <= $3 ORDER BY ts, seq',
      [name, q.since ?? 0, q.until ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map((r) => ({ name: r.name, ts: r.ts, value: r.value, labels: JSON.parse(r.labels) as Record<string, string> }));
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.write((tx) => tx.run('DELETE FROM metrics WHERE ts < $1', [before]), opts);
  }
}

export class PgTriggers implements TriggerRepository {
  constructor(private readonly core: PgCore) {}

  async get(workflowId: string, triggerKey: string): Promise<TriggerState | undefined> {
    const [r] = await this.core.rows<TriggerRaw>('SELECT * FROM trigger_state WHERE workflow_id = $1 AND trigger_key = $2', [workflowId, triggerKey]);
    return r ? triggerOf(r) : undefined;
  }

  async list(workflowId?: string): Promise<TriggerState[]> {
    const rows =
      workflowId === undefined
        ? await this.core.rows<TriggerRaw>('SELECT * FROM trigger_state ORDER BY workflow_id, trigger_key')
        : await this.core.rows<TriggerRaw>('SELECT * FROM trigger_state WHERE workflow_id = $1 ORDER BY trigger_key', [workflowId]);
    return rows.map(triggerOf);
  }

  /** Merges in one statement: a field given is set, a field left out keeps the stored value. */
  put(s: TriggerPut, opts?: WriteOptions): Promise<void> {
    const now = this.core.clock.now();
    const params: PgParam[] = [
      s.workflowId,
      s.triggerKey,
      s.lastFire ?? null,
      s.lastOutcome ?? null,
      s.paused === undefined ? null : s.paused ? 1 : 0,
      s.data === undefined ? null : toJsonColumn(this.core.mask(s.data)),
      now,
      s.lastFire !== undefined,
      s.lastOutcome !== undefined,
      s.data !== undefined,
    ];
    return this.core.write(async (tx) => {
      await tx.run(
        `INSERT INTO trigger_state (workflow_id, trigger_key, last_fire, last_outcome, paused, data, updated_at)
         VALUES ($1, $2, $3, $4, COALESCE($5, 0), $6, $7)
         ON CONFLICT (workflow_id, trigger_key) DO UPDATE SET
           last_fire = CASE WHEN $8 THEN excluded.last_fire ELSE trigger_state.last_fire END,
           last_outcome = CASE WHEN $9 THEN excluded.last_outcome ELSE trigger_state.last_outcome END,
           paused = COALESCE($5, trigger_state.paused),
           data = CASE WHEN $10 THEN excluded.data ELSE trigger_state.data END,
           updated_at = excluded.updated_at`,
        params,
      );
    }, opts);
  }

  recordFire(workflowId: string, triggerKey: string, at: number, outcome: string, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey, lastFire: at, lastOutcome: outcome }, opts);
  }

  setPaused(workflowId: string, paused: boolean, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey: '*', paused }, opts);
  }

  async isPaused(workflowId: string): Promise<boolean> {
    return (await this.get(workflowId, '*'))?.paused ?? false;
  }
}

export class PgAgentTurns implements AgentTurnRepository {
  constructor(private readonly core: PgCore) {}

  async conversation(runId: string, loop?: string): Promise<{ turns: AgentTurnRecord[]; calls: AgentCallRecord[] }> {
    const where = loop === undefined ? 'run_id = $1' : 'run_id = $1 AND loop_key = $2';
    const params = loop === undefined ? [runId] : [runId, loop];
    const [turns, calls] = await Promise.all([
      this.core.rows<TurnRaw>(`SELECT * FROM agent_turns WHERE ${where} ORDER BY loop_key, seq`, params),
      this.core.rows<CallRaw>(`SELECT * FROM agent_tool_calls WHERE ${where} ORDER BY loop_key, turn, rseq`, params),
    ]);
    return { turns: turns.map(turnOf), calls: calls.map(callOf) };
  }
}
