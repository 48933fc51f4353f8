import { randomBytes } from 'node:crypto';
import { AmasError, errorMessage, silentLogger, systemClock } from '../core/index.ts';
import type { Clock, Logger } from '../core/index.ts';
import { Fifo, Ring } from './ring.ts';
import { EVENT_TYPES, PRIORITIES } from './types.ts';
import type {
  BusEvent,
  BusStats,
  DeadLetter,
  DeadLetterReason,
  EventHandler,
  EventType,
  HistoryQuery,
  Priority,
  PublishInput,
} from './types.ts';

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

export type Unsubscribe = () => void;

const TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);
const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, urgent: 3 };
const EMPTY: readonly EventHandler[] = [];

/** Per-event state kept only while some subscriber's promise is still pending. */
interface AsyncDelivery {
  event: BusEvent;
  pending: number;
  takers: number;
  errors: string[];
}

/**
 * The event system: publish is cheap (stamp, record, enqueue); delivery happens after the
 * publisher's synchronous code, highest priority first and FIFO within a priority. Handler lists are replaced
 * (never mutated) on (un)subscribe, so delivery iterates them without copying.
 */
export class EventBus {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly queues: Fifo<BusEvent>[] = PRIORITIES.map(() => new Fifo<BusEvent>());
  private readonly historyRing: Ring<BusEvent>;
  private readonly deadRing: Ring<DeadLetter>;
  private readonly byType = new Map<EventType, readonly EventHandler[]>();
  private catchAll: readonly EventHandler[] = EMPTY;
  private observers: readonly EventHandler[] = EMPTY;
  /** Watchers of every delivered event that never count as its taker (`subscribeAll` with `passive`). */
  private watchers: readonly EventHandler[] = EMPTY;
  private readonly byAgent = new Map<string, Map<EventType | '*', readonly EventHandler[]>>();
  private readonly dedupe = new Map<string, { at: number; id: string }>();
  private readonly dedupeWindowMs: number;
  private readonly batchSize: number;
  private readonly persist: ((event: BusEvent) => void) | undefined;
  private readonly mask: (<T>(data: T) => T) | undefined;
  private readonly onDeadLetter: ((letter: DeadLetter) => void) | undefined;
  private readonly idTail = randomBytes(3).toString('hex');
  private seq = 0;
  private scheduled = false;
  private queued = 0;
  private asyncPending = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly counters: Omit<BusStats, 'queued'> = {
    published: 0,
    delivered: 0,
    expired: 0,
    deduplicated: 0,
    deadLettered: 0,
    subscriberErrors: 0,
  };

