/** What happened to the last fire of a trigger, as `amas schedule` shows it. */
export type TriggerOutcome =
  | 'fired'
  | 'started'
  | 'queued'
  | 'skipped'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'error';

/** Persisted state of one cron trigger, keyed by its trigger key within the workflow. */
export interface CronTriggerState {
  /** Scheduled time (ms, not wall time) of the last fire delivered. */
  lastFire?: number;
  lastOutcome?: TriggerOutcome;
  /** When scheduling (re)began: first seen or resumed. Catch-up never reaches before it. */
  since: number;
}

/** One row per workflow: pause is per workflow (it also holds back event and file triggers). */
export interface WorkflowTriggerState {
  workflowId: string;
  paused: boolean;
  triggers: Record<string, CronTriggerState>;
  updatedAt: number;
}

/**
 * Port to the store's trigger_state table. `save` upserts by workflowId; rows of workflows that
 * disappeared are kept so that pause survives a file being deleted and restored.
 */
export interface TriggerStateStore {
  load(): Promise<WorkflowTriggerState[]>;
  save(state: WorkflowTriggerState): Promise<void>;
}

export function cloneState(s: WorkflowTriggerState): WorkflowTriggerState {
  const triggers: Record<string, CronTriggerState> = {};
  for (const [k, v] of Object.entries(s.triggers)) triggers[k] = { ...v };
  return { ...s, triggers };
}

/** In-memory store for tests and embedding; copies on the way in and out like a real store. */
export class MemoryTriggerStateStore implements TriggerStateStore {
  private readonly rows = new Map<string, WorkflowTriggerState>();
  saves = 0;

  constructor(initial: WorkflowTriggerState[] = []) {
    for (const r of initial) this.rows.set(r.workflowId, cloneState(r));
  }
  load(): Promise<WorkflowTriggerState[]> {
    return Promise.resolve([...this.rows.values()].map(cloneState));
  }
  save(state: WorkflowTriggerState): Promise<void> {
    this.saves++;
    this.rows.set(state.workflowId, cloneState(state));
    return Promise.resolve();
  }
  get(workflowId: string): WorkflowTriggerState | undefined {
    const r = this.rows.get(workflowId);
    return r && cloneState(r);
  }
}
