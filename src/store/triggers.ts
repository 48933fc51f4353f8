import { fromJsonColumn, toJsonColumn } from './json-column.ts';
import type { StoreCore, Tx, WriteOptions } from './types.ts';

export interface TriggerState {
  workflowId: string;
  /** Which trigger of the workflow (e.g. `cron:0`); `*` is the workflow-wide row that holds `paused`. */
  triggerKey: string;
  lastFire: number | null;
  lastOutcome: string | null;
  paused: boolean;
  /** Anything else a trigger needs to remember (e.g. a file trigger's last seen mtimes). */
  data: unknown;
  updatedAt: number;
}

export interface TriggerRow {
  workflow_id: string;
  trigger_key: string;
  last_fire: number | null;
  last_outcome: string | null;
  paused: number;
  data: string | null;
  updated_at: number;
}

export const triggerOf = (r: TriggerRow): TriggerState => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  lastFire: r.last_fire,
  lastOutcome: r.last_outcome,
  paused: r.paused !== 0,
  data: fromJsonColumn(r.data),
  updatedAt: r.updated_at,
});

export class TriggerStore {
  constructor(private readonly core: StoreCore) {}

  get(workflowId: string, triggerKey: string): TriggerState | undefined {
    const r = this.core.read((db) => db.get<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? AND trigger_key = ?', [workflowId, triggerKey]));
    return r ? triggerOf(r) : undefined;
  }

  list(workflowId?: string): TriggerState[] {
    const rows = this.core.read((db) =>
      workflowId === undefined
        ? db.all<TriggerRow>('SELECT * FROM trigger_state ORDER BY workflow_id, trigger_key')
        : db.all<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? ORDER BY trigger_key', [workflowId]),
    );
    return rows.map(triggerOf);
  }

  putTrigger(tx: Tx, s: Pick<TriggerState, 'workflowId' | 'triggerKey'> & Partial<Omit<TriggerState, 'workflowId' | 'triggerKey' | 'updatedAt'>>): void {
    const old = tx.get<TriggerRow>('SELECT * FROM trigger_state WHERE workflow_id = ? AND trigger_key = ?', [s.workflowId, s.triggerKey]);
    tx.run(
      `INSERT INTO trigger_state (workflow_id, trigger_key, last_fire, last_outcome, paused, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workflow_id, trigger_key) DO UPDATE SET last_fire = excluded.last_fire, last_outcome = excluded.last_outcome,
         paused = excluded.paused, data = excluded.data, updated_at = excluded.updated_at`,
      [
        s.workflowId,
        s.triggerKey,
        s.lastFire !== undefined ? s.lastFire : (old?.last_fire ?? null),
        s.lastOutcome !== undefined ? s.lastOutcome : (old?.last_outcome ?? null),
        s.paused !== undefined ? (s.paused ? 1 : 0) : (old?.paused ?? 0),
        s.data !== undefined ? toJsonColumn(tx.mask(s.data)) : (old?.data ?? null),
        tx.now,
      ],
    );
  }

  /** Merges the given fields into the trigger's state (fields left out keep their value). */
  put(s: Parameters<TriggerStore['putTrigger']>[1], opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putTrigger(tx, s), opts);
  }

  /** Remembers a fire: `at` is the scheduled time (not the wall time), so catch-up stays exact. */
  recordFire(workflowId: string, triggerKey: string, at: number, outcome: string, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey, lastFire: at, lastOutcome: outcome }, opts);
  }

  setPaused(workflowId: string, paused: boolean, opts?: WriteOptions): Promise<void> {
    return this.put({ workflowId, triggerKey: '*', paused }, opts);
  }

  isPaused(workflowId: string): boolean {
    return this.get(workflowId, '*')?.paused ?? false;
  }
}
