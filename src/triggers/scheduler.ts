import { AmasError, errorMessage, parseDuration, silentLogger } from '../core/index.ts';
import type { Clock, Logger, TimerHandle, TriggerSpec, WorkflowSpec } from '../core/index.ts';
import { parseCron, type CronSchedule } from './cron.ts';
import { jitterDelay } from './jitter.ts';
import { cronTriggerKeys } from './keys.ts';
import { MISFIRE_CAP, planMisfire, type MisfirePolicy } from './misfire.ts';
import type { TriggerOutcome, TriggerStateStore, WorkflowTriggerState } from './state.ts';
import { TriggerStates, type CronFire, type FireResult } from './trigger-states.ts';

/** Longest single setTimeout Node honours; longer waits re-arm on wake. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CronSchedulerOptions {
  clock: Clock;
  onFire: (fire: CronFire) => FireResult | Promise<FireResult>;
  store?: TriggerStateStore;
  /** Source of jitter; pass seededRandom(…) for reproducible delays. */
  random?: () => number;
  logger?: Logger;
  /** Most missed fires enumerated per trigger on start (and run by run-all). */
  misfireCap?: number;
}

export interface ScheduleEntry {
  workflowId: string;
  triggerKey: string;
  cron: string;
  timezone: string;
  /** Next cron time; undefined while paused. */
  nextFire?: number;
  /** When the timer will actually deliver it (nextFire + jitter). */
  dueAt?: number;
  lastFire?: number;
  lastOutcome?: TriggerOutcome;
  paused: boolean;
  misfire: MisfirePolicy;
}

export interface ReplanResult {
  added: string[];
  changed: string[];
  removed: string[];
  errors: { workflowId: string; triggerKey: string; message: string }[];
}

export interface CatchUpReport {
  workflowId: string;
  triggerKey: string;
  missed: number;
  ran: number;
  expired: boolean;
  truncated: boolean;
}

interface Armed {
  workflowId: string;
  key: string;
  trigger: TriggerSpec;
  schedule: CronSchedule;
  jitterMs: number;
  graceMs: number | undefined;
  misfire: MisfirePolicy;
  next?: number;
  dueAt?: number;
}

/**
 * Owns the cron triggers of all workflows: plans the next fire of each, delivers fires through
 * `onFire` from a single timer on the injected clock, catches up after downtime by the misfire
 * policy, and keeps pause state and last fires in the TriggerStateStore.
 */
export class CronScheduler {
  private readonly clock: Clock;
  private readonly opts: CronSchedulerOptions;
  private readonly log: Logger;
  private readonly random: () => number;
  /** Pause, last fires and outcomes, and their saves (trigger-states.ts). */
  private readonly states: TriggerStates;
  private readonly armed = new Map<string, Armed>();
  private readonly specs = new Map<string, WorkflowSpec>();
  private timer: TimerHandle | undefined;
  private ticking = false;
  private stopped = false;

  constructor(opts: CronSchedulerOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    this.log = opts.logger ?? silentLogger;
    this.random = opts.random ?? Math.random;
    this.states = new TriggerStates(this.clock, this.log, opts.store);
  }

  /** Loads saved state, runs what the misfire policies ask for, and arms the timer. */
  async start(specs: WorkflowSpec[]): Promise<{ replan: ReplanResult; catchUp: CatchUpReport[] }> {
    this.stopped = false;
    await this.states.load();
    const catchUp: CatchUpReport[] = [];
    const replan = this.apply(specs, catchUp);
    return { replan, catchUp };
  }

  /** Re-plans after a reload: new schedules start, removed ones stop, pause state is kept. */
  setWorkflows(specs: WorkflowSpec[]): ReplanResult {
    return this.apply(specs, undefined);
  }

  /** Stops delivering fires; resolves once pending state has been saved. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush();
  }

  /**
   * Stops and forgets what it armed (the saved state stays in the store): a process that stops
   * leading (another scheduler takes over the same store), and whose `start` later plans every
   * trigger afresh from the store, catching up what the other one did not fire.
   */
  async release(): Promise<void> {
    await this.stop();
    this.armed.clear();
    this.specs.clear();
    this.states.clear();
  }

  /** Resolves when every state change so far has reached the store. */
  flush(): Promise<void> {
    return this.states.flush();
  }

