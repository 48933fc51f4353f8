// However fast the runtime changes, the view hears about it at most once per interval: a
// burst of changes is coalesced into one notification (leading edge, then one trailing).
// This bounds React renders, not only terminal writes (ink's maxFps bounds those).
import type { Clock, Snapshot, SnapshotSource, TimerHandle } from '../core/index.ts';

export const FRAME_INTERVAL_MS = 50;
const WARMUP_FRAMES = 5;

export interface ThrottledSource extends SnapshotSource {
  /** Stops listening upstream and drops a pending notification. */
  dispose(): void;
  /** How long the last frame took to draw (React render + Ink output), for the frame budget. */
  reportFrameCost(ms: number): void;
  /** The current shortest time between notifications. */
  readonly intervalMs: number;
}

export interface ThrottleOptions {
  /** Shortest time between notifications (default 50 ms: ≤ 20 per second). */
  intervalMs?: number;
  /**
   * Frame budget: the share of one core drawing may take (e.g. 0.2). With the frame costs the
   * view reports, the interval stretches so that cost / interval stays under the share.
   */
  budget?: FrameBudget;
}

export interface FrameBudget {
  share: number;
  /** A monotonic clock in ms for measuring frames (performance.now). */
  measure: () => number;
  maxIntervalMs?: number;
}

export function throttleSource(source: SnapshotSource, clock: Clock, opts: ThrottleOptions = {}): ThrottledSource {
  const base = opts.intervalMs ?? FRAME_INTERVAL_MS;
  const budget = opts.budget;
  let intervalMs = base;
  let avgCost = 0;
  let frames = 0;
  // The snapshot handed to React changes only when listeners are told, so a render caused by
  // something else (a key) never shows a newer snapshot than the one it was notified about.
  let latched: Snapshot = source.getSnapshot();
  let lastFlush = Number.NEGATIVE_INFINITY;
  let timer: TimerHandle | null = null;
  let unsubscribe: (() => void) | null = null;
  const listeners = new Set<() => void>();

  const flush = () => {
    lastFlush = clock.now();
    const next = source.getSnapshot();
    if (next === latched) return;
    latched = next;
    for (const l of [...listeners]) l();
  };
  const onChange = () => {
    if (timer !== null) return;
    const wait = lastFlush + intervalMs - clock.now();
    if (wait <= 0) {
      flush();
      return;
    }
    timer = clock.setTimeout(() => {
      timer = null;
      flush();
    }, wait);
  };
  const stop = () => {
    unsubscribe?.();
    unsubscribe = null;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  return {
    getSnapshot: () => latched,
    subscribe(listener) {
      listeners.add(listener);
      if (!unsubscribe) {
        unsubscribe = source.subscribe(onChange);
        // Changes between creation and the first subscriber must not be lost.
        if (source.getSnapshot() !== latched) onChange();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    dispose() {
      listeners.clear();
      stop();
    },
    reportFrameCost(ms) {
      // The first frames pay for warming up (module code, Yoga, caches): not a steady cost.
      if (!budget || ++frames <= WARMUP_FRAMES) return;
      // Smoothed, so one slow frame (a resize, a GC pause) does not stall the next ones.
      avgCost = avgCost === 0 ? ms : avgCost * 0.8 + ms * 0.2;
      intervalMs = Math.min(Math.max(base, avgCost / budget.share), budget.maxIntervalMs ?? 1000);
    },
    get intervalMs() {
      return intervalMs;
    },
  };
}
