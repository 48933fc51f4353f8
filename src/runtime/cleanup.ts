// Housekeeping of a running project: what `runtime.cleanup_interval` and `store.retention` promise.
import { errorMessage, parseDuration, type Clock, type Logger, type ProjectSpec, type TimerHandle } from '../core/index.ts';
import type { StoreBackend } from '../store/index.ts';

/** Node's timers hold at most 2^31 - 1 ms; a longer interval would fire at once, again and again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CleanupReport {
  knowledge: number;
  /** task_execution / workflow_execution entries older than `store.bookkeeping_retention`. */
  bookkeeping: number;
  runs: number;
  events: number;
}

/**
 * Every `runtime.cleanup_interval` (default 1h): deletes knowledge past its expiry, the engine's
 * own bookkeeping entries older than `store.bookkeeping_retention` (default 30d), and finished
 * runs (with their steps) and stored events older than `store.retention` (default 30d). Unfinished
 * runs are never touched, however old. Writes ride along with the next group commit.
 */
export class Cleanup {
  private timer: TimerHandle | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: StoreBackend,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: () => ProjectSpec,
  ) {}

  start(): void {
    this.clear();
    const interval = parseDuration(this.settings().runtime?.cleanup_interval ?? '1h');
    this.timer = this.clock.setTimeout(() => {
      this.running = this.run().finally(() => this.timer !== undefined && this.start());
    }, Math.min(Math.max(interval, 1000), MAX_TIMER_MS));
  }

  async stop(): Promise<void> {
    this.clear();
    await this.idle();
  }

  /** Resolves once the cleanup in progress, if any, has finished (the next one is then armed). */
  async idle(): Promise<void> {
    await this.running.catch(() => undefined);
  }

  private clear(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  async run(): Promise<CleanupReport> {
    const now = this.clock.now();
    const before = now - parseDuration(this.settings().store?.retention ?? '30d');
    const bookkeepingBefore = now - parseDuration(this.settings().store?.bookkeeping_retention ?? '30d');
    const report: CleanupReport = { knowledge: 0, bookkeeping: 0, runs: 0, events: 0 };
    try {
      report.knowledge = await this.store.knowledge.prune({ durable: false });
      report.bookkeeping = await this.store.knowledge.pruneBookkeeping(bookkeepingBefore, { durable: false });
      report.runs = await this.store.runs.prune(before, { durable: false });
      report.events = await this.store.events.prune(before, { durable: false });
      if (report.knowledge + report.bookkeeping + report.runs + report.events > 0) this.logger.info('old history pruned', { ...report, before: new Date(before).toISOString() });
    } catch (err) {
      this.logger.warn('history cleanup failed', { error: errorMessage(err) });
    }
    return report;
  }
}
