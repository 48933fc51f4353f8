// However fast the runtime changes, the view hears about it at most once per interval: a
// burst of changes is coalesced into one notification (leading edge, then one trailing).
// This bounds React renders, not only terminal writes (ink's maxFps bounds those).
import type { Clock, Snapshot, SnapshotSource, TimerHandle } from '../core/index.ts';

export const FRAME_INTERVAL_MS = 50;

export interface ThrottledSource extends SnapshotSource {
  /** Stops listening upstream and drops a pending notification. */
  dispose(): void;
}

export function throttleSource(source: SnapshotSource, clock: Clock, intervalMs = FRAME_INTERVAL_MS): ThrottledSource {
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
  };
}
