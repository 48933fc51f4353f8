import { fromJsonColumn, toJsonColumn } from './json-column.ts';
import type { Param } from './sqlite.ts';
import type { StoreCore, Tx, WriteOptions } from './types.ts';

export interface EventRecord {
  id: string;
  type: string;
  priority: string;
  source: string | null;
  target: string | null;
  data: unknown;
  createdAt: number;
  expiresAt: number | null;
}

export interface EventRow {
  id: string;
  type: string;
  priority: string;
  source: string | null;
  target: string | null;
  data: string | null;
  created_at: number;
  expires_at: number | null;
}

export const eventOf = (r: EventRow): EventRecord => ({
  id: r.id,
  type: r.type,
  priority: r.priority,
  source: r.source,
  target: r.target,
  data: fromJsonColumn(r.data),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export class EventStore {
  constructor(private readonly core: StoreCore) {}

  putEvent(tx: Tx, e: EventRecord): void {
    tx.run('INSERT OR IGNORE INTO events (id, type, priority, source, target, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      e.id,
      e.type,
      e.priority,
      e.source,
      e.target,
      toJsonColumn(tx.mask(e.data)),
      e.createdAt,
      e.expiresAt,
    ]);
  }

  append(e: EventRecord, opts?: WriteOptions): Promise<void> {
    return this.core.transaction((tx) => this.putEvent(tx, e), opts);
  }

  /** Newest first. */
  list(q: { type?: string; since?: number; limit?: number } = {}): EventRecord[] {
    const where: string[] = [];
    const params: Param[] = [];
    if (q.type !== undefined) {
      where.push('type = ?');
      params.push(q.type);
    }
    if (q.since !== undefined) {
      where.push('created_at >= ?');
      params.push(q.since);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rid DESC LIMIT ?`;
    return this.core.read((db) => db.all<EventRow>(sql, [...params, q.limit ?? 1000])).map(eventOf);
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => tx.run('DELETE FROM events WHERE created_at < ?', [before]), opts);
  }
}
