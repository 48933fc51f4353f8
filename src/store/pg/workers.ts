// The `workers` table (migration 6) read for status, metrics and health. Workers write it
// themselves (worker.ts: register, heartbeat, removal on stop or when found dead).
import type { WorkerInfo, WorkerRepository } from '../backend.ts';
import type { PgCore } from './core.ts';

interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  started_at: number;
  heartbeat_at: number;
  in_flight: number;
  completed: number;
  failed: number;
}

export class PgWorkers implements WorkerRepository {
  constructor(private readonly core: PgCore) {}

  async list(): Promise<WorkerInfo[]> {
    const rows = await this.core.rows<WorkerRow>('SELECT id, host, pid, concurrency, started_at, heartbeat_at, in_flight, completed, failed FROM workers ORDER BY started_at, id');
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      pid: r.pid,
      concurrency: r.concurrency,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      inFlight: r.in_flight,
      completed: r.completed,
      failed: r.failed,
    }));
  }
}
