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
   * Execute steps in this process (default true). `amas up --no-work` sets false: with a
   * PostgreSQL store this process only leads, schedules and serves, and `amas worker` processes
   * execute the steps (health then warns when no worker is live); with the embedded store it is a
   * usage error.
   */
  work?: boolean;
  /** Metrics, alerts and the HTTP API (src/monitor); `http` overrides amas.yaml `http.listen`. */
  monitoring?: Omit<MonitoringOptions, 'env'>;
}
