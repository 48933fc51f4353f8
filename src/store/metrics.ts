import type { StoreCore, WriteOptions } from './types.ts';

export interface MetricSample {
  name: string;
  value: number;
  /** Default: the store clock's now. */
  ts?: number;
  labels?: Record<string, string>;
}

export class MetricStore {
  constructor(private readonly core: StoreCore) {}

  record(samples: MetricSample | MetricSample[], opts?: WriteOptions): Promise<void> {
    const list = Array.isArray(samples) ? samples : [samples];
    return this.core.transaction((tx) => {
      for (const s of list) {
        tx.run('INSERT INTO metrics (name, ts, value, labels) VALUES (?, ?, ?, ?)', [s.name, s.ts ?? tx.now, s.value, JSON.stringify(s.labels ?? {})]);
      }
    }, opts);
  }

  /** Samples of one metric in [since, until], oldest first. */
  query(name: string, q: { since?: number; until?: number } = {}): Required<MetricSample>[] {
    return this.core
      .read((db) =>
        db.all<{ name: string; ts: number; value: number; labels: string }>('SELECT * FROM metrics WHERE name = ? AND ts >= ? AND ts <= ? ORDER BY ts, rowid', [
          name,
          q.since ?? 0,
          q.until ?? Number.MAX_SAFE_INTEGER,
        ]),
      )
      .map((r) => ({ name: r.name, ts: r.ts, value: r.value, labels: JSON.parse(r.labels) as Record<string, string> }));
  }

  prune(before: number, opts?: WriteOptions): Promise<number> {
    return this.core.transaction((tx) => tx.run('DELETE FROM metrics WHERE ts < ?', [before]), opts);
  }
}
