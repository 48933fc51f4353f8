// The fire bookkeeping of the cron scheduler: the live trigger state of every workflow (pause,
// each trigger's last fire and its outcome, `since`), a fire delivered and recorded in it, and the
// saves of that state to the TriggerStateStore, one after the other in the order of the changes.
import { errorMessage } from '../core/index.ts';
import type { Clock, Logger, TriggerSpec } from '../core/index.ts';
import { cloneState, type TriggerOutcome, type TriggerStateStore, type WorkflowTriggerState } from './state.ts';

export interface CronFire {
  workflowId: string;
  triggerKey: string;
  trigger: TriggerSpec;
  /** The cron time this fire stands for (ms), before jitter. */
  scheduledTime: number;
  inputs: Record<string, unknown>;
  /** `misfire`: caught up after downtime or a late wake-up. */
  reason: 'schedule' | 'misfire';
  /** Same for every delivery of this fire: lets the runtime drop a duplicate after a crash. */
  fireId: string;
}

export type FireResult = TriggerOutcome | void;

/** The trigger a fire is delivered for. */
export interface FireTarget {
  workflowId: string;
  key: string;
  trigger: TriggerSpec;
}

export class TriggerStates {
  private readonly states = new Map<string, WorkflowTriggerState>();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly store: TriggerStateStore | undefined,
  ) {}

  /** Reads the saved state of every workflow (kept in memory from then on). */
  async load(): Promise<void> {
    for (const s of (await this.store?.load()) ?? []) this.states.set(s.workflowId, cloneState(s));
  }

  /** Forgets the state in memory; the saved state stays in the store. */
  clear(): void {
    this.states.clear();
  }

  get(workflowId: string): WorkflowTriggerState | undefined {
    return this.states.get(workflowId);
  }

  /** The workflow's state, created (not paused, no triggers) the first time it is asked for. */
  of(workflowId: string): WorkflowTriggerState {
    let st = this.states.get(workflowId);
    if (!st) {
      st = { workflowId, paused: false, triggers: {}, updatedAt: this.clock.now() };
      this.states.set(workflowId, st);
    }
    return st;
  }

  isPaused(workflowId: string): boolean {
    return this.states.get(workflowId)?.paused ?? false;
  }

  /**
   * Records the fire of `target` for the cron time `scheduledTime` as its last fire (`fired`) and
   * delivers it through `onFire`; the outcome `onFire` gives (now or once its promise settles)
   * becomes the last outcome, unless a later fire came first. Saved before and after.
   */
  deliver(target: FireTarget, scheduledTime: number, reason: CronFire['reason'], onFire: (fire: CronFire) => FireResult | Promise<FireResult>): void {
    const st = this.of(target.workflowId);
    const ts = (st.triggers[target.key] ??= { since: scheduledTime });
    ts.lastFire = scheduledTime;
    ts.lastOutcome = 'fired';
    const fire: CronFire = {
      workflowId: target.workflowId,
      triggerKey: target.key,
      trigger: target.trigger,
      scheduledTime,
      inputs: { ...(target.trigger.inputs ?? {}) },
      reason,
      fireId: `${target.workflowId}/${target.key}/${scheduledTime}`,
    };
    const settle = (outcome: FireResult) => {
      if (outcome && ts.lastFire === scheduledTime) ts.lastOutcome = outcome;
    };
    const fail = (err: unknown) => {
      if (ts.lastFire === scheduledTime) ts.lastOutcome = 'error';
      this.log.error('cron fire failed', { workflow: target.workflowId, trigger: target.key, scheduled: new Date(scheduledTime).toISOString(), error: errorMessage(err) });
    };
    try {
      const r = onFire(fire);
      if (r instanceof Promise) {
        r.then(settle, fail).finally(() => this.persist(st));
      } else settle(r);
    } catch (err) {
      fail(err);
    }
    this.persist(st);
  }

  /** Queues a save of the workflow's state as it is now (a copy), after the saves before it. */
  persist(st: WorkflowTriggerState): void {
    const store = this.store;
    if (!store) return;
    st.updatedAt = this.clock.now();
    const copy = cloneState(st);
    this.saving = this.saving
      .then(() => store.save(copy))
      .catch((err: unknown) => this.log.error('trigger state not saved', { workflow: st.workflowId, error: errorMessage(err) }));
  }

  /** Resolves when every state change so far has reached the store. */
  flush(): Promise<void> {
    return this.saving;
  }
}
