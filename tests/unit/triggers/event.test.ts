import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/bus/index.ts';
import { ManualClock } from '../../../src/core/index.ts';
import { eventTriggersFor, matchEvent, valueAtPath } from '../../../src/triggers/index.ts';
import { workflow } from './helpers.ts';

describe('matchEvent', () => {
  const ev = { type: 'data_update', data: { source: 'crm', order: { total: 120, tags: ['vip', 'eu'], items: [{ sku: 'A1' }] }, 'x.y': 7 } };

  it('needs the same event type; no where matches every event of it', () => {
    expect(matchEvent({ event: 'data_update' }, ev)).toBe(true);
    expect(matchEvent({ event: 'task_complete' }, ev)).toBe(false);
    expect(matchEvent({ cron: '* * * * *' }, ev)).toBe(false);
  });

  it('applies equality filters on dotted paths, all of which must hold', () => {
    expect(matchEvent({ event: 'data_update', where: { source: 'crm', 'order.total': 120 } }, ev)).toBe(true);
    expect(matchEvent({ event: 'data_update', where: { source: 'crm', 'order.total': 121 } }, ev)).toBe(false);
    expect(matchEvent({ event: 'data_update', where: { 'order.items.0.sku': 'A1' } }, ev)).toBe(true);
    expect(matchEvent({ event: 'data_update', where: { 'order.total': '120' } }, ev)).toBe(false); // no type coercion
    expect(matchEvent({ event: 'data_update', where: { 'x.y': 7 } }, ev)).toBe(true); // a literal dotted key
  });

  it('an array lists allowed values; an equal array also matches', () => {
    expect(matchEvent({ event: 'data_update', where: { source: ['erp', 'crm'] } }, ev)).toBe(true);
    expect(matchEvent({ event: 'data_update', where: { source: ['erp', 'shop'] } }, ev)).toBe(false);
    expect(matchEvent({ event: 'data_update', where: { 'order.tags': ['vip', 'eu'] } }, ev)).toBe(true);
  });

  it('compares objects deeply; a missing path fails unless the filter is null', () => {
    expect(matchEvent({ event: 'data_update', where: { 'order.items': [[{ sku: 'A1' }]] } }, ev)).toBe(true);
    expect(matchEvent({ event: 'data_update', where: { 'order.missing': 1 } }, ev)).toBe(false);
    expect(matchEvent({ event: 'data_update', where: { 'order.missing': null } }, ev)).toBe(true);
    expect(matchEvent({ event: 'data_update', where: { 'source.deeper': 'x' } }, ev)).toBe(false);
    expect(matchEvent({ event: 'data_update', where: { source: 'crm' } }, { type: 'data_update' })).toBe(false);
  });

  it('valueAtPath prefers a literal key and walks arrays by index', () => {
    expect(valueAtPath({ a: { b: [1, { c: 2 }] } }, 'a.b.1.c')).toBe(2);
    expect(valueAtPath({ 'a.b': { c: 3 } }, 'a.b.c')).toBe(3);
  });

  it('routes real bus events to the workflows whose triggers match', async () => {
    const specs = [
      workflow('crm-sync', [{ event: 'data_update', where: { source: 'crm' }, inputs: { mode: 'delta' } }]),
      workflow('all-updates', [{ cron: '0 * * * *' }, { event: 'data_update' }]),
      workflow('errors', [{ event: 'error_occurred' }]),
    ];
    const bus = new EventBus({ clock: new ManualClock(0) });
    const started: string[] = [];
    bus.subscribe('*', (e) => {
      for (const m of eventTriggersFor(specs, e)) started.push(`${m.workflowId} ${m.triggerKey} ${JSON.stringify(m.inputs)}`);
    });
    bus.publish({ type: 'data_update', source: 'test', data: { source: 'crm' } });
    bus.publish({ type: 'data_update', source: 'test', data: { source: 'erp' } });
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['crm-sync event:0 {"mode":"delta"}', 'all-updates event:1 {}', 'all-updates event:1 {}']);
  });
});
