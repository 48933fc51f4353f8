/** A small seeded PRNG (mulberry32) so jittered schedules are reproducible in tests. */
export function seededRandom(seed: number | string): () => number {
  let a = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A delay in [0, maxMs) drawn from `random`; 0 when there is no jitter. */
export function jitterDelay(maxMs: number, random: () => number): number {
  if (!(maxMs > 0)) return 0;
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * maxMs);
}

/**
 * A jitter fixed by the fire itself (workflow, trigger and scheduled time), so a restart or a
 * second replica computes the same delay without sharing RNG state.
 */
export function fireJitter(maxMs: number, fireKey: string): number {
  return jitterDelay(maxMs, seededRandom(fireKey));
}
