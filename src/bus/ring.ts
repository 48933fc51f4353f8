/** Fixed-capacity buffer that keeps the newest `capacity` items; pushing never allocates once full. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`ring capacity must be a non-negative integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Items oldest first, keeping the newest `limit` of those that pass `keep`. */
  toArray(keep?: (item: T) => boolean, limit = Infinity): T[] {
    const out: T[] = [];
    if (limit <= 0) return out;
    // Walk newest → oldest so a small limit stops early, then reverse.
    for (let i = this.count - 1; i >= 0 && out.length < limit; i--) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (!keep || keep(item)) out.push(item);
    }
    return out.reverse();
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

/** FIFO with O(1) amortised shift (a head index instead of Array#shift). */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
