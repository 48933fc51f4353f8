import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/bus/index.ts';
import type { BusEvent } from '../../../src/bus/index.ts';
import { ManualClock, memoryLogger } from '../../../src/core/index.ts';
import type { LogLevel } from '../../../src/core/index.ts';

function collect(into: string[], tag = '') {
  return (e: BusEvent) => {
    into.push(`${tag}${String((e.data as { n?: unknown })?.n ?? e.type)}`);
  };
}

describe('EventBus ordering', () => {
  it('delivers higher priorities first and FIFO within one priority', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('data_update', collect(seen));
    bus.publish({ type: 'data_update', priority: 'low', data: { n: 'low1' } });
    bus.publish({ type: 'data_update', data: { n: 'normal1' } });
    bus.publish({ type: 'data_update', priority: 'urgent', data: { n: 'urgent1' } });
    bus.publish({ type: 'data_update', priority: 'high', data: { n: 'high1' } });
    bus.publish({ type: 'data_update', priority: 'low', data: { n: 'low2' } });
    bus.publish({ type: 'data_update', priority: 'urgent', data: { n: 'urgent2' } });
    bus.publish({ type: 'data_update', data: { n: 'normal2' } });
    expect(seen).toEqual([]); // publish never delivers synchronously
    await bus.drain();
    expect(seen).toEqual(['urgent1', 'urgent2', 'high1', 'normal1', 'normal2', 'low1', 'low2']);
  });

  it('returns a unique, time-ordered id and stamps the event', async () => {
    const clock = new ManualClock();
    const bus = new EventBus({ clock });
    const a = bus.publish({ type: 'agent_message', source: 'a1', data: 1 });
    clock.advance(5);
    const b = bus.publish({ type: 'agent_message', data: 2 });
    expect(a).not.toBe(b);
    expect(a < b).toBe(true);
    const [ea, eb] = bus.history();
    expect(ea).toMatchObject({ id: a, type: 'agent_message', priority: 'normal', source: 'a1', timestamp: clock.now() - 5 });
    expect(eb).toMatchObject({ id: b, source: 'system', data: 2 });
  });

  it('rejects unknown types and priorities with a clear error', () => {
    const bus = new EventBus();
    expect(() => bus.publish({ type: 'nope' as never })).toThrow(/unknown event type "nope"/);
    expect(() => bus.publish({ type: 'data_update', priority: 'asap' as never })).toThrow(/unknown priority "asap"/);
  });

  it('lets an urgent event published during delivery overtake queued normal ones', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('task_request', () => {
      bus.publish({ type: 'data_update', priority: 'low', data: { n: 'follow-low' } });
      bus.publish({ type: 'data_update', priority: 'urgent', data: { n: 'follow-urgent' } });
    });
    bus.subscribe('data_update', collect(seen));
    bus.publish({ type: 'task_request' });
    bus.publish({ type: 'data_update', data: { n: 'normal' } });
    await bus.drain();
    expect(seen).toEqual(['follow-urgent', 'normal', 'follow-low']);
  });
});

describe('EventBus routing', () => {
  it('sends a targeted event only to the target agent subscribers', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('task_request', collect(seen, 'writer:'), { agentId: 'writer' });
    bus.subscribe('task_request', collect(seen, 'editor:'), { agentId: 'editor' });
    bus.subscribe('task_request', collect(seen, 'broadcast:'));
    bus.subscribeAll(collect(seen, 'all:'));
    bus.publish({ type: 'task_request', target: 'writer', data: { n: 1 } });
    await bus.drain();
    expect(seen).toEqual(['writer:1']);
  });

  it('sends a broadcast to that type subscribers and every catch-all, not to agent subscriptions', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('data_update', collect(seen, 'type:'));
    bus.subscribe('system_status', collect(seen, 'other:'));
    bus.subscribe('data_update', collect(seen, 'writer:'), { agentId: 'writer' });
    bus.subscribeAll(collect(seen, 'all:'));
    bus.publish({ type: 'data_update', data: { n: 7 } });
    await bus.drain();
    expect(seen).toEqual(['type:7', 'all:7']);
  });

  it('lets an agent take every type targeted at it with "*", and observers watch targeted traffic', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('*', collect(seen, 'writer:'), { agentId: 'writer' });
    bus.subscribeAll(collect(seen, 'feed:'), { includeTargeted: true });
    bus.publish({ type: 'agent_message', target: 'writer', data: { n: 1 } });
    bus.publish({ type: 'task_request', target: 'writer', data: { n: 2 } });
    await bus.drain();
    expect(seen.sort()).toEqual(['feed:1', 'feed:2', 'writer:1', 'writer:2']);
  });

  it('stops delivering after unsubscribe, also mid-delivery', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    let off2 = () => {};
    bus.subscribe('data_update', () => {
      seen.push('h1');
      off2();
    });
    off2 = bus.subscribe('data_update', () => void seen.push('h2'));
    bus.publish({ type: 'data_update' });
    bus.publish({ type: 'data_update' });
    await bus.drain();
    // h2 was still in the list being iterated for the first event, gone for the second
    expect(seen).toEqual(['h1', 'h2', 'h1']);
  });
});

