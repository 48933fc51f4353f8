import type { Clock } from '../../core/index.ts';

export interface RateDecision {
  ok: boolean;
  /** Requests left in this window. */
  remaining: number;
  /** Seconds until the window resets (what Retry-After says). */
  resetS: number;
}

/**
 * Fixed one-minute windows per identity (the API key, or the client address without one).
 * Simple and predictable for clients: a 429 says exactly when the next window opens.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {}

  hit(identity: string): RateDecision {
    const now = this.clock.now();
    let w = this.windows.get(identity);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(identity, w);
      if (this.windows.size > 10_000) this.sweep(now);
    }
    w.count++;
    const resetS = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { ok: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), resetS };
  }

  /** Forgets expired windows so that many distinct clients cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
