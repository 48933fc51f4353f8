// The processes that drive runs on a PostgreSQL store (amas up as leader or standby, amas run), and
// which runs each drives (runs.driver, migration 7). A driver heartbeats; the leader adopts the
// unfinished runs of a driver whose heartbeat stopped, or of none (handed over at a clean stop).
// Adoption is a conditional UPDATE on the driver it saw, so of two adopters only one wins a run.
import type { PgCore } from './core.ts';

export type DriverRole = 'leader' | 'standby' | 'run';

export interface DriverProcess {
  id: string;
  role: DriverRole;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
  heartbeatAgeMs: number;
}

/** A run to adopt: unfinished, top-level, and its driver gone (null: handed over). */
export interface OrphanRun {
  runId: string;
  driver: string | null;
}

const UNFINISHED = "status IN ('pending', 'running')";
/** What a driver may hand over or lose with its process: its unfinished runs and the runs its overlap gates queued. */
const ADOPTABLE = "status IN ('pending', 'running', 'queued')";

export class PgDrivers {
  constructor(private readonly core: PgCore) {}

  /** Registers (or re-registers) a process; from now on runs this store creates are driven by `id`. */
  async register(p: { id: string; role: DriverRole; host: string; pid: number }): Promise<void> {
    const now = this.core.clock.now();
    await this.core.write((tx) =>
      tx.run(
        `INSERT INTO processes (id, role, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, heartbeat_at = excluded.heartbeat_at`,
        [p.id, p.role, p.host, p.pid, now],
      ),
    );
    this.core.driver = p.id;
  }

  /** The heartbeat (and the role, which changes when a standby takes over). False when the row was removed. */
  async heartbeat(id: string, role: DriverRole): Promise<boolean> {
    const n = await this.core.write((tx) => tx.run('UPDATE processes SET heartbeat_at = $2, role = $3 WHERE id = $1', [id, this.core.clock.now(), role]), { durable: false });
    return n > 0;
  }

  /**
   * A clean stop: this process's unfinished runs (suspended by its engine) and the runs its gates
   * queued lose their driver, so the leader adopts them at once instead of after the heartbeat
   * timeout; its row goes.
   */
  async unregister(id: string): Promise<number> {
    const n = await this.core.write(async (tx) => {
      const released = await tx.run(`UPDATE runs SET driver = NULL WHERE driver = $1 AND ${ADOPTABLE}`, [id]);
      await tx.run('DELETE FROM processes WHERE id = $1', [id]);
      return released;
    });
    if (this.core.driver === id) this.core.driver = undefined;
    return n;
  }

  /** Every registered process, oldest first. */
  async list(): Promise<DriverProcess[]> {
    const now = this.core.clock.now();
    const rows = await this.core.rows<{ id: string; role: DriverRole; host: string; pid: number; started_at: number; heartbeat_at: number }>(
      'SELECT id, role, host, pid, started_at, heartbeat_at FROM processes ORDER BY started_at, id',
    );
    return rows.map((r) => ({ id: r.id, role: r.role, host: r.host, pid: r.pid, startedAt: r.started_at, heartbeatAt: r.heartbeat_at, heartbeatAgeMs: Math.max(0, now - r.heartbeat_at) }));
  }

  /** Whether `id` heartbeat within `staleMs`. */
  async alive(id: string, staleMs: number): Promise<boolean> {
    const [r] = await this.core.rows<{ n: number }>('SELECT count(*)::int AS n FROM processes WHERE id = $1 AND heartbeat_at >= $2', [id, this.core.clock.now() - staleMs]);
    return (r?.n ?? 0) > 0;
  }

  /** The driver of a run (null: none), undefined when there is no such run. */
  async driverOf(runId: string): Promise<string | null | undefined> {
    const [r] = await this.core.rows<{ driver: string | null }>('SELECT driver FROM runs WHERE id = $1', [runId]);
    return r === undefined ? undefined : r.driver;
  }

  /**
   * Unfinished top-level runs (children resume through their parent) whose driver has not
   * heartbeat within `staleMs` or is none, except `self`'s own. Oldest first. With `queued`, the
   * runs an overlap gate of such a driver had queued instead (journaled, never started).
   */
  async orphans(staleMs: number, self: string, which: 'unfinished' | 'queued' = 'unfinished'): Promise<OrphanRun[]> {
    const rows = await this.core.rows<{ id: string; driver: string | null }>(
      `SELECT r.id, r.driver FROM runs r
       WHERE r.${which === 'queued' ? "status = 'queued'" : UNFINISHED} AND r.parent_run_id IS NULL AND r.driver IS DISTINCT FROM $1
         AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.id = r.driver AND p.heartbeat_at >= $2)
       ORDER BY r.seq`,
      [self, this.core.clock.now() - staleMs],
    );
    return rows.map((r) => ({ runId: r.id, driver: r.driver }));
  }

  /** Takes a run over from the driver seen (`from`); false when another process took it first or it ended. */
  async adopt(runId: string, from: string | null, to: string): Promise<boolean> {
    const n = await this.core.write((tx) => tx.run(`UPDATE runs SET driver = $3 WHERE id = $1 AND driver IS NOT DISTINCT FROM $2 AND ${ADOPTABLE}`, [runId, from, to]));
    return n === 1;
  }

  /** Drops process rows whose heartbeat is older than `olderThanMs` and which drive no unfinished run. */
  async prune(olderThanMs: number): Promise<number> {
    return this.core.write((tx) =>
      tx.run(`DELETE FROM processes p WHERE p.heartbeat_at < $1 AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.driver = p.id AND r.${UNFINISHED})`, [this.core.clock.now() - olderThanMs]),
    );
  }
}