describe('EventBus expiry, history, dedupe', () => {
  it('drops expired events instead of delivering them and counts them', async () => {
    const clock = new ManualClock();
    const bus = new EventBus({ clock });
    const seen: string[] = [];
    bus.subscribe('data_update', collect(seen));
    bus.publish({ type: 'data_update', data: { n: 'stale' }, expiresAt: clock.now() - 1 });
    bus.publish({ type: 'data_update', data: { n: 'ttl' }, ttlMs: 10 });
    bus.publish({ type: 'data_update', data: { n: 'fresh' }, ttlMs: 1000 });
    clock.advance(10); // ttl expires between publish and delivery
    await bus.drain();
    expect(seen).toEqual(['fresh']);
    expect(bus.stats()).toMatchObject({ published: 3, expired: 2, delivered: 1 });
  });

  it('keeps a bounded history and filters it by type, since and limit', () => {
    const clock = new ManualClock();
    const bus = new EventBus({ clock, historySize: 5 });
    for (let i = 0; i < 8; i++) {
      bus.publish({ type: i % 2 ? 'data_update' : 'agent_message', data: i });
      clock.advance(1);
    }
    const all = bus.history();
    expect(all.map((e) => e.data)).toEqual([3, 4, 5, 6, 7]);
    expect(bus.history({ type: 'data_update' }).map((e) => e.data)).toEqual([3, 5, 7]);
    expect(bus.history({ since: all[3]!.timestamp }).map((e) => e.data)).toEqual([6, 7]);
    expect(bus.history({ limit: 2 }).map((e) => e.data)).toEqual([6, 7]);
    expect(bus.history({ type: 'agent_message', limit: 1 }).map((e) => e.data)).toEqual([6]);
  });

  it('keeps 1000 events by default', () => {
    const bus = new EventBus();
    for (let i = 0; i < 1500; i++) bus.publish({ type: 'data_update', data: i, transient: true });
    const h = bus.history();
    expect(h).toHaveLength(1000);
    expect(h[0]!.data).toBe(500);
  });

  it('drops a repeat of a dedupe key within the window and returns the first id', async () => {
    const clock = new ManualClock();
    const bus = new EventBus({ clock, dedupeWindowMs: 1000 });
    const seen: string[] = [];
    bus.subscribe('external_trigger', collect(seen));
    const first = bus.publish({ type: 'external_trigger', dedupeKey: 'hook-1', data: { n: 'a' } });
    clock.advance(999);
    expect(bus.publish({ type: 'external_trigger', dedupeKey: 'hook-1', data: { n: 'b' } })).toBe(first);
    bus.publish({ type: 'external_trigger', dedupeKey: 'hook-2', data: { n: 'c' } });
    clock.advance(1);
    const later = bus.publish({ type: 'external_trigger', dedupeKey: 'hook-1', data: { n: 'd' } });
    expect(later).not.toBe(first);
    await bus.drain();
    expect(seen).toEqual(['a', 'c', 'd']);
    expect(bus.stats().deduplicated).toBe(1);
  });
});

