import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/bus/index.ts';
import { startFixture, webhookReceiver, type Harness } from './http-api-harness.ts';

let h: Harness;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
const busAlerts: BusEvent[] = [];

beforeAll(async () => {
  hook = await webhookReceiver();
  h = await startFixture({ ALERT_URL: hook.url, ALERT_TOKEN: 'tok-secret-42' }, { http: false });
  h.rt.project.bus.subscribeAll((e) => {
    if (e.type === 'system_status' && e.source === 'monitor') busAlerts.push(e);
  });
});
afterAll(async () => {
  await h?.close();
  await hook?.close();
});

async function runBroken(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const o = h.rt.startRun({ workflow: 'broken', inputs: {}, origin: { kind: 'manual' } });
    const r = await h.rt.waitFor(o.runId);
    expect(r?.status).toBe('failed');
  }
}

describe('threshold alerts', () => {
  it('a failure burst raises one critical alert, held without repeats, then one recovery when it ages out', async () => {
    const monitor = h.rt.monitoring!.monitor!;
    expect((await monitor.health()).status).toBe('healthy');
    await runBroken(3);

    h.clock.advance(30_000); // one collection: 3 of 3 tasks failed
    await monitor.flush();
    expect(hook.received).toHaveLength(1);
    const alert = hook.received[0]!;
    expect(alert.body).toMatchObject({ kind: 'alert', metric: 'agent_failure_rate', level: 'critical', previous: 'ok', value: 1, unit: 'ratio', project: 'monitor-fixture' });
    expect(alert.body.threshold).toEqual({ warning: 0.2, critical: 0.5 });
    expect(alert.headers['x-alert-token']).toBe('tok-secret-42');
    expect(alert.headers['content-type']).toBe('application/json');

    const report = await monitor.health();
    expect(report.status).toBe('critical');
    expect(report.metrics.agent_failure_rate).toMatchObject({ value: 1, status: 'critical' });
    expect(report.alerts.map((a) => a.metric)).toEqual(['agent_failure_rate']);
    const snap = h.rt.getSnapshot();
    expect(snap.health).toBe('critical');
    expect(snap.alerts[0]).toMatchObject({ metric: 'agent_failure_rate', level: 'critical', active: true });
    expect(busAlerts).toHaveLength(1);
    expect(busAlerts[0]).toMatchObject({ priority: 'high', data: { kind: 'alert', metric: 'agent_failure_rate' } });
    expect(h.logs.some((l) => l.level === 'error' && l.msg.startsWith('alert: agent_failure_rate is critical'))).toBe(true);

    // Still in the window: the condition holds and nothing is sent again.
    h.clock.advance(120_000);
    await monitor.flush();
    expect(hook.received).toHaveLength(1);
    expect((await monitor.health()).status).toBe('critical');

    // The failures age out of the 5-minute window: one recovery.
    h.clock.advance(300_000);
    await monitor.flush();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.body).toMatchObject({ kind: 'recovery', metric: 'agent_failure_rate', level: 'ok', previous: 'critical', id: alert.body.id });
    expect((await monitor.health()).status).toBe('healthy');
    expect(h.rt.getSnapshot().alerts[0]).toMatchObject({ metric: 'agent_failure_rate', active: false });
    expect(busAlerts.map((e) => (e.data as { kind: string }).kind)).toEqual(['alert', 'alert_resolved']);

    h.clock.advance(600_000);
    await monitor.flush();
    expect(hook.received).toHaveLength(2);
  });

  it('keeps the metric history in the store', async () => {
    const monitor = h.rt.monitoring!.monitor!;
    const hist = await monitor.history('agent_failure_rate');
    expect(hist.map((s) => s.value)).toContain(1);
    const cpu = await monitor.history('cpu_usage');
    // One sample at start plus one per 30 s collection of the injected clock.
    expect(cpu.length).toBeGreaterThan(30);
    expect(cpu.every((s) => s.value === 5)).toBe(true);
  });
});

describe('token rate', () => {
  it('counts the tokens llm executors report', async () => {
    const { sendJson, startServer } = await import('../unit/executors/server.ts');
    const srv = await startServer((_req, res) =>
      sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: '{"text":"hi"}' }, finish_reason: 'stop' }], usage: { prompt_tokens: 40, completion_tokens: 20 } }),
    );
    const t = await startFixture({ LLM_BASE_URL: `${srv.url}/v1`, LLM_API_KEY: 'k-1234' }, { http: false });
    try {
      for (let i = 0; i < 3; i++) {
        const o = t.rt.startRun({ workflow: 'think', inputs: {}, origin: { kind: 'manual' } });
        expect((await t.rt.waitFor(o.runId))?.status).toBe('completed');
      }
      t.clock.advance(60_000);
      // 180 tokens over the one minute since start.
      expect((await t.rt.monitoring!.monitor!.health()).metrics.tokens_rate.value).toBe(180);
    } finally {
      await t.close();
      await srv.close();
    }
  });
});
