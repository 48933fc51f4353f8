// Which `amas up` leads: the one holding a session advisory lock, keyed by the project, on a
// connection of its own. PostgreSQL releases the lock when that connection ends — the process
// died, or its network did — so a standby trying every `retryMs` takes over within about that.
// The leader checks its connection as often: a leader that lost it stops leading (`onLost`)
// before a standby can have started, give or take one period.
import type pg from 'pg';
import { loadPg } from './pool.ts';
import { connectionOf, parsePgUrl } from './url.ts';

export interface LeaderLockOptions {
  url: string;
  /** What the lock is for: processes with the same key compete (the project's name or path). */
  key: string;
  /** How often a standby tries and a leader checks its connection (default 1 s). */
  retryMs?: number;
  onLeader(): void;
  /** The connection holding the lock ended: this process no longer leads (it is a standby again). */
  onLost(reason: string): void;
}

export class PgLeaderLock {
  private client: pg.Client | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private leading = false;

  private constructor(private readonly opts: LeaderLockOptions) {}

  /** Starts competing; resolves after the first try (`isLeader` tells its outcome). */
  static async start(opts: LeaderLockOptions): Promise<PgLeaderLock> {
    const l = new PgLeaderLock(opts);
    await l.tick();
    return l;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.opts.retryMs ?? 1000);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const t = parsePgUrl(this.opts.url);
    const lib = await loadPg();
    const c = new lib.Client({
      ...connectionOf(t),
      application_name: 'amas leader',
      connectionTimeoutMillis: 5000,
      // The lock must outlive idle periods: no statement or idle timeout on this connection.
    });
    c.on('error', () => this.drop('the connection holding the leader lock failed'));
    c.on('end', () => this.drop('the connection holding the leader lock ended'));
    await c.connect();
    this.client = c;
    return c;
  }

  private drop(reason: string): void {
    const c = this.client;
    this.client = undefined;
    c?.end().catch(() => undefined);
    if (this.leading) {
      this.leading = false;
      if (!this.stopped) this.opts.onLost(reason);
    }
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    try {
      const c = await this.connection();
      if (this.leading) {
        await c.query('SELECT 1');
      } else {
        const r = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended('amas-leader:' || $1, 0)) AS ok", [this.opts.key]);
        if (r.rows[0]?.ok === true && !this.stopped) {
          this.leading = true;
          this.opts.onLeader();
        }
      }
    } catch {
      this.drop('the connection holding the leader lock failed');
    }
    this.schedule();
  }

  /** Gives the lock up (closing its connection) and stops competing. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    this.leading = false;
    await c?.end().catch(() => undefined);
  }
}