  constructor(opts: EventBusOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.historyRing = new Ring(opts.historySize ?? 1000);
    this.deadRing = new Ring(opts.deadLetterSize ?? 1000);
    this.dedupeWindowMs = opts.dedupeWindowMs ?? 60_000;
    this.batchSize = Math.max(1, opts.batchSize ?? 5000);
    this.persist = opts.persist;
    this.mask = opts.mask;
    this.onDeadLetter = opts.onDeadLetter;
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
      const seen = this.dedupe.get(input.dedupeKey);
      if (seen && now - seen.at < this.dedupeWindowMs) {
        this.counters.deduplicated++;
        return seen.id;
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
    if (input.dedupeKey !== undefined) this.remember(input.dedupeKey, now, id);
    this.counters.published++;
    this.historyRing.push(event);
    if (this.persist && !event.transient) {
      try {
        this.persist(event);
      } catch (err) {
        this.logger.error('event persistence failed', { eventId: id, type: event.type, error: errorMessage(err) });
      }
    }
    if (expiresAt !== undefined && expiresAt <= now) {
      this.counters.expired++;
      return id;
    }
    this.queues[rank]!.push(event);
    this.queued++;
    this.schedule();
    return id;
  }

  /**
   * Subscribes to one event type. Without `agentId`: broadcast events of that type. With `agentId`:
   * events of that type targeted at that agent (`'*'` = every type targeted at it).
   */
  subscribe(type: EventType | '*', handler: EventHandler, opts: { agentId?: string } = {}): Unsubscribe {
    if (type !== '*' && !TYPE_SET.has(type)) throw new AmasError('AMAS_BUS_TYPE', `unknown event type "${String(type)}"`);
    const agentId = opts.agentId;
    if (agentId !== undefined) {
      let m = this.byAgent.get(agentId);
      if (!m) this.byAgent.set(agentId, (m = new Map()));
      const map = m;
      map.set(type, [...(map.get(type) ?? EMPTY), handler]);
      return once(() => {
        const left = without(map.get(type), handler);
        if (left.length) map.set(type, left);
        else map.delete(type);
        if (map.size === 0 && this.byAgent.get(agentId) === map) this.byAgent.delete(agentId);
      });
    }
    if (type === '*') return this.subscribeAll(handler);
    this.byType.set(type, [...(this.byType.get(type) ?? EMPTY), handler]);
    return once(() => {
      const left = without(this.byType.get(type), handler);
      if (left.length) this.byType.set(type, left);
      else this.byType.delete(type);
    });
  }

  /**
   * Subscribes to every broadcast event. With `includeTargeted`, also sees targeted events as an
   * observer (for feeds and monitors): it never counts as the taker of a targeted event.
   */
  subscribeAll(handler: EventHandler, opts: { includeTargeted?: boolean; passive?: boolean } = {}): Unsubscribe {
    if (opts.passive) {
      // A passive watcher (the runtime's event stream) sees what is delivered, broadcast and
      // targeted, but changes nothing: not a taker, not counted by `hasTakers` — so publishers
      // still skip building per-task events nobody else wants, as before anything watched.
      this.watchers = [...this.watchers, handler];
      return once(() => {
        this.watchers = without(this.watchers, handler);
      });
    }
    this.catchAll = [...this.catchAll, handler];
    if (opts.includeTargeted) this.observers = [...this.observers, handler];
    return once(() => {
      this.catchAll = without(this.catchAll, handler);
      this.observers = without(this.observers, handler);
    });
  }

  /**
   * Whether an event of `type` (targeted at `target`, or broadcast) would reach any subscriber
   * right now. Publishers of high-volume, informational events (an agent's task_complete for
   * each engine step) skip building them when nobody listens.
   */
  hasTakers(type: EventType, target?: string): boolean {
    if (target !== undefined) {
      const m = this.byAgent.get(target);
      return this.observers.length > 0 || m?.get(type) !== undefined || m?.get('*') !== undefined;
    }
    return this.catchAll.length > 0 || this.byType.get(type) !== undefined;
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
    return this.deadRing.toArray(undefined, limit);
  }

  stats(): BusStats {
    return { ...this.counters, queued: this.queued };
  }

  /** Resolves once every queued event is delivered and every async subscriber has settled. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queued === 0 && this.asyncPending === 0;
  }

  private nextId(now: number): string {
    return `evt_${now.toString(36).padStart(9, '0')}${(this.seq++ % 1_679_616).toString(36).padStart(4, '0')}${this.idTail}`;
  }

  private remember(key: string, now: number, id: string): void {
    this.dedupe.delete(key);
    this.dedupe.set(key, { at: now, id });
    if (this.dedupe.size > 4096) {
      // Insertion order is time order (we delete before set), so stale keys sit at the front.
      for (const [k, v] of this.dedupe) {
        if (now - v.at < this.dedupeWindowMs) break;
        this.dedupe.delete(k);
      }
    }
  }

  /**
   * Delivery starts on a microtask (after the publisher's synchronous code, so one burst is
   * sorted by priority, and before the queue can pile up on a busy loop); a batch that hits
   * `batchSize` continues on a macrotask so that a storm of events cannot starve I/O.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.runBatch);
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
      this.counters.expired++;
      return;
    }
    for (const h of this.watchers) this.call(h, event, undefined);
    let first: readonly EventHandler[];
    let second: readonly EventHandler[];
    if (event.target !== undefined) {
      const m = this.byAgent.get(event.target);
      first = m?.get(event.type) ?? EMPTY;
      second = m?.get('*') ?? EMPTY;
      for (const h of this.observers) this.call(h, event, undefined);
    } else {
      first = this.byType.get(event.type) ?? EMPTY;
      second = this.catchAll;
    }
    const takers = first.length + second.length;
    if (takers === 0) {
      if (event.target !== undefined) this.deadLetter(event, 'no_subscriber', []);
      return;
    }
    this.counters.delivered++;
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
    this.counters.subscriberErrors++;
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
    if (tally.errors.length === tally.takers) this.deadLetter(tally.event, 'all_subscribers_failed', tally.errors);
  }

  private deadLetter(event: BusEvent, reason: DeadLetterReason, errors: readonly string[]): void {
    this.counters.deadLettered++;
    const letter: DeadLetter = { event, reason, errors, at: this.clock.now() };
    this.deadRing.push(letter);
    this.logger.debug('event dead-lettered', { eventId: event.id, type: event.type, reason });
    if (this.onDeadLetter) {
      try {
        this.onDeadLetter(letter);
      } catch (err) {
        this.logger.error('dead-letter sink failed', { eventId: event.id, error: errorMessage(err) });
      }
    }
  }

  private settleIfIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function without(list: readonly EventHandler[] | undefined, handler: EventHandler): readonly EventHandler[] {
  if (!list) return EMPTY;
  const i = list.indexOf(handler);
  if (i < 0) return list;
  return [...list.slice(0, i), ...list.slice(i + 1)];
}

function once(fn: () => void): Unsubscribe {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
