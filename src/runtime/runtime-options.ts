// How `amas up` (and embedders of the long-running runtime) configure a Runtime.
import type { Clock, Logger } from '../core/index.ts';
import type { MonitoringOptions } from './monitoring.ts';

export interface RuntimeOptions {
  /** Database path (default from amas.yaml) or ':memory:'. */
  store?: string;
  clock?: Clock;
  logger?: Logger;
  env?: Record<string, string | undefined>;
  /** Serve the control socket (default true). */
  control?: boolean;
  /** Watch spec files and hot-reload (default true). */
  watch?: boolean;
  /** Debounce of the spec watcher in ms. */
  reloadDebounceMs?: number;
  /**
   * Cron, event and file triggers, and resuming unfinished or queued runs at start (default
   * true). `amas mcp` without `amas up` turns them off: runs start by hand only.
   */
  triggers?: boolean;
  /**
   * Execute steps in this process (default true). With a PostgreSQL store, false leaves steps to
   * `amas worker` processes (`amas up --no-work`); health then warns when no worker is live.
   */
  work?: boolean;
  /** Metrics, alerts and the HTTP API (src/monitor); `http` overrides amas.yaml `http.listen`. */
  monitoring?: Omit<MonitoringOptions, 'env'>;
}
