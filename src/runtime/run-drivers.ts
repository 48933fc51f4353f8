// On a PostgreSQL store several processes drive runs (docs/scale-out.md "Roles"): `amas up` as
// leader or standby, `amas run`, and the CLI commands that continue a run. Each registers in
// `processes` with a heartbeat every 2 s; a run's driver (`runs.driver`) is the process that
// created it. The leader adopts the unfinished runs of a driver whose heartbeat is older than
// 15 s, or of none (a clean stop hands its runs over). Adoption is a conditional UPDATE on the
// driver seen, so no run is driven by two processes at once.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { AmasError, errorMessage, type Logger } from '../core/index.ts';
import type { Engine, RunHandle } from '../engine/index.ts';
import type { DriverProcess, DriverRole, PgStore } from '../store/index.ts';
import { approvalRecord } from './store-approvals.ts';

export const DRIVER_HEARTBEAT_MS = 2000;
/** A driver whose heartbeat is older than this is gone: the leader adopts its runs. */
export const DRIVER_STALE_MS = 15_000;
/** How often a driver looks for answers other processes gave to its runs' approvals. */
const ANSWER_POLL_MS = 1000;

export class RunDriver {
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private answerTimer: ReturnType<typeof setInterval> | undefined;
  private polling = false;
  private stopped = false;
  /** Answers delivered to this engine's runs (run, step, call), so each is delivered once. */
  private readonly delivered = new Set<string>();

  private constructor(
    readonly id: string,
    private currentRole: DriverRole,
    private readonly store: PgStore,
    private readonly logger: Logger,
  ) {}

  /** Registers this process (its runs are created with it as their driver) and starts its heartbeat. */
  static async register(store: PgStore, role: DriverRole, logger: Logger): Promise<RunDriver> {
    const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    await store.drivers.register({ id, role, host: os.hostname(), pid: process.pid });
    const d = new RunDriver(id, role, store, logger);
    d.heartbeatTimer = setInterval(() => void d.beat(), DRIVER_HEARTBEAT_MS);
    d.heartbeatTimer.unref();
    return d;
  }

  get role(): DriverRole {
    return this.currentRole;
  }

  /** The role changes when a standby takes over or a leader loses its lock; the row follows at once. */
  async setRole(role: DriverRole): Promise<void> {
    this.currentRole = role;
    await this.beat();
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      const present = await this.store.drivers.heartbeat(this.id, this.currentRole);
      // Removed while this process stalled past the stale limit: register again (its runs may have been adopted).
      if (!present && !this.stopped) await this.store.drivers.register({ id: this.id, role: this.currentRole, host: os.hostname(), pid: process.pid });
    } catch (err) {
      this.logger.warn('driver heartbeat failed', { error: errorMessage(err) });
    }
  }

  /**
   * Makes this process the driver of `runId` before it continues the run here: taken from a
   * driver that is gone (or none); refused when another live process drives it.
   */
  async claim(runId: string): Promise<void> {
    const driver = await this.store.drivers.driverOf(runId);
    if (driver === undefined || driver === this.id) return;
    if (driver !== null && (await this.store.drivers.alive(driver, DRIVER_STALE_MS))) throw drivenElsewhere(runId, driver);
    if (!(await this.store.drivers.adopt(runId, driver, this.id))) {
      const now = await this.store.drivers.driverOf(runId);
      if (now !== this.id) throw drivenElsewhere(runId, now ?? 'another process');
    }
  }

  /** Every process registered as a driver on the store (status). */
  processes(): Promise<DriverProcess[]> {
    return this.store.drivers.list();
  }

  /** Whether a live process other than this one drives `runId`. */
  async drivenElsewhere(runId: string): Promise<boolean> {
    const driver = await this.store.drivers.driverOf(runId);
    return driver !== undefined && driver !== null && driver !== this.id && (await this.store.drivers.alive(driver, DRIVER_STALE_MS));
  }

  /**
   * The leader's duty: takes over every unfinished run whose driver is gone and resumes it
   * through the engine. Each adoption is won by one process only.
   */
  async adoptOrphans(engine: Engine): Promise<RunHandle[]> {
    const handles: RunHandle[] = [];
    for (const o of await this.store.drivers.orphans(DRIVER_STALE_MS, this.id)) {
      if (engine.get(o.runId)) continue;
      if (!(await this.store.drivers.adopt(o.runId, o.driver, this.id))) continue;
      try {
        const [h] = await engine.resumeRuns({ runId: o.runId });
        if (h) handles.push(h);
        this.logger.info('adopted run', { runId: o.runId, from: o.driver ?? 'handed over' });
      } catch (err) {
        this.logger.error('adopted run could not resume', { runId: o.runId, error: errorMessage(err) });
      }
    }
    // Rows of processes long gone that drive nothing any more.
    await this.store.drivers.prune(10 * 60_000).catch(() => undefined);
    return handles;
  }

  /**
   * The leader's duty for queued runs: takes over every run an overlap gate of a gone driver had
   * queued (journaled and answered `queued`, never started); returns the ids it won, which go
   * through this process's gates (queued-runs.ts). A live driver's queued runs stay with it: they
   * wait in its gates.
   */
  async adoptQueued(): Promise<Set<string>> {
    const won = new Set<string>();
    for (const o of await this.store.drivers.orphans(DRIVER_STALE_MS, this.id, 'queued')) {
      if (!(await this.store.drivers.adopt(o.runId, o.driver, this.id))) continue;
      won.add(o.runId);
      this.logger.info('adopted queued run', { runId: o.runId, from: o.driver ?? 'handed over' });
    }
    return won;
  }

  /**
   * Watches for answers other processes took (they only write them to the shared store) to
   * approvals this engine's runs wait for, every second, and continues those runs here.
   */
  watchAnswers(engine: Engine): void {
    this.answerTimer = setInterval(() => void this.pollAnswers(engine), ANSWER_POLL_MS);
    this.answerTimer.unref();
  }

  private async pollAnswers(engine: Engine): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      for (const runId of engine.activeRuns()) {
        const snap = engine.get(runId);
        if (!snap || !Object.values(snap.steps).some((s) => s.status === 'waiting')) continue;
        for (const row of await this.store.approvals.ofRun(runId)) {
          if (row.answer === null) continue;
          const key = `${row.runId}\u0000${row.stepId}\u0000${row.callId}`;
          if (this.delivered.has(key)) continue;
          if (engine.deliverTaken(approvalRecord(row))) {
            this.delivered.add(key);
            this.logger.info('approval answered elsewhere: run continues', { runId, step: row.stepId });
          }
        }
      }
    } catch (err) {
      this.logger.warn('looking for approval answers failed', { error: errorMessage(err) });
    } finally {
      this.polling = false;
    }
  }

  /**
   * A clean stop, after the engine suspended or ended its runs: the unfinished ones are handed
   * over (their driver cleared, so the leader adopts them at once) and this process's row goes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    if (this.answerTimer !== undefined) clearInterval(this.answerTimer);
    try {
      const n = await this.store.drivers.unregister(this.id);
      if (n > 0) this.logger.info('unfinished runs handed over', { runs: n });
    } catch (err) {
      this.logger.warn('could not hand runs over: the leader adopts them once the heartbeat is stale', { error: errorMessage(err) });
    }
  }
}

function drivenElsewhere(runId: string, driver: string): AmasError {
  return new AmasError('AMAS_RUN_DRIVEN_ELSEWHERE', `run ${runId} is driven by another live process (${driver})`, {
    exitCode: 2,
    hint: 'it continues there; answer its approvals with `amas runs approve`, or stop that process and the leader adopts the run',
  });
}
