// The queue workers of a PostgreSQL store, read once per collection (Monitor.tick): the snapshot,
// /metrics and health all answer from this copy, so a scrape or a health check never queries the
// store. A read that fails keeps the last list (the store's own trouble shows elsewhere).
import { workerSnapshot, type Clock, type Health, type WorkerSnapshot } from '../core/index.ts';
import type { StoreBackend } from '../store/index.ts';

export class WorkerWatch {
  private list: WorkerSnapshot[] | undefined;
  /** The read in flight: at most one at a time, however often collections come. */
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: StoreBackend,
    private readonly clock: Clock,
    private readonly onRead?: (workers: WorkerSnapshot[]) => void,
  ) {}

  /** Whether the store has a work queue at all (the embedded store has none). */
  get enabled(): boolean {
    return this.store.kind === 'postgres';
  }

  /** Starts one read of the `workers` table unless one is in flight. */
  refresh(): void {
    if (!this.enabled || this.reading) return;
    this.reading = this.store.workers
      .list()
      .then(
        (rows) => {
          const at = this.clock.now();
          this.list = rows.map((r) => workerSnapshot(r, at));
          this.onRead?.(this.list);
        },
        () => undefined,
      )
      .finally(() => {
        this.reading = undefined;
      });
  }

  /** The workers as last read; undefined before the first read or without a queue. */
  current(): WorkerSnapshot[] | undefined {
    return this.list;
  }

  /** Resolves once the read in flight (if any) has landed. */
  async idle(): Promise<void> {
    await this.reading;
  }
}

/** What health says about the workers (PostgreSQL store only). */
export interface WorkersHealth {
  status: Health;
  /** Workers whose heartbeat is recent. */
  live: number;
  /** Ids of the workers that missed their heartbeats. */
  stale: string[];
  /** Why the status is not healthy; null when it is. */
  message: string | null;
}

/**
 * A stale worker is a warning naming it. No worker at all is fine while the runtime executes
 * steps itself; when it does not (`work: false`), runs cannot progress: a warning too.
 */
export function workersHealth(workers: readonly WorkerSnapshot[], work: boolean): WorkersHealth {
  const stale = workers.filter((w) => w.stale);
  const live = workers.length - stale.length;
  const problems: string[] = [];
  if (stale.length > 0) {
    const named = stale.map((w) => `${w.id} (${w.host} pid ${w.pid}, last heartbeat ${Math.round(w.heartbeatAgeMs / 1000)} s ago)`);
    problems.push(`${stale.length === 1 ? 'worker' : 'workers'} not heartbeating: ${named.join(', ')}`);
  }
  if (live === 0 && !work) problems.push('no live workers, and this amas up executes no steps itself (--no-work): steps wait for a worker');
  return { status: problems.length > 0 ? 'warning' : 'healthy', live, stale: stale.map((w) => w.id), message: problems.length > 0 ? problems.join('; ') : null };
}
