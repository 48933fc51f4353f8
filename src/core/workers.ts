// Queue workers as every view shows them (status, TUI, /metrics, health): the store's row plus
// how old its heartbeat was when the row was read, and whether that is too old to trust.
import type { WorkerSnapshot } from './snapshot.ts';

/** How often a queue worker heartbeats (src/store/pg/worker.ts `heartbeatMs` default). */
export const WORKER_HEARTBEAT_MS = 2_000;

/**
 * A worker that missed three heartbeats is shown stale: probably gone or cut off. Its jobs are
 * released later (15 s of silence, src/store/pg/worker.ts `staleMs`), so a stale worker is a
 * warning before its tasks move.
 */
export const WORKER_STALE_MS = 3 * WORKER_HEARTBEAT_MS;

/** A queue worker (`amas worker`, or the worker inside `amas up` on PostgreSQL) as it last heartbeated: the store's `WorkerInfo`. */
export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  /** Tasks it runs at once. */
  concurrency: number;
  startedAt: number;
  /** Its last heartbeat, on its own host's clock (hosts are expected to keep time with NTP). */
  heartbeatAt: number;
  /** Counters as of that heartbeat. */
  inFlight: number;
  completed: number;
  failed: number;
}

/**
 * A worker as read at `readAt`. The heartbeat time is the worker host's clock, the read time this
 * host's: a negative age (clocks apart) counts as 0.
 */
export function workerSnapshot(w: WorkerRow, readAt: number): WorkerSnapshot {
  const heartbeatAgeMs = Math.max(0, readAt - w.heartbeatAt);
  return {
    id: w.id,
    host: w.host,
    pid: w.pid,
    concurrency: w.concurrency,
    inFlight: w.inFlight,
    completed: w.completed,
    failed: w.failed,
    startedAt: w.startedAt,
    heartbeatAt: w.heartbeatAt,
    readAt,
    heartbeatAgeMs,
    stale: heartbeatAgeMs > WORKER_STALE_MS,
  };
}
