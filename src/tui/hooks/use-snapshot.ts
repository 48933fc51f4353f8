import { useEffect, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import type { Clock, Snapshot, SnapshotSource } from '../../core/index.ts';
import { throttleSource, type FrameBudget } from '../throttle.ts';

/**
 * The runtime's snapshot, re-rendering at most once per frame interval however fast it
 * changes. With a budget, each frame's cost is measured from this render to the layout
 * effect — after Ink has drawn the commit — and slows the interval when frames are expensive.
 */
export function useSnapshot(source: SnapshotSource, clock: Clock, budget?: FrameBudget): Snapshot {
  const throttled = useMemo(() => throttleSource(source, clock, { budget }), [source, clock, budget]);
  useEffect(() => () => throttled.dispose(), [throttled]);
  const started = budget?.measure();
  useLayoutEffect(() => {
    if (budget && started !== undefined) throttled.reportFrameCost(budget.measure() - started);
  });
  return useSyncExternalStore(throttled.subscribe, throttled.getSnapshot);
}
