// The guide's health report: overall status, each metric's value/unit/status/time, the active
// alerts and counts. `amas health`, GET /health and `amas status` all show this one shape.
import type { Health } from '../core/index.ts';
import type { ActiveAlert } from './alerts.ts';
import type { Sample } from './collector.ts';
import type { WorkersHealth } from './workers.ts';
import { METRICS, METRIC_NAMES, type Level, type MetricName, type MetricUnit, type Threshold, type Thresholds } from './metrics.ts';

export interface MetricReport {
  value: number | null;
  unit: MetricUnit;
  status: Health;
  /** When the value was measured (epoch ms). */
  time: number;
  threshold: Threshold | null;
}

export interface HealthReport {
  status: Health;
  /** When the report was made (epoch ms). */
  time: number;
  project: string;
  /** Seconds since the runtime started. */
  uptime: number;
  metrics: Record<MetricName, MetricReport>;
  alerts: ActiveAlert[];
  counts: Record<string, number>;
  /** Whether the store accepts writes; `critical` while it is fenced after an I/O error. */
  store: StoreHealth;
  /** The queue workers (PostgreSQL store only, once they were read): a stale one is a warning. */
  workers?: WorkersHealth;
}

export type StoreHealth =
  | { status: 'healthy'; writable: true }
  | { status: 'critical'; writable: false; reason: string; since: number; retries: number };

export const HEALTH_EXIT: Record<Health, 0 | 1 | 2> = { healthy: 0, warning: 1, critical: 2 };

export function toHealth(level: Level): Health {
  return level === 'ok' ? 'healthy' : level;
}

export function worst(statuses: Iterable<Health>): Health {
  let out: Health = 'healthy';
  for (const s of statuses) {
    if (s === 'critical') return 'critical';
    if (s === 'warning') out = 'warning';
  }
  return out;
}

export function buildHealthReport(args: {
  sample: Sample;
  levels: (m: MetricName) => Level;
  thresholds: Thresholds;
  alerts: ActiveAlert[];
  counts: Record<string, number>;
  project: string;
  startedAt: number;
  now: number;
  /** The store's write fence, if it is up. */
  fence?: { reason: string; since: number; retries: number } | undefined;
  workers?: WorkersHealth | undefined;
}): HealthReport {
  const metrics = {} as Record<MetricName, MetricReport>;
  for (const name of METRIC_NAMES) {
    metrics[name] = {
      value: args.sample.values[name],
      unit: METRICS[name].unit,
      status: toHealth(args.levels(name)),
      time: args.sample.time,
      threshold: args.thresholds[name] ?? null,
    };
  }
  const store: StoreHealth = args.fence ? { status: 'critical', writable: false, ...args.fence } : { status: 'healthy', writable: true };
  return {
    status: worst([...Object.values(metrics).map((m) => m.status), store.status, ...(args.workers ? [args.workers.status] : [])]),
    time: args.now,
    project: args.project,
    uptime: Math.max(0, Math.round((args.now - args.startedAt) / 1000)),
    metrics,
    alerts: args.alerts,
    counts: args.counts,
    store,
    ...(args.workers ? { workers: args.workers } : {}),
  };
}
