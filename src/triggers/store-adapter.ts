import type { TriggerRepository } from '../store/index.ts';
import type { CronTriggerState, TriggerOutcome, TriggerStateStore, WorkflowTriggerState } from './state.ts';

const OUTCOMES = new Set<string>(['fired', 'started', 'queued', 'skipped', 'succeeded', 'failed', 'cancelled', 'error']);
/** The store's workflow-wide row, which holds `paused`. */
const WORKFLOW_ROW = '*';

interface RowData {
  since?: number;
  /** The trigger left the spec; the store has no delete, so its row is marked instead. */
  removed?: boolean;
}

/**
 * Maps the scheduler's per-workflow state onto the store's trigger_state rows: one `*` row per
 * workflow for pause, one row per cron trigger key with `since` kept in `data`.
 */
export function storeTriggerState(store: Pick<TriggerRepository, 'list' | 'put'>): TriggerStateStore {
  const savedKeys = new Map<string, Set<string>>();
  return {
    async load() {
      const byWf = new Map<string, WorkflowTriggerState>();
      for (const row of await store.list()) {
        let st = byWf.get(row.workflowId);
        if (!st) {
          st = { workflowId: row.workflowId, paused: false, triggers: {}, updatedAt: row.updatedAt };
          byWf.set(row.workflowId, st);
        }
        st.updatedAt = Math.max(st.updatedAt, row.updatedAt);
        if (row.triggerKey === WORKFLOW_ROW) {
          st.paused = row.paused;
          continue;
        }
        const data = (row.data ?? {}) as RowData;
        if (data.removed) continue;
        const t: CronTriggerState = { since: data.since ?? row.updatedAt };
        if (row.lastFire !== null) t.lastFire = row.lastFire;
        if (row.lastOutcome !== null && OUTCOMES.has(row.lastOutcome)) t.lastOutcome = row.lastOutcome as TriggerOutcome;
        st.triggers[row.triggerKey] = t;
        let keys = savedKeys.get(row.workflowId);
        if (!keys) savedKeys.set(row.workflowId, (keys = new Set()));
        keys.add(row.triggerKey);
      }
      return [...byWf.values()];
    },
    async save(state) {
      const { workflowId } = state;
      const writes: Promise<void>[] = [store.put({ workflowId, triggerKey: WORKFLOW_ROW, paused: state.paused })];
      const before = savedKeys.get(workflowId) ?? new Set<string>();
      const now = new Set(Object.keys(state.triggers));
      for (const [triggerKey, t] of Object.entries(state.triggers)) {
        writes.push(
          store.put({
            workflowId,
            triggerKey,
            lastFire: t.lastFire ?? null,
            lastOutcome: t.lastOutcome ?? null,
            data: { since: t.since } satisfies RowData,
          }),
        );
      }
      for (const triggerKey of before) {
        if (!now.has(triggerKey)) writes.push(store.put({ workflowId, triggerKey, data: { removed: true } satisfies RowData }));
      }
      savedKeys.set(workflowId, now);
      await Promise.all(writes);
    },
  };
}
