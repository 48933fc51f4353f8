// Prometheus exposition: one registry per runtime (several runtimes may share a process in
// tests or when amas is embedded). Gauges mirror the monitor's last sample; counters and
// histograms are fed as tasks, steps and runs finish.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Health, WorkerSnapshot } from '../core/index.ts';
import type { Observations, Sample } from './collector.ts';
import { METRICS, METRIC_NAMES, type MetricName } from './metrics.ts';

const HEALTH_VALUE: Record<Health, number> = { healthy: 0, warning: 1, critical: 2 };

export class PromExporter implements Observations {
  readonly registry = new Registry();
  private readonly gauges = new Map<MetricName, Gauge>();
  private readonly health: Gauge;
  private readonly metricStatus: Gauge<'metric'>;
  private readonly alertsActive: Gauge;
  private readonly alertsTotal: Counter<'metric' | 'level'>;
  private readonly runs: Counter<'workflow' | 'status'>;
  private readonly runSeconds: Histogram<'workflow'>;
  private readonly steps: Counter<'status'>;
  private readonly tasks: Counter<'agent' | 'outcome'>;
  private readonly taskSeconds: Histogram<'agent'>;
  private readonly knowledge: Gauge;

  constructor(opts: {
    eventsPublished: () => number;
    knowledgeEntries: () => Promise<number>;
    /** The queue workers as last read (PostgreSQL store); absent: no worker metrics at all. */
    workers?: () => readonly WorkerSnapshot[] | undefined;
    defaultMetrics?: boolean;
  }) {
    const registers = [this.registry];
    for (const name of METRIC_NAMES) {
      const def = METRICS[name];
      this.gauges.set(name, new Gauge({ name: def.prom, help: `${def.help} (NaN: no data in the window)`, registers }));
    }
    this.health = new Gauge({ name: 'amas_health_status', help: 'Overall health: 0 healthy, 1 warning, 2 critical', registers });
    this.metricStatus = new Gauge({ name: 'amas_metric_status', help: 'Per-metric status: 0 healthy, 1 warning, 2 critical', labelNames: ['metric'], registers });
    this.alertsActive = new Gauge({ name: 'amas_alerts_active', help: 'Alerts currently active', registers });
    this.alertsTotal = new Counter({ name: 'amas_alerts_total', help: 'Alerts raised (level changes included)', labelNames: ['metric', 'level'], registers });
    this.runs = new Counter({ name: 'amas_runs_total', help: 'Workflow runs finished, by status', labelNames: ['workflow', 'status'], registers });
    this.runSeconds = new Histogram({
      name: 'amas_run_duration_seconds', help: 'Workflow run duration', labelNames: ['workflow'], registers,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    });
    this.steps = new Counter({ name: 'amas_steps_total', help: 'Steps finished, by status', labelNames: ['status'], registers });
    this.tasks = new Counter({ name: 'amas_tasks_total', help: 'Agent tasks finished, by outcome', labelNames: ['agent', 'outcome'], registers });
    this.taskSeconds = new Histogram({
      name: 'amas_task_duration_seconds', help: 'Agent task duration', labelNames: ['agent'], registers,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 15, 60, 300],
    });
    let seen = opts.eventsPublished();
    new Counter({
      name: 'amas_events_published_total', help: 'Events published on the bus', registers,
      collect() {
        const now = opts.eventsPublished();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
    this.knowledge = new Gauge({
      name: 'amas_knowledge_entries', help: 'Live knowledge entries', registers,
      // prom-client awaits an async collect before it renders the exposition.
      async collect() {
        this.set(await opts.knowledgeEntries());
      },
    });
    void this.knowledge;
    if (opts.workers) workerMetrics(registers, opts.workers);
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  sample(s: Sample, status: (m: MetricName) => Health, overall: Health, alertsActive: number): void {
    for (const name of METRIC_NAMES) {
      const v = s.values[name];
      this.gauges.get(name)?.set(v === null ? Number.NaN : v);
      this.metricStatus.set({ metric: name }, HEALTH_VALUE[status(name)]);
    }
    this.health.set(HEALTH_VALUE[overall]);
    this.alertsActive.set(alertsActive);
  }

  alertRaised(metric: MetricName, level: string): void {
    this.alertsTotal.inc({ metric, level });
  }

  task(agentId: string, ok: boolean, durationMs: number): void {
    this.tasks.inc({ agent: agentId, outcome: ok ? 'completed' : 'failed' });
    this.taskSeconds.observe({ agent: agentId }, durationMs / 1000);
  }

  run(workflowId: string, status: string, durationMs: number): void {
    this.runs.inc({ workflow: workflowId, status });
    this.runSeconds.observe({ workflow: workflowId }, durationMs / 1000);
  }

  step(status: string): void {
    this.steps.inc({ status });
  }
}

/**
 * Per-worker series from the monitor's last read of the `workers` table (no query per scrape).
 * Each scrape rebuilds them, so a worker that is gone from the table is gone from the exposition.
 * The counters are the worker's own totals since it started; its id changes with every start, so
 * each series only grows.
 */
function workerMetrics(registers: Registry[], workers: () => readonly WorkerSnapshot[] | undefined): void {
  const each = (fn: (w: WorkerSnapshot) => void) => {
    for (const w of workers() ?? []) fn(w);
  };
  new Gauge({
    name: 'amas_worker_tasks_in_flight', help: 'Tasks a queue worker is running, as of its last heartbeat', labelNames: ['worker'], registers,
    collect() {
      this.reset();
      each((w) => this.set({ worker: w.id }, w.inFlight));
    },
  });
  new Counter({
    name: 'amas_worker_tasks_completed_total', help: 'Tasks a queue worker completed since it started', labelNames: ['worker'], registers,
    collect() {
      this.reset();
      each((w) => this.inc({ worker: w.id }, w.completed));
    },
  });
  new Counter({
    name: 'amas_worker_tasks_failed_total', help: 'Tasks a queue worker finished with an error since it started', labelNames: ['worker'], registers,
    collect() {
      this.reset();
      each((w) => this.inc({ worker: w.id }, w.failed));
    },
  });
  new Gauge({
    name: 'amas_worker_heartbeat_age_seconds', help: 'Age of a queue worker\'s last heartbeat when the monitor last read it', labelNames: ['worker'], registers,
    collect() {
      this.reset();
      each((w) => this.set({ worker: w.id }, w.heartbeatAgeMs / 1000));
    },
  });
}
