import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/cli/status-format.ts';
import type { Snapshot, WorkflowSpec } from '../../../src/core/index.ts';
import { plannedSchedule } from '../../../src/runtime/index.ts';
import type { ProjectModel } from '../../../src/spec/index.ts';

function model(workflows: WorkflowSpec[]): ProjectModel {
  return {
    dir: '/p',
    project: {},
    agents: new Map(),
    workflows: new Map(workflows.map((w) => [w.id, { spec: w, file: `workflows.d/${w.id}.yaml`, hash: w.id }])),
    files: new Map(),
  };
}

const wf = (id: string, on: WorkflowSpec['on']): WorkflowSpec => ({ id, on, steps: [{ id: 's', task: 't' }] }) as WorkflowSpec;

describe('plannedSchedule (amas schedule without a runtime)', () => {
  const now = Date.UTC(2025, 2, 8, 12, 0, 0); // the day before the US spring-forward
  it('computes next fires in the trigger zone, keeps stored last fires, and none while paused', () => {
    const m = model([
      wf('daily', [{ cron: '30 2 * * *', timezone: 'America/New_York' }]),
      wf('often', [{ cron: '*/20 * * * * *', misfire: 'skip' }, { manual: {} }]),
      wf('held', [{ cron: '0 9 * * *' }]),
      wf('events', [{ event: 'data_update' }]),
    ]);
    const states = new Map([
      ['held', { workflowId: 'held', paused: true, triggers: { 'cron:0 9 * * *@UTC': { since: 0, lastFire: now - 3 * 3600_000, lastOutcome: 'succeeded' as const } }, updatedAt: 0 }],
    ]);
    const list = plannedSchedule(m, states, now);
    expect(list.map((e) => e.workflowId)).toEqual(['often', 'daily', 'held']);
    const by = new Map(list.map((e) => [e.workflowId, e]));
    expect(by.get('often')).toMatchObject({ nextFire: now + 20_000, misfire: 'skip', paused: false, timezone: 'UTC' });
    // 02:30 does not exist on 2025-03-09 in New York: it fires once, at 03:30 EDT (07:30Z).
    expect(by.get('daily')?.nextFire).toBe(Date.UTC(2025, 2, 9, 7, 30));
    expect(by.get('held')).toEqual({
      workflowId: 'held', triggerKey: 'cron:0 9 * * *@UTC', cron: '0 9 * * *', timezone: 'UTC', lastFire: now - 3 * 3600_000, lastOutcome: 'succeeded', paused: true, misfire: 'run-once',
    });
    expect(by.has('events')).toBe(false);
  });
});

