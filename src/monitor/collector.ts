// Turns what the runtime observes (bus events, engine run results, the agent pool, the store)
// into one sample of every metric. Task and run outcomes are summed per collection interval
// into buckets; the rates and averages cover the buckets of the last `windowMs`, so a burst of
// failures raises the failure rate for one window and then ages out (and the alert clears).
import type { AgentPool } from '../agents/index.ts';
import type { BusEvent, EventBus } from '../bus/index.ts';
import type { Clock } from '../core/index.ts';
import type { EngineEvent } from '../engine/index.ts';
import type { StoreBackend } from '../store/index.ts';
import type { MetricName } from './metrics.ts';
import type { SystemProbe } from './system.ts';

export interface MonitorSources {
  pool: AgentPool;
  bus: EventBus;
  store: StoreBackend;
  /** Engine run/step transitions (project.onEvent). */
  onEngineEvent(listener: (e: EngineEvent) => void): () => void;
  /** Runs in progress now. */
  activeRuns(): number;
  /** A folder on the file system whose fullness `disk_usage` reports (the store's). */
  dataDir: string;
}

export type MetricValues = Record<MetricName, number | null>;

export interface Sample {
  time: number;
  values: MetricValues;
}

interface Bucket {
  at: number;
  tasksOk: number;
  tasksFailed: number;
  taskMs: number;
  runsOk: number;
  runsFinished: number;
  runMs: number;
  events: number;
  tokens: number;
}

const emptyBucket = (at: number): Bucket => ({ at, tasksOk: 0, tasksFailed: 0, taskMs: 0, runsOk: 0, runsFinished: 0, runMs: 0, events: 0, tokens: 0 });

/** What one finished task or run looked like: Prometheus counters and histograms listen here. */
export interface Observations {
  task(agentId: string, ok: boolean, durationMs: number): void;
  run(workflowId: string, status: string, durationMs: number): void;
  step(status: string): void;
}

export class Collector {
  private current: Bucket;
  private buckets: Bucket[] = [];
  private lastPublished: number;
  private readonly startedAt: number;
  private readonly offs: (() => void)[] = [];
  /** Knowledge entries created since the start of the window, as counted by the last store read. */
  private knowledgeCreated = 0;
  /** The store read in flight: at most one at a time, however often samples are taken. */
  private counting: Promise<void> | undefined;

  constructor(
    private readonly src: MonitorSources,
    private readonly clock: Clock,
    private readonly probe: SystemProbe,
    private readonly windowMs: number,
    private readonly observe?: Observations,
  ) {
    this.startedAt = clock.now();
    this.current = emptyBucket(this.startedAt);
    this.lastPublished = src.bus.stats().published;
    this.offs.push(src.bus.subscribeAll((e) => this.onBus(e), { includeTargeted: true }));
    this.offs.push(src.onEngineEvent((e) => this.onEngine(e)));
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /** LLM tokens reported by executors. */
  addTokens(n: number): void {
    if (Number.isFinite(n) && n > 0) this.current.tokens += n;
  }

  private onBus(e: BusEvent): void {
    // Agents announce each task's end with its duration (agents/agent.ts); the engine's own
    // run-level events carry run_id instead and are counted from engine events.
    if (e.type !== 'task_complete' && e.type !== 'error_occurred') return;
    const d = e.data as { agentId?: unknown; durationMs?: unknown; cancelled?: unknown } | null;
    if (!d || typeof d.agentId !== 'string' || typeof d.durationMs !== 'number') return;
    if (d.cancelled === true) return;
    const ok = e.type === 'task_complete';
    if (ok) this.current.tasksOk++;
    else this.current.tasksFailed++;
    this.current.taskMs += d.durationMs;
    this.observe?.task(d.agentId, ok, d.durationMs);
  }

  private onEngine(e: EngineEvent): void {
    if (e.type === 'step_finished') {
      this.observe?.step(e.result.status);
      return;
    }
    if (e.type !== 'run_finished' || e.result.waiting.length > 0) return;
    const r = e.result;
    const ms = Math.max(0, (r.endedAt ?? this.clock.now()) - r.startedAt);
    this.observe?.run(r.workflow, r.status, ms);
    // A cancelled run says nothing about how well workflows work.
    if (r.status === 'cancelled') return;
    this.current.runsFinished++;
    if (r.status === 'completed') this.current.runsOk++;
    this.current.runMs += ms;
  }

  /**
   * Closes the current bucket and computes every metric. `peek` computes without closing the
   * bucket (a health request between two collections must not shorten the interval).
   */
  collect(opts: { peek?: boolean } = {}): Sample {
    const now = this.clock.now();
    const published = this.src.bus.stats().published;
    const cur: Bucket = { ...this.current, at: now, events: published - this.lastPublished };
    const since = now - this.windowMs;
    const buckets = [...this.buckets.filter((b) => b.at > since), cur];
    if (!opts.peek) {
      this.buckets = buckets;
      this.current = emptyBucket(now);
      this.lastPublished = published;
    }
    const sum = (k: keyof Omit<Bucket, 'at'>) => buckets.reduce((s, b) => s + b[k], 0);
    const tasks = sum('tasksOk') + sum('tasksFailed');
    const runs = sum('runsFinished');
    // Rates over the time actually covered: the window, or less right after start.
    const spanMin = Math.max(1000, Math.min(this.windowMs, now - this.startedAt)) / 60_000;
    const agents = this.src.pool.snapshot().filter((a) => a.status !== 'offline');
    const values: MetricValues = {
      agents_total: agents.length,
      agents_active: agents.filter((a) => a.status === 'working').length,
      agent_failure_rate: tasks > 0 ? round(sum('tasksFailed') / tasks, 4) : null,
      response_time: tasks > 0 ? round(sum('taskMs') / tasks / 1000, 3) : null,
      active_workflows: this.src.activeRuns(),
      workflow_completion_time: runs > 0 ? round(sum('runMs') / runs / 1000, 3) : null,
      workflow_success_rate: runs > 0 ? round(sum('runsOk') / runs, 4) : null,
      knowledge_storage_rate: round(this.knowledgeCreated / spanMin, 3),
      cpu_usage: opts.peek ? null : this.probe.cpuPercent(),
      memory_usage: this.probe.memoryPercent(),
      disk_usage: this.probe.diskPercent(this.src.dataDir),
      queue_depth: this.src.pool.waiting,
      event_rate: round(sum('events') / spanMin, 3),
      tokens_rate: round(sum('tokens') / spanMin, 3),
    };
    if (!opts.peek) this.countKnowledge(Math.max(since, this.startedAt - 1));
    return { time: now, values };
  }

  /**
   * Reads the store's count of knowledge written in the window for the next sample: a sample is
   * taken synchronously on its timer and the store answers asynchronously, so the knowledge write
   * rate is the one counted at the previous collection. A count still in flight is not repeated.
   */
  private countKnowledge(since: number): void {
    if (this.counting) return;
    this.counting = this.src.store.knowledge
      .countCreatedSince(since)
      .then(
        (n) => {
          this.knowledgeCreated = n;
        },
        () => undefined,
      )
      .finally(() => {
        this.counting = undefined;
      });
  }

  /** Resolves once the store read in flight (if any) has landed. */
  async idle(): Promise<void> {
    await this.counting;
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
