import { errorMessage } from '../core/index.ts';
import type { Clock, Logger } from '../core/index.ts';
import type { DeadLetters } from './dead-letters.ts';
import { Fifo } from './ring.ts';
import { EMPTY, type Subscriptions } from './subscriptions.ts';
import { PRIORITIES } from './types.ts';
import type { BusEvent, EventHandler } from './types.ts';

/** Per-event state kept only while some subscriber's promise is still pending. */
interface AsyncDelivery {
  event: BusEvent;
  pending: number;
  takers: number;
  errors: string[];
}

/**
 * The delivery queue: one FIFO per priority, drained highest priority first. Delivery starts on
 * a microtask (after the publisher's synchronous code, so one burst is sorted by priority, and
 * before the queue can pile up on a busy loop); a batch that hits `batchSize` continues on a
 * macrotask so that a storm of events cannot starve I/O. A subscriber's throw or rejection is
 * logged and isolated; an event every taker failed on, or a targeted one nobody takes, becomes a
 * dead letter.
 */
export class Delivery {
  private readonly queues: Fifo<BusEvent>[] = PRIORITIES.map(() => new Fifo<BusEvent>());
  private scheduled = false;
  private asyncPending = 0;
  private idleWaiters: (() => void)[] = [];
  /** Events waiting to be delivered right now. */
  queued = 0;
  delivered = 0;
  /** Events that expired while they waited in the queue. */
  expired = 0;
  subscriberErrors = 0;

  constructor(
    private readonly subs: Subscriptions,
    private readonly dead: DeadLetters,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly batchSize: number,
  ) {}

  /** Queues an event at its priority's rank (0 = lowest) and schedules delivery. */
  enqueue(event: BusEvent, rank: number): void {
    this.queues[rank]!.push(event);
    this.queued++;
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.runBatch);
  }

  /** Resolves once every queued event is delivered and every async subscriber has settled. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queued === 0 && this.asyncPending === 0;
  }

  private readonly runBatch = (): void => {
    for (let n = 0; n < this.batchSize; n++) {
      const event = this.take();
      if (!event) break;
      this.dispatch(event);
    }
    if (this.queued > 0) {
      setImmediate(this.runBatch);
      return;
    }
    this.scheduled = false;
    this.settleIfIdle();
  };

  private take(): BusEvent | undefined {
    for (let r = this.queues.length - 1; r >= 0; r--) {
      const q = this.queues[r]!;
      if (q.size > 0) {
        this.queued--;
        return q.shift();
      }
    }
    return undefined;
  }

  private dispatch(event: BusEvent): void {
    if (event.expiresAt !== undefined && event.expiresAt <= this.clock.now()) {
      this.expired++;
      return;
    }
    const subs = this.subs;
    for (const h of subs.watchers) this.call(h, event, undefined);
    let first: readonly EventHandler[];
    let second: readonly EventHandler[];
    if (event.target !== undefined) {
      const m = subs.byAgent.get(event.target);
      first = m?.get(event.type) ?? EMPTY;
      second = m?.get('*') ?? EMPTY;
      for (const h of subs.observers) this.call(h, event, undefined);
    } else {
      first = subs.byType.get(event.type) ?? EMPTY;
      second = subs.catchAll;
    }
    const takers = first.length + second.length;
    if (takers === 0) {
      if (event.target !== undefined) this.dead.add(event, 'no_subscriber', []);
      return;
    }
    this.delivered++;
    const tally: AsyncDelivery = { event, pending: 0, takers, errors: [] };
    for (const h of first) this.call(h, event, tally);
    for (const h of second) this.call(h, event, tally);
    if (tally.pending === 0) this.finish(tally);
  }

  /** Runs one subscriber, isolating its failure; `tally` is undefined for observers. */
  private call(handler: EventHandler, event: BusEvent, tally: AsyncDelivery | undefined): void {
    let result: void | Promise<void>;
    try {
      result = handler(event);
    } catch (err) {
      this.failed(event, err, tally);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      if (tally) tally.pending++;
      this.asyncPending++;
      (result as Promise<void>).then(
        () => this.asyncDone(tally),
        (err: unknown) => {
          this.failed(event, err, tally);
          this.asyncDone(tally);
        },
      );
    }
  }

  private failed(event: BusEvent, err: unknown, tally: AsyncDelivery | undefined): void {
    this.subscriberErrors++;
    const message = errorMessage(err);
    tally?.errors.push(message);
    this.logger.warn('event subscriber failed', { eventId: event.id, type: event.type, error: message });
  }

  private asyncDone(tally: AsyncDelivery | undefined): void {
    this.asyncPending--;
    if (tally && --tally.pending === 0) this.finish(tally);
    this.settleIfIdle();
  }

  private finish(tally: AsyncDelivery): void {
    if (tally.errors.length === tally.takers) this.dead.add(tally.event, 'all_subscribers_failed', tally.errors);
  }

  private settleIfIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
