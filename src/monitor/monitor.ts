import { errorMessage, parseDuration, type Clock, type Health, type Logger, type ProjectSpec, type TimerHandle, type WorkerSnapshot } from '../core/index.ts';
import { AlertState, type AlertNotice } from './alerts.ts';
import { Collector, type MonitorSources, type Sample } from './collector.ts';
import { buildHealthReport, toHealth, worst, type HealthReport } from './health.ts';
import { METRICS, METRIC_NAMES, levelOf, resolveThresholds, type MetricName, type Thresholds } from './metrics.ts';
import { PromExporter } from './prometheus.ts';
import type { AlertSink } from './sinks.ts';
import { processProbe, type SystemProbe } from './system.ts';
import { WorkerWatch, workersHealth } from './workers.ts';

export interface MonitorOptions {
  sources: MonitorSources;
  clock: Clock;
  logger: Logger;
  /** Project name, carried in alerts. */
  project: string;
  /** amas.yaml `monitoring` (interval, retention, thresholds; sinks are built by the caller). */
  spec?: ProjectSpec['monitoring'];
  sinks?: AlertSink[];
  probe?: SystemProbe;
  /** Span the rates and averages cover (default 5 min, at least one interval). */
  windowMs?: number;
  /** Each alert and recovery (the runtime shows them in the snapshot and the TUI). */
  onAlert?(notice: AlertNotice): void;
  /** Counts for the health report (agents, runs, knowledge…). */
  counts?(): Record<string, number> | Promise<Record<string, number>>;
  /** Node process metrics in /metrics (default true). */
  defaultMetrics?: boolean;
  /**
   * Whether this runtime executes steps itself (default true; false: `amas up --no-work`). With a
   * PostgreSQL store and no live worker, false makes health a warning.
   */
  work?: boolean;
  /** Each read of the queue workers (PostgreSQL store), once per interval: the snapshot shows them. */
  onWorkers?(workers: WorkerSnapshot[]): void;
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Metrics measured over the span since the previous sample. The first sample's span is the
 * start-up itself (loading the project, compiling sql.js, replaying the journal), which says
 * nothing about the running system, so it cannot raise an alert: the metric settles first.
 */
const SETTLING: ReadonlySet<MetricName> = new Set(['cpu_usage']);

/**
 * Collects the metrics every `interval`, keeps their history in the store for `retention`,
 * raises and clears alerts on threshold crossings, and answers health and Prometheus requests.
 */
export class Monitor {
  readonly intervalMs: number;
  readonly retentionMs: number;
  readonly thresholds: Thresholds;
  readonly prom: PromExporter;
  private readonly collector: Collector;
  private readonly workerWatch: WorkerWatch;
  private readonly alerts: AlertState;
  private readonly startedAt: number;
  private last: Sample | undefined;
  private samples = 0;
  private timer: TimerHandle | undefined;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private closed = false;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: MonitorOptions) {
    this.intervalMs = parseDuration(opts.spec?.interval ?? '30s');
    this.retentionMs = parseDuration(opts.spec?.retention ?? '24h');
    this.thresholds = resolveThresholds(opts.spec);
    this.alerts = new AlertState(opts.project);
    this.startedAt = opts.clock.now();
    const { bus, store } = opts.sources;
    this.workerWatch = new WorkerWatch(store, opts.clock, (list) => opts.onWorkers?.(list));
    this.prom = new PromExporter({
      eventsPublished: () => bus.stats().published,
      knowledgeEntries: () => store.knowledge.count().catch(() => 0),
      ...(this.workerWatch.enabled ? { workers: () => this.workerWatch.current() } : {}),
      ...(opts.defaultMetrics === undefined ? {} : { defaultMetrics: opts.defaultMetrics }),
    });
    const windowMs = Math.max(opts.windowMs ?? 300_000, this.intervalMs);
    this.collector = new Collector(opts.sources, opts.clock, opts.probe ?? processProbe(), windowMs, this.prom);
  }

  /** Takes a first sample now, then one every interval. */
  start(): void {
    this.tick();
  }

  /** One collection: sample, alerts on level changes, history. Returns the sample. */
  tick(): Sample {
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const sample = this.collector.collect();
    this.workerWatch.refresh();
    this.last = sample;
    this.samples++;
    for (const name of METRIC_NAMES) this.evaluate(name, sample);
    const status = (m: MetricName): Health => toHealth(this.alerts.levelOf(m));
    this.prom.sample(sample, status, this.overall(), this.alerts.list().length);
    this.record(sample);
    if (!this.closed) this.timer = this.opts.clock.setTimeout(() => this.tick(), this.intervalMs);
    return sample;
  }

