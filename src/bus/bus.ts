import { randomBytes } from 'node:crypto';
import { AmasError, errorMessage, silentLogger, systemClock } from '../core/index.ts';
import type { Clock, Logger } from '../core/index.ts';
import { DeadLetters } from './dead-letters.ts';
import { DedupeWindow } from './dedupe.ts';
import { Delivery } from './delivery.ts';
import { Ring } from './ring.ts';
import { Subscriptions, TYPE_SET, type Unsubscribe } from './subscriptions.ts';
import { EVENT_TYPES, PRIORITIES } from './types.ts';
import type { BusEvent, BusStats, DeadLetter, EventHandler, EventType, HistoryQuery, Priority, PublishInput } from './types.ts';

export type { Unsubscribe } from './subscriptions.ts';

export interface EventBusOptions {
  clock?: Clock;
  logger?: Logger;
  /** Events kept for `history()` (default 1000). */
  historySize?: number;
  /** Dead letters kept (default 1000). */
  deadLetterSize?: number;
  /** How long a dedupe key blocks repeats, in ms (default 60 s). */
  dedupeWindowMs?: number;
  /** Called synchronously for every accepted, non-transient event (the runtime writes it to the store). */
  persist?: (event: BusEvent) => void;
  /** Called for every dead letter (the runtime writes it to the store). */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Most events delivered in one go before yielding to I/O (default 5000). */
  batchSize?: number;
  /**
   * Masks the project's secrets inside an event's data as it is published: every consumer
   * (history, the store, `amas events`, the control socket's tail) sees the masked value.
   */
  mask?: <T>(data: T) => T;
}

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, urgent: 3 };

/**
 * The event system. Publishing is cheap: check, stamp, record (history and the persistence sink)
 * and enqueue; who listens lives in subscriptions.ts, the queue and its delivery in delivery.ts,
 * undeliverable events in dead-letters.ts.
 */
export class EventBus {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly subs = new Subscriptions();
  private readonly dead: DeadLetters;
  private readonly delivery: Delivery;
  private readonly historyRing: Ring<BusEvent>;
  private readonly dedupe: DedupeWindow;
  private readonly persist: ((event: BusEvent) => void) | undefined;
  private readonly mask: (<T>(data: T) => T) | undefined;
  private readonly idTail = randomBytes(3).toString('hex');
  private seq = 0;
  private published = 0;
  private deduplicated = 0;
  /** Events already expired when they were published (never queued). */
  private expiredOnPublish = 0;

  constructor(opts: EventBusOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.historyRing = new Ring(opts.historySize ?? 1000);
    this.dead = new DeadLetters(opts.deadLetterSize ?? 1000, this.clock, this.logger, opts.onDeadLetter);
    this.delivery = new Delivery(this.subs, this.dead, this.clock, this.logger, Math.max(1, opts.batchSize ?? 5000));
    this.dedupe = new DedupeWindow(opts.dedupeWindowMs ?? 60_000);
    this.persist = opts.persist;
    this.mask = opts.mask;
  }

  /** Accepts an event for delivery and returns its id (for a deduplicated one: the id of the event it repeats). */
  publish<D>(input: PublishInput<D>): string {
    if (!TYPE_SET.has(input.type)) {
      throw new AmasError('AMAS_BUS_TYPE', `unknown event type "${String(input.type)}"`, { hint: `use one of: ${EVENT_TYPES.join(', ')}` });
    }
    const priority = input.priority ?? 'normal';
    const rank = PRIORITY_RANK[priority];
    if (rank === undefined) {
      throw new AmasError('AMAS_BUS_PRIORITY', `unknown priority "${String(priority)}"`, { hint: `use one of: ${PRIORITIES.join(', ')}` });
    }
    const now = this.clock.now();
    if (input.dedupeKey !== undefined) {
      const first = this.dedupe.repeats(input.dedupeKey, now);
      if (first !== undefined) {
        this.deduplicated++;
        return first;
      }
    }
    const id = this.nextId(now);
    const expiresAt = input.expiresAt ?? (input.ttlMs === undefined ? undefined : now + input.ttlMs);
    // One fixed shape for every event (absent fields are undefined): monomorphic and cheap to build.
    const event: BusEvent<D | undefined> = {
      id,
      type: input.type,
      priority,
      source: input.source ?? 'system',
      target: input.target,
      data: this.mask ? this.mask(input.data) : input.data,
      timestamp: now,
      expiresAt,
      dedupeKey: input.dedupeKey,
      correlationId: input.correlationId,
      transient: input.transient === true,
    };
    if (input.dedupeKey !== undefined) this.dedupe.remember(input.dedupeKey, now, id);
    this.published++;
    this.historyRing.push(event);
    if (this.persist && !event.transient) {
      try {
        this.persist(event);
      } catch (err) {
        this.logger.error('event persistence failed', { eventId: id, type: event.type, error: errorMessage(err) });
      }
    }
    if (expiresAt !== undefined && expiresAt <= now) {
      this.expiredOnPublish++;
      return id;
    }
    this.delivery.enqueue(event, rank);
    return id;
  }

  /**
   * Subscribes to one event type. Without `agentId`: broadcast events of that type. With `agentId`:
   * events of that type targeted at that agent (`'*'` = every type targeted at it).
   */
  subscribe(type: EventType | '*', handler: EventHandler, opts: { agentId?: string } = {}): Unsubscribe {
    return this.subs.subscribe(type, handler, opts);
  }

  /**
   * Subscribes to every broadcast event. With `includeTargeted`, also sees targeted events as an
   * observer (for feeds and monitors): it never counts as the taker of a targeted event. With
   * `passive`, sees everything delivered and never counts as a taker (nor for `hasTakers`).
   */
  subscribeAll(handler: EventHandler, opts: { includeTargeted?: boolean; passive?: boolean } = {}): Unsubscribe {
    return this.subs.subscribeAll(handler, opts);
  }

  /**
   * Whether an event of `type` (targeted at `target`, or broadcast) would reach any subscriber
   * right now. Publishers of high-volume, informational events (an agent's task_complete for
   * each engine step) skip building them when nobody listens.
   */
  hasTakers(type: EventType, target?: string): boolean {
    return this.subs.hasTakers(type, target);
  }

  /** Recent events, oldest first. */
  history(q: HistoryQuery = {}): BusEvent[] {
    const { type, source, target, since } = q;
    const filtered = type !== undefined || source !== undefined || target !== undefined || since !== undefined;
    const keep = filtered
      ? (e: BusEvent) =>
          (type === undefined || e.type === type) &&
          (source === undefined || e.source === source) &&
          (target === undefined || e.target === target) &&
          (since === undefined || e.timestamp >= since)
      : undefined;
    return this.historyRing.toArray(keep, q.limit);
  }

  /** Events nobody could take, oldest first. */
  deadLetters(limit?: number): DeadLetter[] {
    return this.dead.list(limit);
  }

  stats(): BusStats {
    const d = this.delivery;
    return {
      published: this.published,
      delivered: d.delivered,
      expired: this.expiredOnPublish + d.expired,
      deduplicated: this.deduplicated,
      deadLettered: this.dead.count,
      subscriberErrors: d.subscriberErrors,
      queued: d.queued,
    };
  }

  /** Resolves once every queued event is delivered and every async subscriber has settled. */
  drain(): Promise<void> {
    return this.delivery.drain();
  }

  private nextId(now: number): string {
    return `evt_${now.toString(36).padStart(9, '0')}${(this.seq++ % 1_679_616).toString(36).padStart(4, '0')}${this.idTail}`;
  }
}
