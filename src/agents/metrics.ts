/** Snapshot of an agent's performance (docs/architecture.md "Layers"; feeds monitor/ and the TUI). */
export interface AgentMetrics {
  completed: number;
  failed: number;
  /** Mean duration in ms over the recent window (0 when nothing ran yet). */
  avgMs: number;
  /** 95th percentile duration in ms over the recent window. */
  p95Ms: number;
  /** Epoch ms of the last task start or end; undefined when the agent never worked. */
  lastActivity: number | undefined;
  /** How many recent tasks the averages cover. */
  windowSize: number;
}

/** Counters plus a bounded ring of recent durations; recording is O(1), percentiles are computed on read. */
export class MetricsWindow {
  completed = 0;
  failed = 0;
  lastActivity: number | undefined;
  private readonly durations: Float64Array;
  private next = 0;
  private filled = 0;
  private sum = 0;

  constructor(size = 256) {
    this.durations = new Float64Array(Math.max(1, size));
  }

  touch(now: number): void {
    this.lastActivity = now;
  }

  record(ok: boolean, durationMs: number, now: number): void {
    if (ok) this.completed++;
    else this.failed++;
    this.lastActivity = now;
    const cap = this.durations.length;
    if (this.filled === cap) this.sum -= this.durations[this.next]!;
    else this.filled++;
    this.durations[this.next] = durationMs;
    this.sum += durationMs;
    this.next = (this.next + 1) % cap;
  }

  snapshot(): AgentMetrics {
    let p95 = 0;
    if (this.filled > 0) {
      const sorted = this.durations.slice(0, this.filled).sort();
      p95 = sorted[Math.min(this.filled - 1, Math.ceil(0.95 * this.filled) - 1)]!;
    }
    return {
      completed: this.completed,
      failed: this.failed,
      avgMs: this.filled ? this.sum / this.filled : 0,
      p95Ms: p95,
      lastActivity: this.lastActivity,
      windowSize: this.filled,
    };
  }
}
