import { useEffect, useReducer, useRef } from 'react';
import type { Clock } from '../../core/index.ts';

/**
 * The clock's time at this render, in whole seconds: durations and countdowns then change
 * once a second rather than every frame, so a frame differs from the last only where data
 * changed (Ink keeps every distinct text line it ever measured, so fewer distinct lines also
 * means less memory held). When nothing else has re-rendered for `everyMs`, a timer
 * forces one, so uptime and retry countdowns move on a quiet screen without adding frames
 * to a busy one (which already re-renders for every snapshot).
 */
export function useNow(clock: Clock, everyMs = 1000): number {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const now = Math.floor(clock.now() / 1000) * 1000;
  const rendered = useRef(now);
  rendered.current = now;
  useEffect(() => {
    let handle = clock.setTimeout(function check() {
      const quiet = Math.floor(clock.now() / 1000) * 1000 - rendered.current;
      if (quiet >= everyMs) force();
      handle = clock.setTimeout(check, quiet >= everyMs ? everyMs : everyMs - quiet);
    }, everyMs);
    return () => clock.clearTimeout(handle);
  }, [clock, everyMs]);
  return now;
}
