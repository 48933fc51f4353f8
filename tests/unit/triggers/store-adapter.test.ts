import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { embeddedBackend, openStore } from '../../../src/store/index.ts';
import { CronScheduler, storeTriggerState, type CronFire } from '../../../src/triggers/index.ts';
import { HOUR, MIN, at, iso, workflow } from './helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('storeTriggerState over the real store', () => {
  it('keeps last fire, outcome and pause across a close and reopen, and catches up from there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-triggers-'));
    dirs.push(dir);
    const file = path.join(dir, 'amas.db');
    const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
    const specs = [workflow('cron', [{ cron: '*/10 * * * *' }, { cron: '0 0 1 1 *' }]), workflow('held', [{ cron: '* * * * *' }])];

    const s1 = await openStore(file, { clock });
    const fires1: CronFire[] = [];
    const a = new CronScheduler({ clock, store: storeTriggerState(embeddedBackend(s1).triggers), onFire: (f) => void fires1.push(f) });
    await a.start(specs);
    await a.pause('held');
    clock.advance(20 * MIN);
    a.recordOutcome('cron', 'cron:*/10 * * * *@UTC', 'succeeded');
    a.setWorkflows([workflow('cron', [{ cron: '*/10 * * * *' }]), specs[1]!]); // the yearly trigger goes
    await a.stop();
    await s1.close();
    expect(fires1.map((f) => iso(f.scheduledTime))).toEqual(['2025-01-01T00:10:00.000Z', '2025-01-01T00:20:00.000Z']);

    clock.advance(HOUR);
    const s2 = await openStore(file, { clock });
    expect(s2.triggers.isPaused('held')).toBe(true);
    expect(s2.triggers.get('cron', 'cron:*/10 * * * *@UTC')).toMatchObject({ lastFire: at('2025-01-01T00:20:00Z'), lastOutcome: 'succeeded' });
    expect(s2.triggers.get('cron', 'cron:0 0 1 1 *@UTC')!.data).toEqual({ removed: true });
    const fires2: CronFire[] = [];
    const b = new CronScheduler({ clock, store: storeTriggerState(embeddedBackend(s2).triggers), onFire: (f) => void fires2.push(f) });
    await b.start(specs);
    expect(b.isPaused('held')).toBe(true);
    // Only the */10 trigger had state: it catches up once (run-once); the yearly one was removed, so starts fresh.
    expect(fires2.map((f) => `${f.triggerKey} ${iso(f.scheduledTime)} ${f.reason}`)).toEqual([
      'cron:*/10 * * * *@UTC 2025-01-01T01:20:00.000Z misfire',
    ]);
    const entry = b.list().find((e) => e.triggerKey === 'cron:*/10 * * * *@UTC')!;
    expect(entry.lastOutcome).toBe('fired');
    await b.stop();
    const row = s2.triggers.get('cron', 'cron:*/10 * * * *@UTC')!;
    expect(row.lastFire).toBe(at('2025-01-01T01:20:00Z'));
    await s2.close();
  });
});
