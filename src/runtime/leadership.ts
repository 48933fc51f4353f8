// Which `amas up` leads a project, and what leading means. On a PostgreSQL store the leader is the
// one holding the leader lock (src/store/pg/leader.ts), keyed by the project's name (amas.yaml
// `name`, else the directory's basename), so every `amas up` of one project competes and another
// project's does not. The leader runs the cron scheduler, event and file triggers, and adopts runs
// whose driver is gone; a standby retries every second and takes over when the leader's connection
// ends. With the embedded store the one `amas up` always leads.
import { errorMessage, type Logger, type ProcessRole, type ProcessSnapshot, type WorkflowSpec } from '../core/index.ts';
import { PgLeaderLock } from '../store/index.ts';
import type { Project } from './project.ts';
import type { StoreLocation } from './project-store.ts';
import { restoreQueued } from './queued-runs.ts';
import type { TriggerWiring } from './trigger-wiring.ts';

/** How often the leader looks for runs whose driver is gone (besides at takeover). */
const ADOPT_EVERY_MS = 3000;
/** How often the process list (status, TUI) is re-read on a PostgreSQL store. */
const PROCESSES_EVERY_MS = 2000;

export interface LeadershipOptions {
  url: string;
  key: string;
  logger: Logger;
  /** Became leader: start leading (awaited before a later `onLose`). */
  onLead(): Promise<void>;
  /** Lost the lock (its connection failed): stop leading. */
  onLose(reason: string): Promise<void>;
}

/** The leader lock and its transitions, one after the other. */
export class Leadership {
  private lock: PgLeaderLock | undefined;
  /** Transitions one after the other: a lead is complete before a loss undoes it. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: LeadershipOptions) {}

  /** Starts competing; resolves after the first try and, when it won, after leading started. */
  static async start(opts: LeadershipOptions): Promise<Leadership> {
    const l = new Leadership(opts);
    l.lock = await PgLeaderLock.start({
      url: opts.url,
      key: opts.key,
      onLeader: () => l.step('leading', () => opts.onLead()),
      onLost: (reason) => l.step('standing by', () => opts.onLose(reason)),
    });
    await l.chain;
    return l;
  }

  private step(what: string, fn: () => Promise<void>): void {
    this.chain = this.chain.then(fn).catch((err: unknown) => this.opts.logger.error(`${what} failed`, { error: errorMessage(err) }));
  }

  get leading(): boolean {
    return this.lock?.isLeader ?? false;
  }

  /** Gives the lock up (a standby takes over within a second) once the current transition is done. */
  async stop(): Promise<void> {
    await this.chain;
    await this.lock?.stop();
  }
}

/** What the roles need of the runtime; callbacks, so its state stays its own. */
export interface RolesHost {
  readonly project: Project;
  readonly logger: Logger;
  readonly triggers: TriggerWiring;
  /** The project's name (a reload may change it): the leader lock's key. */
  name(): string;
  /** True from the runtime's first stop request on: nothing starts leading then. */
  stopping(): boolean;
  /** The current workflows (a reload replaces them). */
  workflows(): WorkflowSpec[];
  /** Where the store is: the leader lock takes its own connection to it. */
  storeLocation(): StoreLocation;
  /** Something the snapshot shows changed (role, process list). */
  changed(): void;
}

/**
 * The runtime's role (`Runtime.role`) and what each one does: leading (resume or adopt, queued
 * runs back through their gates, the scheduler and triggers, periodic adoption) and standing by,
 * plus the process list the snapshot shows on PostgreSQL.
 */