describe('formatStatus', () => {
  const snap: Snapshot = {
    version: 1, takenAt: 100_000, state: 'running', project: { name: 'demo', dir: '/p' }, startedAt: 40_000, health: 'healthy',
    counts: { agents: 1, agentsWorking: 1, workflows: 1, runsActive: 1, runsCompleted: 3, runsFailed: 1, events: 9, alertsActive: 0 },
    lastReload: { at: 90_000, ok: false, diagnostics: [{ file: 'workflows.d/a.yaml', line: 7, column: 5, severity: 'error', code: 'AMAS101', message: 'unknown key "bogus"' }] },
    agents: [{ id: 'writer', domain: null, status: 'working', inFlight: 1, concurrency: 2, completed: 3, failed: 1, avgMs: 1500, p95Ms: 2000, lastActivity: 99_000, capabilities: ['write', 'edit'] }],
    workflows: [{ id: 'a', description: null, triggers: [{ kind: 'cron', detail: '0 * * * *' }], inputs: [], nextFire: 160_000, lastOutcome: { runId: 'r0', status: 'failed', at: 70_000 }, paused: false, activeRuns: 1 }],
    runs: [{ id: 'r1', workflowId: 'a', status: 'running', trigger: 'cron', startedAt: 95_000, endedAt: null, progress: { done: 1, total: 3 }, steps: [], error: null }],
    events: [], alerts: [],
  };
  it('shows uptime, the rejected change with file:line, agents, workflows and active runs', () => {
    const text = formatStatus(snap);
    expect(text).toContain('state: running, up 1m0s');
    expect(text).toContain('spec: 1 error in the last change (the last good spec keeps running)');
    expect(text).toContain('  workflows.d/a.yaml:7:5 AMAS101 unknown key "bogus"');
    expect(text).toMatch(/writer\s+working\s+1\/2\s+3\s+1\s+1\.5s\s+write, edit/);
    expect(text).toMatch(/a\s+cron 0 \* \* \* \*\s+1970-01-01 00:02:40Z \(in 1m0s\)\s+failed 30s ago\s+active, 1 running/);
    expect(text).toMatch(/r1\s+a\s+running\s+1\/3\s+5\.0s ago/);
  });
  it('offline: says how to start it and lists unfinished runs as resuming', () => {
    const text = formatStatus({ ...snap, state: 'offline', lastReload: { at: 0, ok: true, diagnostics: [] } });
    expect(text).toContain('not running (start it with `amas up`)');
    expect(text).toContain('UNFINISHED RUNS (resume on the next amas up)');
    expect(text).not.toContain('spec:');
  });
  it('a PostgreSQL store: lists the queue workers with load, counters and heartbeat age, and marks a stale one', () => {
    const w = { host: 'node-1', pid: 11, concurrency: 8, startedAt: 0, readAt: 100_000 };
    const text = formatStatus({
      ...snap,
      workers: [
        { ...w, id: 'w-node-1-11-aa', inFlight: 3, completed: 120, failed: 2, heartbeatAt: 99_000, heartbeatAgeMs: 1000, stale: false },
        { ...w, id: 'w-node-2-12-bb', host: 'node-2', pid: 12, inFlight: 1, completed: 7, failed: 0, heartbeatAt: 91_000, heartbeatAgeMs: 9000, stale: true },
      ],
    });
    expect(text).toMatch(/WORKERS\nID\s+HOST\s+PID\s+IN FLIGHT\s+DONE\s+FAILED\s+HEARTBEAT/);
    expect(text).toMatch(/w-node-1-11-aa\s+node-1\s+11\s+3\/8\s+120\s+2\s+1\.0s ago\n/);
    expect(text).toMatch(/w-node-2-12-bb\s+node-2\s+12\s+1\/8\s+7\s+0\s+9\.0s ago STALE/);
    expect(text).toContain('1 stale: no heartbeat for over 6.0s');
  });
  it('no workers: fine while amas up executes steps, a note when it does not (--no-work); no section on the embedded store', () => {
    expect(formatStatus({ ...snap, workers: [] })).toContain('WORKERS\n  (none: amas up executes the steps itself)');
    expect(formatStatus({ ...snap, workers: [], work: false })).toContain('(none: steps wait — this amas up executes no steps itself, --no-work)');
    expect(formatStatus(snap)).not.toContain('WORKERS');
  });
});

describe('formatStatus on a PostgreSQL store', () => {
  const base: Snapshot = {
    version: 1, takenAt: 100_000, state: 'running', project: { name: 'demo', dir: '/p' }, startedAt: 40_000, health: 'healthy',
    counts: { agents: 0, agentsWorking: 0, workflows: 0, runsActive: 0, runsCompleted: 0, runsFailed: 0, events: 0, alertsActive: 0 },
    lastReload: null, agents: [], workflows: [], runs: [], events: [], alerts: [],
  };
  it('shows the role and every process with the age of its heartbeat', () => {
    const text = formatStatus({
      ...base,
      role: 'standby',
      processes: [
        { id: 'a:1:x', role: 'leader', host: 'a', pid: 1, heartbeatAgeMs: 1500 },
        { id: 'b:2:y', role: 'standby', host: 'b', pid: 2, heartbeatAgeMs: 200 },
      ],
    });
    expect(text).toContain('role: standby');
    expect(text).toMatch(/PROCESSES\nID\s+ROLE\s+HOST\s+PID\s+HEARTBEAT\na:1:x\s+leader\s+a\s+1\s+1\.5s ago\nb:2:y\s+standby\s+b\s+2\s+200ms ago/);
  });
  it('offline with processes elsewhere says no amas up runs on this machine', () => {
    const text = formatStatus({ ...base, state: 'offline', processes: [{ id: 'a:1:x', role: 'leader', host: 'a', pid: 1, heartbeatAgeMs: 100 }] });
    expect(text).toContain('no amas up on this machine');
    expect(text).not.toContain('role:');
  });
});
