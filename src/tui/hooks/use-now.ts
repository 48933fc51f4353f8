import { useEffect, useState } from 'react';
import type { Clock } from '../../core/index.ts';

/** The clock's time, refreshed every `everyMs` so uptime and retry countdowns move between snapshots. */
export function useNow(clock: Clock, everyMs = 1000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    let handle = clock.setTimeout(function tick() {
      setNow(clock.now());
      handle = clock.setTimeout(tick, everyMs);
    }, everyMs);
    return () => clock.clearTimeout(handle);
  }, [clock, everyMs]);
  return now;
}
