import { describe, expect, it } from 'vitest';
import { AlertState } from '../../../src/monitor/alerts.ts';
import { DEFAULT_THRESHOLDS, levelOf, resolveThresholds } from '../../../src/monitor/index.ts';

const T = { warning: 0.1, critical: 0.25 };

describe('thresholds', () => {
  it('defaults are the guide’s, overridable per level in amas.yaml', () => {
    expect(DEFAULT_THRESHOLDS).toMatchObject({
      agent_failure_rate: { warning: 0.1, critical: 0.25 },
      workflow_completion_time: { warning: 300, critical: 900 },
      knowledge_storage_rate: { warning: 100, critical: 500 },
      response_time: { warning: 2, critical: 5 },
      cpu_usage: { warning: 70, critical: 90 },
      memory_usage: { warning: 80, critical: 95 },
      disk_usage: { warning: 85, critical: 95 },
    });
    const t = resolveThresholds({ thresholds: { cpu_usage: { critical: 99 }, response_time: { warning: 1, critical: 3 } } });
    expect(t.cpu_usage).toEqual({ warning: 70, critical: 99 });
    expect(t.response_time).toEqual({ warning: 1, critical: 3 });
    expect(t.disk_usage).toEqual({ warning: 85, critical: 95 });
  });

  it('a value at a level is in it; no data is ok', () => {
    expect(levelOf(0.0999, T)).toBe('ok');
    expect(levelOf(0.1, T)).toBe('warning');
    expect(levelOf(0.25, T)).toBe('critical');
    expect(levelOf(null, T)).toBe('ok');
    expect(levelOf(Number.NaN, T)).toBe('ok');
  });
});

describe('AlertState (edge-triggered)', () => {
  it('alerts on crossing, on each level change, once on recovery, never while a level holds', () => {
    const s = new AlertState('p');
    const seen: string[] = [];
    const step = (level: 'ok' | 'warning' | 'critical', value: number, t: number) => {
      const n = s.update('agent_failure_rate', level, value, 'ratio', T, t);
      if (n) seen.push(`${n.kind}:${n.previous}->${n.level}`);
      return n;
    };
    expect(step('ok', 0, 1)).toBeUndefined();
    const first = step('warning', 0.12, 2)!;
    step('warning', 0.15, 3);
    const up = step('critical', 0.3, 4)!;
    step('critical', 0.4, 5);
    step('warning', 0.2, 6);
    const rec = step('ok', 0.05, 7)!;
    step('ok', 0.01, 8);
    expect(seen).toEqual(['alert:ok->warning', 'alert:warning->critical', 'alert:critical->warning', 'recovery:warning->ok']);
    // One id for the whole episode, a new one for the next.
    expect(up.id).toBe(first.id);
    expect(rec.id).toBe(first.id);
    expect(s.list()).toEqual([]);
    const again = step('critical', 1, 9)!;
    expect(again.id).not.toBe(first.id);
    expect(s.list()).toMatchObject([{ metric: 'agent_failure_rate', level: 'critical', since: 9 }]);
    expect(again.message).toBe('agent_failure_rate is critical: 1 (critical at 0.25)');
  });
});