  /** Ids of known workflows that are paused (whatever their kind of trigger). */
  pausedWorkflows(): string[] {
    return [...this.specs.keys()].filter((id) => this.isPaused(id)).sort();
  }

  isPaused(workflowId: string): boolean {
    return this.states.isPaused(workflowId);
  }

  async pause(workflowId: string): Promise<void> {
    const st = this.known(workflowId);
    if (!st.paused) {
      st.paused = true;
      for (const a of this.armedOf(workflowId)) {
        a.next = undefined;
        a.dueAt = undefined;
      }
      this.states.persist(st);
      this.rearm();
    }
    await this.flush();
  }

  /** Resumes from now: fires that fell in the pause are not caught up. */
  async resume(workflowId: string): Promise<void> {
    const st = this.known(workflowId);
    if (st.paused) {
      st.paused = false;
      const now = this.clock.now();
      for (const a of this.armedOf(workflowId)) {
        const ts = st.triggers[a.key];
        if (ts) ts.since = now;
        this.arm(a, a.schedule.nextFire(now));
      }
      this.states.persist(st);
      this.rearm();
    }
    await this.flush();
  }

  /** The runtime reports what became of a fire (e.g. the run it started succeeded). */
  recordOutcome(workflowId: string, triggerKey: string, outcome: TriggerOutcome): void {
    const ts = this.states.get(workflowId)?.triggers[triggerKey];
    if (!ts) return;
    ts.lastOutcome = outcome;
    this.states.persist(this.states.get(workflowId)!);
  }

  list(): ScheduleEntry[] {
    const out: ScheduleEntry[] = [];
    for (const a of this.armed.values()) {
      const st = this.states.get(a.workflowId);
      const ts = st?.triggers[a.key];
      out.push({
        workflowId: a.workflowId,
        triggerKey: a.key,
        cron: a.schedule.expr,
        timezone: a.schedule.tz,
        ...(a.next === undefined ? {} : { nextFire: a.next }),
        ...(a.dueAt === undefined ? {} : { dueAt: a.dueAt }),
        ...(ts?.lastFire === undefined ? {} : { lastFire: ts.lastFire }),
        ...(ts?.lastOutcome === undefined ? {} : { lastOutcome: ts.lastOutcome }),
        paused: st?.paused ?? false,
        misfire: a.misfire,
      });
    }
    return out.sort((x, y) => (x.nextFire ?? Infinity) - (y.nextFire ?? Infinity) || x.workflowId.localeCompare(y.workflowId));
  }

  private known(workflowId: string): WorkflowTriggerState {
    if (!this.specs.has(workflowId)) {
      throw new AmasError('workflow_unknown', `no workflow "${workflowId}"`, { hint: 'amas schedule list shows the workflows', exitCode: 2 });
    }
    return this.states.of(workflowId);
  }

  private armedOf(workflowId: string): Armed[] {
    return [...this.armed.values()].filter((a) => a.workflowId === workflowId);
  }

  private apply(specs: WorkflowSpec[], catchUp: CatchUpReport[] | undefined): ReplanResult {
    const now = this.clock.now();
    const result: ReplanResult = { added: [], changed: [], removed: [], errors: [] };
    const incoming = new Map(specs.map((s) => [s.id, s]));
    for (const id of this.specs.keys()) {
      if (incoming.has(id)) continue;
      result.removed.push(id);
      this.specs.delete(id);
      for (const a of this.armedOf(id)) this.armed.delete(`${id}\u0000${a.key}`);
      const st = this.states.get(id);
      if (st) {
        st.triggers = {};
        this.states.persist(st);
      }
    }
    for (const spec of specs) {
      const before = new Set(this.armedOf(spec.id).map((a) => a.key));
      const isNew = !this.specs.has(spec.id);
      this.specs.set(spec.id, spec);
      const st = this.states.of(spec.id);
      const keep = new Set<string>();
      let dirty = false;
      for (const { key, trigger } of cronTriggerKeys(spec)) {
        const id = `${spec.id}\u0000${key}`;
        const existing = this.armed.get(id);
        if (existing) {
          existing.trigger = trigger;
          Object.assign(existing, this.triggerOptions(trigger));
          keep.add(key);
          continue;
        }
        let schedule: CronSchedule;
        try {
          schedule = parseCron(trigger.cron!, trigger.timezone ?? 'UTC', { seed: spec.id });
        } catch (err) {
          result.errors.push({ workflowId: spec.id, triggerKey: key, message: errorMessage(err) });
          this.log.error('cron trigger not scheduled', { workflow: spec.id, trigger: key, error: errorMessage(err) });
          continue;
        }
        const a: Armed = { workflowId: spec.id, key, trigger, schedule, ...this.triggerOptions(trigger) };
        this.armed.set(id, a);
        keep.add(key);
        const saved = st.triggers[key];
        let next: number | undefined;
        if (saved && catchUp && !st.paused) next = this.catchUp(a, saved.lastFire ?? saved.since, saved.since, now, catchUp);
        if (!saved || !catchUp) {
          st.triggers[key] = { ...(saved?.lastFire === undefined ? {} : { lastFire: saved.lastFire }), ...(saved?.lastOutcome === undefined ? {} : { lastOutcome: saved.lastOutcome }), since: now };
          dirty = true;
        }
        if (!st.paused) this.arm(a, next ?? schedule.nextFire(now));
      }
      for (const key of before) if (!keep.has(key)) this.armed.delete(`${spec.id}\u0000${key}`);
      for (const key of Object.keys(st.triggers)) {
        if (!keep.has(key)) {
          delete st.triggers[key];
          dirty = true;
        }
      }
      if (isNew) result.added.push(spec.id);
      else if (before.size !== keep.size || [...keep].some((k) => !before.has(k))) result.changed.push(spec.id);
      if (dirty || catchUp) this.states.persist(st);
    }
    this.rearm();
    return result;
  }

