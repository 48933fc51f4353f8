import { assertNever } from '../core/index.ts';
import type { WorkflowSpec } from '../core/index.ts';

export type OverlapPolicy = 'skip' | 'queue' | 'cancel-previous' | 'allow';
export type OverlapDecision = 'start' | 'skip' | 'queue' | 'cancel-previous-then-start';

/** Default bound of a `queue` backlog; past it new fires are skipped rather than piling up. */
export const DEFAULT_MAX_QUEUED = 1000;

/**
 * What a new fire does given the runs already going. A free slot starts the run, except that
 * `queue` keeps FIFO order while a backlog exists; at the limit the policy decides.
 */
export function decideOverlap(
  policy: OverlapPolicy,
  maxRuns: number,
  activeRuns: number,
  queued: number,
  maxQueued = DEFAULT_MAX_QUEUED,
): OverlapDecision {
  const full = activeRuns >= maxRuns;
  switch (policy) {
    case 'skip':
    case 'allow':
      return full ? 'skip' : 'start';
    case 'queue':
      if (!full && queued === 0) return 'start';
      return queued < maxQueued ? 'queue' : 'skip';
    case 'cancel-previous':
      return full ? 'cancel-previous-then-start' : 'start';
    default:
      return assertNever(policy, 'overlap policy');
  }
}

export interface Concurrency {
  overlap: OverlapPolicy;
  /** Infinity when `allow` is given without max_runs. */
  maxRuns: number;
}

/**
 * The effective limits of a workflow: max_runs defaults to 1, except that `allow` without an
 * explicit max_runs means no limit (overlap allowed); an explicit max_runs is always a ceiling.
 */
export function concurrencyOf(spec: Pick<WorkflowSpec, 'concurrency'>): Concurrency {
  const overlap = spec.concurrency?.overlap ?? 'skip';
  const maxRuns = spec.concurrency?.max_runs ?? (overlap === 'allow' ? Infinity : 1);
  return { overlap, maxRuns };
}

export type GateDecision =
  | { kind: 'start'; runId: string }
  | { kind: 'skip'; runId: string; reason: string }
  | { kind: 'queue'; runId: string; position: number }
  /** Cancel `cancel` (oldest first), then start `runId` at once; the slot is already taken. */
  | { kind: 'cancel-previous-then-start'; runId: string; cancel: string[] };

/**
 * The per-workflow admission gate the runtime calls for every trigger fire. The runtime picks
 * the run id up front so a started run holds its slot before any await; `runEnded` frees the
 * slot and hands back the next queued fire, which then counts as started.
 */
export class RunGate<F = unknown> {
  private limits: Concurrency;
  private readonly maxQueued: number;
  /** Runs holding a slot, oldest first. */
  private readonly running: string[] = [];
  /** Runs told to cancel: they no longer hold a slot but have not ended yet. */
  private readonly cancelling = new Set<string>();
  private readonly backlog: { runId: string; fire: F }[] = [];

  constructor(limits: Concurrency, opts: { maxQueued?: number } = {}) {
    this.limits = limits;
    this.maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
  }

  /** Runs started and not yet ended nor cancelled. */
  get active(): readonly string[] {
    return this.running;
  }
  get queued(): number {
    return this.backlog.length;
  }
  get cancellingRuns(): readonly string[] {
    return [...this.cancelling];
  }

  /**
   * New limits after a hot reload; runs already going are not touched. A raised limit may admit
   * queued fires at once: they are returned, already counted as started.
   */
  setLimits(limits: Concurrency): { runId: string; fire: F }[] {
    this.limits = limits;
    return this.admit();
  }

  private admit(): { runId: string; fire: F }[] {
    const started: { runId: string; fire: F }[] = [];
    while (this.backlog.length > 0 && this.running.length < this.limits.maxRuns) {
      const next = this.backlog.shift()!;
      this.running.push(next.runId);
      started.push(next);
    }
    return started;
  }

  request(runId: string, fire: F): GateDecision {
    const { overlap, maxRuns } = this.limits;
    const d = decideOverlap(overlap, maxRuns, this.running.length, this.backlog.length, this.maxQueued);
    switch (d) {
      case 'start':
        this.running.push(runId);
        return { kind: 'start', runId };
      case 'skip':
        return {
          kind: 'skip',
          runId,
          reason: overlap === 'queue' ? `queue full (${this.maxQueued})` : `${this.running.length} of max ${maxRuns} runs going`,
        };
      case 'queue':
        this.backlog.push({ runId, fire });
        return { kind: 'queue', runId, position: this.backlog.length };
      case 'cancel-previous-then-start': {
        const n = this.running.length - maxRuns + 1;
        const cancel = this.running.splice(0, n);
        for (const id of cancel) this.cancelling.add(id);
        this.running.push(runId);
        return { kind: 'cancel-previous-then-start', runId, cancel };
      }
      default:
        return assertNever(d, 'overlap decision');
    }
  }

  /**
   * Counts a run that is already going (resumed after a restart) as holding a slot, whatever
   * the limits: it was admitted before the restart, and new fires must wait for it.
   */
  adopt(runId: string): void {
    if (!this.running.includes(runId)) this.running.push(runId);
  }

  /** A run ended (any outcome). Returns the queued fires that may start now, already admitted. */
  runEnded(runId: string): { runId: string; fire: F }[] {
    if (this.cancelling.delete(runId)) return [];
    const i = this.running.indexOf(runId);
    if (i >= 0) this.running.splice(i, 1);
    else this.dropQueued(runId);
    return this.admit();
  }

  /** Removes a queued fire (cancelled by hand before it started); true when it was queued. */
  dropQueued(runId: string): boolean {
    const i = this.backlog.findIndex((q) => q.runId === runId);
    if (i < 0) return false;
    this.backlog.splice(i, 1);
    return true;
  }

  /** Empties the backlog (shutdown, or the workflow was removed) and returns what was dropped. */
  clearQueue(): { runId: string; fire: F }[] {
    return this.backlog.splice(0, this.backlog.length);
  }
}
