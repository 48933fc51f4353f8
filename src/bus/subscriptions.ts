import { AmasError } from '../core/index.ts';
import { EVENT_TYPES } from './types.ts';
import type { EventHandler, EventType } from './types.ts';

export type Unsubscribe = () => void;

export const TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);
export const EMPTY: readonly EventHandler[] = [];

/**
 * Who listens to what: broadcast subscribers by type, catch-all subscribers, observers of
 * targeted events, passive watchers and each agent's targeted subscriptions. Handler lists are
 * replaced (never mutated) on (un)subscribe, so delivery iterates them without copying; the
 * lists are read by delivery (delivery.ts) and written only here.
 */
export class Subscriptions {
  readonly byType = new Map<EventType, readonly EventHandler[]>();
  catchAll: readonly EventHandler[] = EMPTY;
  /** Catch-all subscribers that also see targeted events without being their taker. */
  observers: readonly EventHandler[] = EMPTY;
  /** Watchers of every delivered event that never count as its taker (`subscribeAll` with `passive`). */
  watchers: readonly EventHandler[] = EMPTY;
  readonly byAgent = new Map<string, Map<EventType | '*', readonly EventHandler[]>>();

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

  /** Whether an event of `type` (targeted at `target`, or broadcast) would reach any subscriber right now. */
  hasTakers(type: EventType, target?: string): boolean {
    if (target !== undefined) {
      const m = this.byAgent.get(target);
      return this.observers.length > 0 || m?.get(type) !== undefined || m?.get('*') !== undefined;
    }
    return this.catchAll.length > 0 || this.byType.get(type) !== undefined;
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
