// Which agent port a project's engine runs on: its own agents pool, or — on a PostgreSQL store
// with the work queue on — QueueAgents, which hands attempts to `amas worker` processes.
import type { Clock, Logger, Redactor } from '../core/index.ts';
import type { AgentPort } from '../engine/index.ts';
import { PgStore, type StoreBackend } from '../store/index.ts';
import type { PoolAgents } from './engine-ports.ts';
import { QueueAgents } from './queue-agents.ts';

export interface AgentPortOptions {
  redactor: Pick<Redactor, 'redactDeep'>;
  clock: Clock;
  /** Where a failure to stop a handed-off task is reported. */
  logger?: Logger;
  /** Hand attempts to workers when the store is PostgreSQL (default true). */
  queue?: boolean;
  /**
   * Run an attempt here when no worker is alive (default true: `amas run` alone must not wait
   * for ever). false for `amas up --no-work`: the operator said steps do not run here, so they
   * wait for a worker, and health warns that none is live.
   */
  runHereWithoutWorkers?: boolean;
}

/** The one place that chooses: openProject (project.ts) calls it. */
export function engineAgentPort(pool: PoolAgents, store: StoreBackend, opts: AgentPortOptions): AgentPort {
  if (store.kind === 'postgres' && store instanceof PgStore && opts.queue !== false) return new QueueAgents(pool, store, opts.redactor, opts.clock, opts.runHereWithoutWorkers !== false, opts.logger);
  return pool;
}