  private triggerOptions(t: TriggerSpec): Pick<Armed, 'jitterMs' | 'graceMs' | 'misfire'> {
    return {
      jitterMs: t.jitter === undefined ? 0 : parseDuration(t.jitter),
      graceMs: t.grace === undefined ? undefined : parseDuration(t.grace),
      misfire: t.misfire ?? 'run-once',
    };
  }

  /** Delivers missed fires in (max(lastFire, since), now] by policy; returns the first fire after now. */
  private catchUp(a: Armed, lastFire: number, since: number, now: number, report: CatchUpReport[]): number {
    const plan = planMisfire(a.schedule, {
      policy: a.misfire,
      lastFire: Math.max(lastFire, since),
      now,
      ...(a.graceMs === undefined ? {} : { graceMs: a.graceMs }),
      cap: this.opts.misfireCap ?? MISFIRE_CAP,
    });
    if (plan.missed > 0 || plan.expired) {
      report.push({ workflowId: a.workflowId, triggerKey: a.key, missed: plan.missed, ran: plan.run.length, expired: plan.expired, truncated: plan.truncated });
      this.log.info('missed cron fires', { workflow: a.workflowId, trigger: a.key, policy: a.misfire, missed: plan.truncated ? `${plan.missed}+` : plan.missed, running: plan.run.length, expired: plan.expired });
    }
    for (const t of plan.run) this.states.deliver(a, t, 'misfire', this.opts.onFire);
    return plan.next;
  }

  /** Arms `a` for the cron time `next`, delivered after its jitter. */
  private arm(a: Armed, next: number): void {
    a.next = next;
    a.dueAt = next + jitterDelay(a.jitterMs, this.random);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      const due = [...this.armed.values()].filter((a) => a.dueAt !== undefined && a.dueAt <= now).sort((x, y) => x.dueAt! - y.dueAt!);
      for (const a of due) {
        // onFire may have paused the workflow or re-planned; only deliver what is still armed.
        if (a.next === undefined || a.dueAt === undefined || this.armed.get(`${a.workflowId}\u0000${a.key}`) !== a) continue;
        const scheduled = a.next;
        this.states.deliver(a, scheduled, 'schedule', this.opts.onFire);
        if (a.next !== scheduled) continue;
        const following = a.schedule.nextFire(scheduled);
        // Woke up late (suspend, long jitter): the fires in between are misfires.
        this.arm(a, following > now ? following : this.catchUp(a, scheduled, scheduled, now, []));
      }
    } finally {
      this.ticking = false;
    }
    this.rearm();
  }

  private rearm(): void {
    if (this.ticking || this.stopped) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    let earliest = Infinity;
    for (const a of this.armed.values()) if (a.dueAt !== undefined && a.dueAt < earliest) earliest = a.dueAt;
    if (earliest === Infinity) return;
    const delay = Math.min(Math.max(0, earliest - this.clock.now()), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => this.tick(), delay);
  }
}