  private evaluate(name: MetricName, sample: Sample): void {
    const t = this.thresholds[name];
    if (!t) return;
    if (this.samples <= 1 && SETTLING.has(name)) return;
    const value = sample.values[name];
    const notice = this.alerts.update(name, levelOf(value, t), value, METRICS[name].unit, t, sample.time);
    if (notice) this.notify(notice);
  }

  private notify(n: AlertNotice): void {
    const { logger, sources } = this.opts;
    const fields = { alert: n.id, metric: n.metric, level: n.level, previous: n.previous, value: n.value, unit: n.unit };
    if (n.kind === 'recovery') logger.info(`alert resolved: ${n.message}`, fields);
    else if (n.level === 'critical') logger.error(`alert: ${n.message}`, fields);
    else logger.warn(`alert: ${n.message}`, fields);
    if (n.kind === 'alert') this.prom.alertRaised(n.metric, n.level);
    try {
      sources.bus.publish({
        type: 'system_status',
        priority: n.kind === 'alert' ? 'high' : 'normal',
        source: 'monitor',
        data: { ...n, kind: n.kind === 'alert' ? 'alert' : 'alert_resolved' },
      });
    } catch (err) {
      logger.warn('alert event could not be published', { error: errorMessage(err) });
    }
    try {
      this.opts.onAlert?.(n);
    } catch (err) {
      logger.warn('alert listener failed', { error: errorMessage(err) });
    }
    for (const s of this.opts.sinks ?? []) s.send(n);
  }

  private record(sample: Sample): void {
    const { store } = this.opts.sources;
    if (store.readOnly || this.closed) return;
    const rows = METRIC_NAMES.flatMap((name) => {
      const value = sample.values[name];
      return value === null ? [] : [{ name, value, ts: sample.time }];
    });
    const prune = sample.time - this.lastPrune >= PRUNE_EVERY_MS;
    if (prune) this.lastPrune = sample.time;
    // History is not worth an fsync per sample: it rides along with the next group commit.
    this.writes = this.writes
      .then(async () => {
        await store.metrics.record(rows, { durable: false });
        if (prune) await store.metrics.prune(sample.time - this.retentionMs, { durable: false });
      })
      .catch((err: unknown) => this.opts.logger.warn('metric history not written', { error: errorMessage(err) }));
  }

  private overall(): Health {
    return worst(this.alerts.list().map((a) => a.level));
  }

  /** The overall health now, as `health().status` says it, without taking a sample. */
  status(): Health {
    return worst([this.overall(), this.workersHealth()?.status ?? 'healthy']);
  }

  /** The last sample (taking one if none was taken yet). */
  latest(): Sample {
    return this.last ?? this.tick();
  }

  async health(): Promise<HealthReport> {
    const sample = this.latest();
    let counts: Record<string, number> = {};
    try {
      counts = (await this.opts.counts?.()) ?? {};
    } catch {
      // Counts are informative: a store that cannot answer leaves them out.
    }
    return buildHealthReport({
      sample,
      levels: (m) => this.alerts.levelOf(m),
      thresholds: this.thresholds,
      alerts: this.alerts.list(),
      counts,
      project: this.opts.project,
      startedAt: this.startedAt,
      now: this.opts.clock.now(),
      fence: this.opts.sources.store.fence,
      workers: this.workersHealth(),
    });
  }

  /** The queue workers as last read (PostgreSQL store); undefined before the first read or without a queue. */
  workers(): WorkerSnapshot[] | undefined {
    return this.workerWatch.current();
  }

  private workersHealth(): ReturnType<typeof workersHealth> | undefined {
    const list = this.workerWatch.current();
    return list === undefined ? undefined : workersHealth(list, this.opts.work !== false);
  }

  /** Prometheus text exposition. */
  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.prom.contentType, body: await this.prom.metrics() };
  }

  /** Stored history of one metric, oldest first. */
  async history(name: MetricName, since?: number): Promise<{ ts: number; value: number }[]> {
    return (await this.opts.sources.store.metrics.query(name, since === undefined ? {} : { since })).map(({ ts, value }) => ({ ts, value }));
  }

  addTokens(n: number): void {
    this.collector.addTokens(n);
  }

  /** Resolves once every notice so far reached its sinks (or was given up on). */
  async flush(): Promise<void> {
    await this.collector.idle();
    await this.workerWatch.idle();
    await this.writes;
    await Promise.all((this.opts.sinks ?? []).map((s) => s.idle()));
  }

  /** Stops collecting; pending alert deliveries get `graceMs` to finish. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.collector.close();
    await this.collector.idle();
    await this.workerWatch.idle();
    await this.writes;
    const sinks = this.opts.sinks ?? [];
    await Promise.race([Promise.all(sinks.map((s) => s.idle())), new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const s of sinks) s.close();
  }
}
