import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Clock, Snapshot, SnapshotSource } from '../../core/index.ts';
import { throttleSource } from '../throttle.ts';

/** The runtime's snapshot, re-rendering at most once per frame interval however fast it changes. */
export function useSnapshot(source: SnapshotSource, clock: Clock): Snapshot {
  const throttled = useMemo(() => throttleSource(source, clock), [source, clock]);
  useEffect(() => () => throttled.dispose(), [throttled]);
  return useSyncExternalStore(throttled.subscribe, throttled.getSnapshot);
}
