import type { Clock, TimerHandle } from '../core/index.ts';

/** What a deadline calls when it passes (an object, so that adding one allocates no closure). */
export interface DeadlineTarget {
  fire(): void;
}

interface Entry {
  at: number;
  target: DeadlineTarget;
  live: boolean;
}

/** A handle for `Deadlines.cancel`. */
export type Deadline = object;

/**
 * Every in-flight attempt has a deadline, but thousands of short steps must not each arm and
 * disarm a timer: entries sit in a min-heap and one clock timer is armed for the earliest.
 * Cancelled entries are dropped lazily; when nothing is live the heap is emptied and the timer
 * cleared, so a finished run leaves nothing behind.
 */
export class Deadlines {
  private heap: Entry[] = [];
  private live = 0;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private resetQueued = false;

  constructor(private readonly clock: Clock) {}

  add(ms: number, target: DeadlineTarget): Deadline {
    const e: Entry = { at: this.clock.now() + ms, target, live: true };
    // Deadlines mostly arrive in order, so finished ones collect at the top: drop them here.
    while (this.heap.length && !this.heap[0]!.live) this.pop();
    this.push(e);
    this.live++;
    if (e.at < this.timerAt) this.arm(e.at);
    return e;
  }

  cancel(d: Deadline): void {
    const e = d as Entry;
    if (!e.live) return;
    e.live = false;
    // In a chain the next attempt is added right after this one ends: keep the timer
    // armed until the current job is over instead of clearing and re-arming it per step.
    if (--this.live === 0 && !this.resetQueued) {
      this.resetQueued = true;
      queueMicrotask(this.checkIdle);
    }
  }

  /**
   * Looks again one microtask turn later: an attempt ends inside RunExecution.runUnit and the
   * step acts on it (completes, and launches the next step, which adds its deadline) one promise
   * hop after that, so checking at once would clear and re-arm the timer for every step of a
   * chain (measured: ~4 % of the CPU of a no-op step; bench/README.md).
   */
  private readonly checkIdle = (): void => {
    queueMicrotask(this.resetIfIdle);
  };

  private readonly resetIfIdle = (): void => {
    this.resetQueued = false;
    if (this.live === 0) this.reset();
  };

  get size(): number {
    return this.live;
  }

  private reset(): void {
    this.heap.length = 0;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private arm(at: number): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, at - this.clock.now()));
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const due: Entry[] = [];
    while (this.heap.length && this.heap[0]!.at <= now) {
      const e = this.pop()!;
      if (e.live) {
        e.live = false;
        this.live--;
        due.push(e);
      }
    }
    while (this.heap.length && !this.heap[0]!.live) this.pop();
    if (this.heap.length) this.arm(this.heap[0]!.at);
    else if (this.live === 0) this.reset();
    for (const e of due) e.target.fire();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= e.at) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r]!.at < h[l]!.at ? r : l;
        if (h[c]!.at >= last.at) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
