// The vocabulary lives in core (one list for bus, triggers, TUI, CLI, MCP and HTTP).
import { EVENT_TYPES, PRIORITIES, type EventPriority, type EventType } from '../core/index.ts';
export { EVENT_TYPES, PRIORITIES, type EventType };
export type Priority = EventPriority;

/** An event as stored in history and handed to subscribers. Treat it as read-only. */
export interface BusEvent<D = unknown> {
  readonly id: string;
  readonly type: EventType;
  readonly priority: Priority;
  /** Who published it: an agent id, `engine`, `cli`, `trigger:<id>`… */
  readonly source: string;
  /** When set, only the subscribers of this agent id receive it. */
  readonly target?: string;
  readonly data: D;
  /** Epoch ms (from the bus clock). */
  readonly timestamp: number;
  /** Epoch ms after which the event is dropped instead of delivered. */
  readonly expiresAt?: number;
  /** Events with the same key within the bus's dedupe window are dropped (the first one wins). */
  readonly dedupeKey?: string;
  /** Ties related events together (e.g. a run id). */
  readonly correlationId?: string;
  /** Not handed to the persistence sink (high-frequency or purely local events). */
  readonly transient?: boolean;
}

export interface PublishInput<D = unknown> {
  type: EventType;
  data?: D;
  priority?: Priority;
  source?: string;
  target?: string;
  /** Absolute expiry (epoch ms); `ttlMs` is the relative form. */
  expiresAt?: number;
  ttlMs?: number;
  dedupeKey?: string;
  correlationId?: string;
  transient?: boolean;
}

/** A subscriber; it may be async. A throw or a rejection is logged and isolated. */
export type EventHandler = (event: BusEvent) => void | Promise<void>;

export type DeadLetterReason = 'no_subscriber' | 'all_subscribers_failed';

/** An event nobody could take. */
export interface DeadLetter {
  readonly event: BusEvent;
  readonly reason: DeadLetterReason;
  /** Messages of the subscribers' errors (for `all_subscribers_failed`). */
  readonly errors: readonly string[];
  readonly at: number;
}

export interface HistoryQuery {
  type?: EventType;
  source?: string;
  target?: string;
  /** Only events with timestamp >= since (epoch ms). */
  since?: number;
  /** The newest `limit` matches (still returned oldest first). */
  limit?: number;
}

export interface BusStats {
  published: number;
  delivered: number;
  expired: number;
  deduplicated: number;
  deadLettered: number;
  subscriberErrors: number;
  /** Events waiting to be delivered right now. */
  queued: number;
}