describe('EventBus failures', () => {
  it('isolates a failing subscriber: logged, others still receive the event', async () => {
    const logs: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] = [];
    const bus = new EventBus({ logger: memoryLogger(logs) });
    const seen: string[] = [];
    bus.subscribe('data_update', () => {
      throw new Error('sync boom');
    });
    bus.subscribe('data_update', () => Promise.reject(new Error('async boom')));
    bus.subscribe('data_update', collect(seen, 'ok:'));
    bus.publish({ type: 'data_update', data: { n: 1 } });
    bus.publish({ type: 'data_update', data: { n: 2 } });
    await bus.drain();
    expect(seen).toEqual(['ok:1', 'ok:2']);
    expect(bus.stats().subscriberErrors).toBe(4);
    expect(bus.deadLetters()).toEqual([]);
    const warnings = logs.filter((l) => l.msg === 'event subscriber failed').map((l) => l.fields?.error);
    expect(warnings.sort()).toEqual(['async boom', 'async boom', 'sync boom', 'sync boom']);
  });

  it('dead-letters a targeted event with no subscriber, but not an unheard broadcast', async () => {
    const letters: string[] = [];
    const bus = new EventBus({ onDeadLetter: (l) => void letters.push(l.event.id) });
    const id = bus.publish({ type: 'task_request', target: 'ghost' });
    bus.publish({ type: 'data_update' });
    await bus.drain();
    const dl = bus.deadLetters();
    expect(dl).toHaveLength(1);
    expect(dl[0]).toMatchObject({ reason: 'no_subscriber', event: { id, target: 'ghost' } });
    expect(letters).toEqual([id]);
  });

  it('dead-letters an event every subscriber failed on, with their errors', async () => {
    const bus = new EventBus();
    bus.subscribe('task_request', () => {
      throw new Error('first');
    }, { agentId: 'w' });
    bus.subscribe('task_request', async () => {
      await Promise.resolve();
      throw new Error('second');
    }, { agentId: 'w' });
    const id = bus.publish({ type: 'task_request', target: 'w' });
    await bus.drain();
    expect(bus.deadLetters()).toEqual([
      expect.objectContaining({ reason: 'all_subscribers_failed', errors: ['first', 'second'], event: expect.objectContaining({ id }) }),
    ]);
  });

  it('drain waits for async subscribers to settle', async () => {
    const bus = new EventBus();
    let done = false;
    bus.subscribe('data_update', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done = true;
    });
    bus.publish({ type: 'data_update' });
    await bus.drain();
    expect(done).toBe(true);
  });
});

describe('EventBus persistence sink', () => {
  it('hands every accepted non-transient event to persist and survives a failing sink', async () => {
    const logs: { level: LogLevel; msg: string }[] = [];
    const persisted: string[] = [];
    let fail = true;
    const bus = new EventBus({
      logger: memoryLogger(logs),
      persist: (e) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        persisted.push(String(e.data));
      },
    });
    const seen: unknown[] = [];
    bus.subscribe('data_update', (e) => void seen.push(e.data));
    bus.publish({ type: 'data_update', data: 'a' });
    bus.publish({ type: 'data_update', data: 'b' });
    bus.publish({ type: 'data_update', data: 'c', transient: true });
    bus.publish({ type: 'data_update', data: 'd', dedupeKey: 'k' });
    bus.publish({ type: 'data_update', data: 'e', dedupeKey: 'k' });
    await bus.drain();
    expect(persisted).toEqual(['b', 'd']);
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(logs.some((l) => l.level === 'error' && l.msg === 'event persistence failed')).toBe(true);
  });
});

describe('EventBus passive watchers', () => {
  it('see broadcast and targeted events but are no taker: hasTakers stays false and an untaken targeted event is still a dead letter', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribeAll(collect(seen), { passive: true });
    expect(bus.hasTakers('task_complete')).toBe(false);
    expect(bus.hasTakers('task_complete', 'agent-a')).toBe(false);
    bus.publish({ type: 'data_update', data: { n: 'broadcast' } });
    bus.publish({ type: 'agent_message', target: 'agent-a', data: { n: 'targeted' } });
    await bus.drain();
    expect(seen).toEqual(['broadcast', 'targeted']);
    expect(bus.deadLetters().map((d) => [d.event.target, d.reason])).toEqual([['agent-a', 'no_subscriber']]);
    const taker: string[] = [];
    bus.subscribeAll(collect(taker));
    expect(bus.hasTakers('task_complete')).toBe(true);
  });
});
