import type { AgentLease } from './pool.ts';

/** A pending acquire; waiters form an intrusive doubly-linked FIFO (O(1) removal anywhere). */
export interface Waiter {
  prev: Waiter | undefined;
  next: Waiter | undefined;
  capability: string;
  agentId: string | undefined;
  domain: string | undefined;
  resolve: (lease: AgentLease) => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** The pool's acquires waiting for a slot, oldest first. */
export class WaitQueue {
  head: Waiter | undefined;
  private tail: Waiter | undefined;
  size = 0;

  push(w: Waiter): void {
    w.prev = this.tail;
    if (this.tail) this.tail.next = w;
    else this.head = w;
    this.tail = w;
    this.size++;
  }

  unlink(w: Waiter): void {
    if (w.prev) w.prev.next = w.next;
    else if (this.head === w) this.head = w.next;
    else return; // not queued (already settled)
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = undefined;
    this.size--;
  }
}
