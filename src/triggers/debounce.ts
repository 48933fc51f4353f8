import type { Clock, TimerHandle } from '../core/index.ts';

/**
 * Collects items (e.g. changed paths) until `quietMs` pass without a new one, then hands them
 * over once, in first-seen order. `maxWaitMs` bounds the delay under a steady stream of changes.
 */
export class Debouncer<T = string> {
  private readonly items = new Set<T>();
  private timer: TimerHandle | undefined;
  private firstAt = 0;

  constructor(
    private readonly clock: Clock,
    private quietMs: number,
    private readonly onFlush: (items: T[]) => void,
    private readonly maxWaitMs = Infinity,
  ) {}

  get pending(): number {
    return this.items.size;
  }

  setQuiet(ms: number): void {
    this.quietMs = ms;
  }

  push(item: T): void {
    const now = this.clock.now();
    if (this.items.size === 0) this.firstAt = now;
    this.items.add(item);
    if (this.timer) this.clock.clearTimeout(this.timer);
    const wait = Math.min(this.quietMs, Math.max(0, this.firstAt + this.maxWaitMs - now));
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Hands over what is pending now. */
  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.size === 0) return;
    const items = [...this.items];
    this.items.clear();
    this.onFlush(items);
  }

  /** Drops what is pending. */
  cancel(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.items.clear();
  }
}