export class Roles {
  /** Runs the scheduler and triggers now: always with the embedded store, the lock holder on PostgreSQL. */
  leading = false;
  /** On PostgreSQL: the live processes of the project, as last read. */
  processes: ProcessSnapshot[] | undefined;
  /** On a PostgreSQL store: the leader lock this process competes for. */
  private leadership: Leadership | undefined;
  private adoptTimer: ReturnType<typeof setInterval> | undefined;
  private processesTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: RolesHost) {}

  /** `single` with the embedded store; on PostgreSQL `leader` while this process holds the lock, else `standby`. */
  get role(): ProcessRole {
    if (this.host.project.store.kind !== 'postgres') return 'single';
    return this.leading ? 'leader' : 'standby';
  }

  /**
   * Resumes (embedded) or adopts (PostgreSQL) unfinished runs, puts journaled queued runs back
   * through their gates, starts the cron scheduler with its misfire catch-up, and, on PostgreSQL,
   * the file triggers and the periodic adoption of runs whose driver is gone.
   */
  async lead(): Promise<void> {
    if (this.host.stopping()) return;
    const { project, logger, triggers } = this.host;
    const shared = project.store.kind === 'postgres';
    this.leading = true;
    if (shared) {
      await project.driver?.setRole('leader');
      logger.info('leading: this amas up runs the scheduler and triggers and adopts orphaned runs', { project: this.host.name() });
    }
    const resumed = await project.resume();
    for (const h of resumed) project.runs.adopt(h);
    if (resumed.length) logger.info('resumed unfinished runs', { runs: resumed.map((h) => h.id) });
    await restoreQueued(project.runs.queuePorts(), await project.driver?.adoptQueued());
    const { catchUp } = await triggers.scheduler.start(this.host.workflows());
    for (const c of catchUp) if (c.missed > 0) logger.info('caught up missed cron fires', { ...c });
    if (shared) {
      await triggers.syncFileWatcher(this.host.workflows());
      this.adoptTimer = setInterval(() => void this.adoptOrphans(), ADOPT_EVERY_MS);
      this.adoptTimer.unref();
    }
    this.host.changed();
  }

  private async adoptOrphans(): Promise<void> {
    if (!this.leading || this.host.stopping()) return;
    try {
      const { project } = this.host;
      const adopted = await project.resume();
      for (const h of adopted) project.runs.adopt(h);
      // After the runs going, as at takeover: the queued runs of a driver that is gone.
      const queued = await project.driver?.adoptQueued();
      if (queued?.size) await restoreQueued(project.runs.queuePorts(), queued);
    } catch (err) {
      this.host.logger.warn('adopting runs failed', { error: errorMessage(err) });
    }
  }

  /** Lost the leader lock (its connection failed): triggers stop; runs going here keep going. */
  private async standBy(reason: string): Promise<void> {
    this.leading = false;
    if (this.adoptTimer !== undefined) clearInterval(this.adoptTimer);
    this.adoptTimer = undefined;
    await this.host.triggers.standBy();
    await this.host.project.driver?.setRole('standby');
    this.host.logger.warn('standing by: this amas up no longer leads', { reason });
    this.host.changed();
  }

  /** PostgreSQL: competes for the leader lock (keyed by the project's name) and keeps the process list fresh. */
  async compete(triggers: boolean): Promise<void> {
    const driver = this.host.project.driver;
    if (!driver) return;
    const refresh = async () => {
      try {
        this.processes = (await driver.processes()).map(({ id, role, host, pid, heartbeatAgeMs }) => ({ id, role, host, pid, heartbeatAgeMs }));
        this.host.changed();
      } catch (err) {
        this.host.logger.warn('reading the process list failed', { error: errorMessage(err) });
      }
    };
    this.processesTimer = setInterval(() => void refresh(), PROCESSES_EVERY_MS);
    this.processesTimer.unref();
    // Without triggers (`amas mcp` without `amas up`) this process only serves: it never leads.
    if (triggers) {
      const where = this.host.storeLocation();
      if (where.kind !== 'postgres') return;
      const name = this.host.name();
      this.leadership = await Leadership.start({ url: where.url, key: name, logger: this.host.logger, onLead: () => this.lead(), onLose: (reason) => this.standBy(reason) });
      if (!this.leadership.leading) this.host.logger.info('standing by: another amas up leads this project', { project: name });
    }
    await refresh();
  }

  /** Stops leading (the schedule is saved: a standby may lead now) and gives the lock up. */
  async stop(): Promise<void> {
    this.leading = false;
    if (this.adoptTimer !== undefined) clearInterval(this.adoptTimer);
    if (this.processesTimer !== undefined) clearInterval(this.processesTimer);
    await this.leadership?.stop();
  }
}
