import { useEffect, useReducer, useRef } from 'react';
import type { Clock } from '../../core/index.ts';

/**
 * The clock's time at this render. When nothing else has re-rendered for `everyMs`, a timer
 * forces one, so uptime and retry countdowns move on a quiet screen without adding frames
 * to a busy one (which already re-renders for every snapshot).
 */
export function useNow(clock: Clock, everyMs = 1000): number {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const now = clock.now();
  const rendered = useRef(now);
  rendered.current = now;
  useEffect(() => {
    let handle = clock.setTimeout(function check() {
      const quiet = clock.now() - rendered.current;
      if (quiet >= everyMs) force();
      handle = clock.setTimeout(check, quiet >= everyMs ? everyMs : everyMs - quiet);
    }, everyMs);
    return () => clock.clearTimeout(handle);
  }, [clock, everyMs]);
  return now;
}
