// Which `amas up` leads a project on a PostgreSQL store: the one holding the leader lock
// (src/store/pg/leader.ts), keyed by the project's name (amas.yaml `name`, else the directory's
// basename), so every `amas up` of one project competes and another project's does not. The
// leader runs the cron scheduler, event and file triggers, and adopts runs whose driver is gone;
// a standby retries every second and takes over when the leader's connection ends.
import { errorMessage, type Logger } from '../core/index.ts';
import { PgLeaderLock } from '../store/index.ts';

export interface LeadershipOptions {
  url: string;
  key: string;
  logger: Logger;
  /** Became leader: start leading (awaited before a later `onLose`). */
  onLead(): Promise<void>;
  /** Lost the lock (its connection failed): stop leading. */
  onLose(reason: string): Promise<void>;
}

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
