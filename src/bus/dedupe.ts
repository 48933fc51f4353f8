/**
 * The dedupe window: a publish with a key seen less than `windowMs` ago is dropped and answered
 * with the first event's id. Keys are kept in time order so stale ones can be pruned from the front.
 */
export class DedupeWindow {
  private readonly seen = new Map<string, { at: number; id: string }>();

  constructor(private readonly windowMs: number) {}

  /** The id of the event this key repeats, when it is still inside the window. */
  repeats(key: string, now: number): string | undefined {
    const seen = this.seen.get(key);
    return seen && now - seen.at < this.windowMs ? seen.id : undefined;
  }

  remember(key: string, now: number, id: string): void {
    this.seen.delete(key);
    this.seen.set(key, { at: now, id });
    if (this.seen.size > 4096) {
      // Insertion order is time order (we delete before set), so stale keys sit at the front.
      for (const [k, v] of this.seen) {
        if (now - v.at < this.windowMs) break;
        this.seen.delete(k);
      }
    }
  }
}
